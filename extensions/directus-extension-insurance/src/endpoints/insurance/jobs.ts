// POST /insurance/jobs/:name/run {as_of?}: runs one job, or `all` in order, now; administrators
// only. A past as_of catches up after downtime. Answers the count of each transition per job.
import Joi from 'joi';
import type { Router } from 'express';
import type { EndpointExtensionContext } from '@directus/extensions';
import { ForbiddenError } from '@directus/errors';
import { DateTime } from 'luxon';
import type { Platform } from '../../data/engine';
import { JOB_SELECTIONS, runJobs, type JobSelection } from '../../data/jobs';
import { route, validate } from './http';

const params = Joi.object({ name: Joi.string().valid(...JOB_SELECTIONS).required() }).unknown(true);
const body = Joi.object({
	as_of: Joi.string()
		.pattern(/^\d{4}-\d{2}-\d{2}$/)
		.custom((value: string, helpers) => (DateTime.fromISO(value).isValid ? value : helpers.error('any.invalid')))
		.allow(null)
		.messages({ 'string.pattern.base': 'must be a date as YYYY-MM-DD', 'any.invalid': 'is not a calendar date' }),
});

export function registerJobs(router: Router, context: EndpointExtensionContext) {
	const platform: Platform = context;
	router.post(
		'/jobs/:name/run',
		route(async (req, res) => {
			if (!req.accountability?.admin) throw new ForbiddenError({ reason: 'Only administrators may run insurance jobs' });
			const { name } = validate(params, req.params);
			const { as_of } = validate(body, req.body);
			const report = await runJobs(platform, { job: name as JobSelection, asOf: as_of, source: `endpoint:${req.accountability.user ?? 'token'}` });
			res.json({ data: report });
		}),
	);
}
