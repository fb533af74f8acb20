import type { Router } from 'express';
import type { EndpointExtensionContext } from '@directus/extensions';
import { lifecycles } from '../../domain/lifecycles';

/** GET /insurance/lifecycles: the transition tables, exactly as the guard and the jobs use them. */
export function registerLifecycles(router: Router, _context: EndpointExtensionContext) {
	router.get('/lifecycles', (_req, res) => {
		res.json({ data: lifecycles });
	});
}
