import { defineEndpoint } from '@directus/extensions-sdk';
import { registerActions } from './actions';
import { registerBenefits } from './benefits';
import { registerClaims } from './claims';
import { registerFields } from './fields';
import { registerJobs } from './jobs';
import { registerLifecycles } from './lifecycles';
import { registerOpenApi } from './openapi';
import { registerPortal } from './portal';
import { registerTransitions } from './transitions';

// Everything under /insurance; each concern registers its own routes.
export default defineEndpoint({
	id: 'insurance',
	handler: (router, context) => {
		registerLifecycles(router, context);
		registerTransitions(router, context);
		registerJobs(router, context);
		registerPortal(router, context);
		registerClaims(router, context);
		registerBenefits(router, context);
		registerFields(router, context);
		registerActions(router, context);
		registerOpenApi(router, context);
	},
});
