// GET /insurance/openapi.json: our endpoints for integrators' client generators, beside the
// document Directus serves for the collections (/server/specs/oas). Enumerations come from the
// lifecycle tables, so the document cannot drift from what the guard enforces.
import type { Router } from 'express';
import type { EndpointExtensionContext } from '@directus/extensions';
import { JOB_NAMES, TRIGGER_KINDS, lifecycles, type Lifecycle } from '../../domain/lifecycles';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema) => ({ 'application/json': { schema } });
const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
const date: Schema = { type: 'string', format: 'date' };
const errors = {
	'400': { description: 'Bad input or a transition the lifecycle does not allow; the message names the field or the statuses', content: json(ref('Errors')) },
	'403': { description: 'Not signed in, or not allowed', content: json(ref('Errors')) },
	'404': { description: 'No such item visible to the caller', content: json(ref('Errors')) },
	'409': { description: 'The item changed meanwhile, or its business state refuses the request', content: json(ref('Errors')) },
};
const ok = (description: string, data: Schema = { type: 'object' }) => ({ '200': { description, content: json({ type: 'object', properties: { data } }) }, ...errors });
const body = (schema: Schema) => ({ required: true, content: json(schema) });
const actions = (lifecycle: Lifecycle) => [...new Set(lifecycle.transitions.flatMap((rule) => (rule.action ? [rule.action] : [])))];

function statusTransition(lifecycle: Lifecycle, tag: string) {
	return {
		post: {
			tags: [tag],
			summary: `Move a ${lifecycle.label} to another status (manual transitions of the lifecycle)`,
			parameters: [idParameter],
			requestBody: body({ type: 'object', required: ['to'], properties: { to: { type: 'string', enum: lifecycle.statuses }, reason: { type: 'string', maxLength: 2000 } } }),
			responses: ok('The transition made', ref('TransitionResult')),
		},
	};
}

function cancellation(lifecycle: Lifecycle, tag: string) {
	return {
		post: {
			tags: [tag],
			summary: `Cancel a ${lifecycle.label}; the reason type and its current status decide the final status`,
			parameters: [idParameter],
			requestBody: body({
				type: 'object',
				required: ['reason_type', 'effective_date'],
				properties: { reason_type: { type: 'string', enum: lifecycle.cancellationReasons }, effective_date: date, note: { type: 'string', maxLength: 2000 } },
			}),
			responses: ok('The cancellation made', ref('TransitionResult')),
		},
	};
}

function namedAction(lifecycle: Lifecycle, tag: string) {
	return {
		post: {
			tags: [tag],
			summary: `Fire a named action of the ${lifecycle.label} lifecycle`,
			parameters: [idParameter, { name: 'action', in: 'path', required: true, schema: { type: 'string', enum: actions(lifecycle) } }],
			requestBody: { content: json({ type: 'object', properties: { reason: { type: 'string', maxLength: 2000 } } }) },
			responses: ok('The transition made', ref('TransitionResult')),
		},
	};
}

const claimLine: Schema = {
	type: 'object',
	required: ['kind', 'description', 'service_date', 'quantity', 'unit_amount'],
	properties: {
		kind: { type: 'string', enum: ['medication', 'consultation', 'hospital', 'other'] },
		description: { type: 'string' },
		service_date: date,
		quantity: { type: 'integer', minimum: 1 },
		unit_amount: { oneOf: [{ type: 'number' }, { type: 'string' }], description: 'Decimal, at most 2 decimals' },
		receipt: { type: 'string', format: 'uuid', description: 'A file uploaded to /files' },
	},
};

