import { defineEndpoint } from '@directus/extensions-sdk';
import { registerLifecycles } from './lifecycles';
import { registerTransitions } from './transitions';

// Everything under /insurance; each concern registers its own routes.
export default defineEndpoint({
	id: 'insurance',
	handler: (router, context) => {
		registerLifecycles(router, context);
		registerTransitions(router, context);
	},
});
