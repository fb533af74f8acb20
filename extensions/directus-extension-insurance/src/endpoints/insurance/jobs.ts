// POST /insurance/jobs/:name/run {as_of?}: runs one job, or `all` in order, now; administrators
// only. A past as_of catches up after downtime. Answers the count of each transition per job.
import Joi from 'joi';
import type { Router } from 'express';
import type { EndpointExtensionContext } from '@directus/extensions';
import { ForbiddenError } from '@directus/errors';
import type { Platform } from '../../data/engine';
import { JOB_SELECTIONS, runJobs, type JobSelection } from '../../data/jobs';
import { isoDay, route, validate } from './http';

export const jobParams = Joi.object({ name: Joi.string().valid(...JOB_SELECTIONS).required() }).unknown(true);
/** Without as_of the run is for today in the insurer's time zone. */
export const jobBody = Joi.object({ as_of: isoDay });

export function registerJobs(router: Router, context: EndpointExtensionContext) {
	const platform: Platform = context;
	router.post(
		'/jobs/:name/run',
		route(async (req, res) => {
			if (!req.accountability?.admin) throw new ForbiddenError({ reason: 'Only administrators may run insurance jobs' });
			const { name } = validate(jobParams, req.params);
			const { as_of } = validate(jobBody, req.body);
			const report = await runJobs(platform, { job: name as JobSelection, asOf: as_of, source: `endpoint:${req.accountability.user ?? 'token'}` });
			res.json({ data: report });
		}),
	);
}
