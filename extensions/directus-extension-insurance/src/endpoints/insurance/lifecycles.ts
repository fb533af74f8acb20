import type { Router } from 'express';
import type { EndpointExtensionContext } from '@directus/extensions';
import { ALL_JOB_NAMES, lifecycles } from '../../domain/lifecycles';

/**
 * GET /insurance/lifecycles: the transition tables, exactly as the guard and the jobs use them,
 * and (meta.jobs) every named job, including those that move no status themselves.
 */
export function registerLifecycles(router: Router, _context: EndpointExtensionContext) {
	router.get('/lifecycles', (_req, res) => {
		res.json({ data: lifecycles, meta: { jobs: ALL_JOB_NAMES } });
	});
}