export function insuranceOpenApi(serverUrl: string) {
	const claimActions = actions(lifecycles.claim);
	return {
		openapi: '3.1.0',
		info: {
			title: 'Insurance policy administration and claims',
			version: '1.0.0',
			description: 'Lifecycle actions, cancellations, jobs and claims. Items themselves are read and written through the Directus REST and GraphQL API (/server/specs/oas).',
		},
		servers: [{ url: serverUrl }],
		security: [{ bearer: [] }],
		paths: {
			'/insurance/lifecycles': {
				get: { tags: ['Lifecycles'], summary: 'The transition tables of every lifecycle', security: [], responses: { '200': { description: 'Lifecycles by name', content: json({ type: 'object', properties: { data: { type: 'object', additionalProperties: ref('Lifecycle') } } }) } } },
			},
			'/insurance/policies/{id}/transition': statusTransition(lifecycles.policy, 'Policies'),
			'/insurance/policies/{id}/cancel': cancellation(lifecycles.policy, 'Policies'),
			'/insurance/master-policies/{id}/transition': statusTransition(lifecycles.master_policy, 'Master policies'),
			'/insurance/master-policies/{id}/cancel': cancellation(lifecycles.master_policy, 'Master policies'),
			'/insurance/master-policies/{id}/{action}': namedAction(lifecycles.master_policy, 'Master policies'),
			'/insurance/change-requests/{id}/{action}': namedAction(lifecycles.change_request, 'Change requests'),
			'/insurance/jobs/{name}/run': {
				post: {
					tags: ['Jobs'],
					summary: 'Run a daily job (or all of them, in order) now, for today or a past date (administrators only)',
					parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string', enum: ['all', ...JOB_NAMES] } }],
					requestBody: { content: json({ type: 'object', properties: { as_of: date } }) },
					responses: ok('What the run changed, per transition'),
				},
			},
			'/insurance/claims': {
				post: {
					tags: ['Claims'],
					summary: 'File a claim with its lines; it is submitted to the claims department',
					requestBody: body({ type: 'object', required: ['policy', 'lines'], properties: { policy: { type: 'integer' }, client: { type: 'integer' }, channel: { type: 'string', enum: ['portal', 'call_center', 'api'] }, lines: { type: 'array', minItems: 1, items: claimLine } } }),
					responses: { '201': { description: 'The submitted claim', content: json({ type: 'object', properties: { data: { type: 'object' } } }) }, ...errors },
				},
			},
			'/insurance/claims/escalate-overdue': {
				post: {
					tags: ['Claims'],
					summary: 'Flag claims past their decision due date and escalate them to managers now (administrators only)',
					requestBody: { content: json({ type: 'object', properties: { as_of: date } }) },
					responses: ok('How many claims were escalated'),
				},
			},
			'/insurance/claims/{id}/messages': {
				post: {
					tags: ['Claims'],
					summary: 'Add to the conversation; a client answer to an information request resumes the review',
					parameters: [idParameter],
					requestBody: body({ type: 'object', required: ['body'], properties: { body: { type: 'string', maxLength: 5000 } } }),
					responses: { '201': { description: 'The conversation', content: json({ type: 'object', properties: { data: { type: 'array', items: { type: 'object' } } } }) }, ...errors },
				},
			},
			'/insurance/claims/{id}/{action}': {
				post: {
					tags: ['Claims'],
					summary: 'Fire a claim action: take, request-information {message}, approve {lines, decision_note}, reject {decision_note}, pay {payment_reference}, withdraw...',
					parameters: [idParameter, { name: 'action', in: 'path', required: true, schema: { type: 'string', enum: claimActions } }],
					requestBody: { content: json({ type: 'object' }) },
					responses: ok('The claim after the action'),
				},
			},
			'/insurance/fields/{collection}': {
				post: {
					tags: ['Data model'],
					summary: 'Add a plain field to a business collection (Business Admin); grant it to roles in the app to show it',
					parameters: [{ name: 'collection', in: 'path', required: true, schema: { type: 'string' } }],
					requestBody: body({ type: 'object', required: ['field', 'type'], properties: { field: { type: 'string' }, type: { type: 'string' }, meta: { type: 'object' } } }),
					responses: ok('The field created'),
				},
			},
			'/insurance/portal': {
				get: { tags: ['Portal'], summary: 'The client portal (HTML page; sign in with a Client login)', security: [], responses: { '200': { description: 'The portal page', content: { 'text/html': {} } } } },
			},
			'/insurance/portal/timeline/{collection}/{id}': {
				get: {
					tags: ['Portal'],
					summary: "The status timeline of one of the caller's policies or claims",
					parameters: [{ name: 'collection', in: 'path', required: true, schema: { type: 'string', enum: ['policies', 'claims'] } }, idParameter],
					responses: ok('Transitions, oldest first', { type: 'array', items: { type: 'object' } }),
				},
			},
			'/insurance/openapi.json': { get: { tags: ['Meta'], summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1' } } } },
		},
		components: {
			securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A Directus access token or static token' } },
			schemas: {
				TransitionResult: { type: 'object', properties: { item: { type: 'integer' }, from: { type: 'string' }, to: { type: 'string' } } },
				Lifecycle: {
					type: 'object',
					properties: {
						statuses: { type: 'array', items: { type: 'string' } },
						initial: { type: 'string' },
						final: { type: 'array', items: { type: 'string' } },
						transitions: { type: 'array', items: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' }, trigger: { type: 'string', enum: [...TRIGGER_KINDS] }, job: { type: 'string' }, reasonType: { type: 'string' }, action: { type: 'string' }, roles: { type: 'array', items: { type: 'string' } } } } },
					},
				},
				Errors: {
					type: 'object',
					properties: { errors: { type: 'array', items: { type: 'object', properties: { message: { type: 'string' }, extensions: { type: 'object', properties: { code: { type: 'string' } }, additionalProperties: true } } } } },
				},
			},
		},
	};
}

export function registerOpenApi(router: Router, context: EndpointExtensionContext) {
	router.get('/openapi.json', (_req, res) => {
		res.json(insuranceOpenApi(String(context.env['PUBLIC_URL'] ?? '/').replace(/\/$/, '')));
	});
}
