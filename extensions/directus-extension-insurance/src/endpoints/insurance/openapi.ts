// GET /insurance/openapi.json: our endpoints for integrators' client generators and fuzzers,
// beside the document Directus serves for the collections (/server/specs/oas). Request schemas
// are generated from the joi schemas the routes validate with, and enumerations come from the
// lifecycle tables, so the document cannot drift from what the server enforces.
import type { Router } from 'express';
import type Joi from 'joi';
import parseJoi from 'joi-to-json';
import type { EndpointExtensionContext } from '@directus/extensions';
import { TRIGGER_KINDS, lifecycles, type Lifecycle } from '../../domain/lifecycles';
import { CLAIM_ACTIONS } from '../../data/claims/review';
import { JOB_SELECTIONS } from '../../data/jobs';
import { ACTION_COLLECTIONS, actionRoutes } from './actions';
import { actionSchemas, escalateSchema, intakeSchema, messageSchema, reasonOnly } from './claims';
import { fieldBody, fieldParams } from './fields';
import { idParams } from './http';
import { jobBody, jobParams } from './jobs';
import { benefitsQuery } from './benefits';
import { timelineParams } from './portal';
import { actionBody, actionsOf, cancellationBody, transitionBody } from './transitions';

type Schema = Record<string, unknown>;
interface JoiDescription {
	type?: string;
	allow?: unknown[];
	flags?: { only?: boolean };
	rules?: { name: string; args?: { limit?: number } }[];
	metas?: Record<string, unknown>[];
	keys?: Record<string, JoiDescription>;
	items?: JoiDescription[];
}

/** The JSON Schema (OpenAPI 3.1) of a joi schema: what the route accepts, exactly. */
export function schemaOf(joi: Joi.Schema): Schema {
	return refine(joi.describe() as JoiDescription, parseJoi(joi, 'open-api-3.1'));
}

/**
 * Spells out what joi checks without a JSON Schema keyword of its own: strings are non-empty
 * unless '' is allowed, trimmed text must hold a visible character, and a custom rule documents
 * its accepted values in `.meta({ openapi })` beside its code.
 */
function refine(description: JoiDescription, schema: Schema): Schema {
	const documented = description.metas?.find((meta) => meta['openapi'])?.['openapi'];
	if (documented) return documented as Schema;
	if (description.type === 'string' && !description.flags?.only) {
		if (!description.allow?.includes('') && !((schema['minLength'] as number) >= 1)) schema['minLength'] = 1;
		const trimmed = description.rules?.some((rule) => rule.name === 'trim');
		const required = description.rules?.some((rule) => rule.name === 'min' && (rule.args?.limit ?? 0) >= 1);
		if (trimmed && required && !schema['pattern']) schema['pattern'] = '\\S';
	}
	const properties = schema['properties'] as Record<string, Schema> | undefined;
	for (const [key, child] of Object.entries(description.keys ?? {})) if (properties?.[key]) properties[key] = refine(child, properties[key]!);
	if (description.items?.[0] && schema['items']) schema['items'] = refine(description.items[0], schema['items'] as Schema);
	return schema;
}

/** Path parameters of a route, from the joi schema its handler validates `req.params` with. */
function pathParameters(joi: Joi.ObjectSchema, extra: Record<string, Schema> = {}) {
	const properties = { ...(schemaOf(joi)['properties'] as Record<string, Schema>), ...extra };
	return Object.entries(properties).map(([name, schema]) => ({ name, in: 'path', required: true, schema }));
}

/** Query parameters of a route, from the joi schema its handler validates `req.query` with. */
function queryParameters(joi: Joi.ObjectSchema) {
	const schema = schemaOf(joi);
	const required = (schema['required'] as string[] | undefined) ?? [];
	return Object.entries(schema['properties'] as Record<string, Schema>).map(([name, property]) => ({ name, in: 'query', required: required.includes(name), schema: property }));
}

/** A JSON request body; required when the schema requires any field. */
function requestBody(joi: Joi.ObjectSchema) {
	const schema = schemaOf(joi);
	return { required: Array.isArray(schema['required']) && schema['required'].length > 0, content: json(schema) };
}

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema) => ({ 'application/json': { schema } });
const data = (schema: Schema): Schema => ({ type: 'object', required: ['data'], properties: { data: schema } });

const REFUSALS = {
	'400': 'Bad input (the message names the field and the problem), or a transition the lifecycle does not allow',
	'401': 'The token is invalid or expired',
	'403': 'Not signed in, or not allowed',
	'404': 'No such item visible to the caller',
	'409': 'The item changed meanwhile, or its business state refuses the request',
} as const;
type Refusal = keyof typeof REFUSALS;

/** The success answer and the refusals an operation can give, each with its body schema. */
function responses(status: '200' | '201', description: string, body: Schema, refusals: Refusal[]) {
	const answers: Record<string, unknown> = { [status]: { description, content: json(body) } };
	for (const code of refusals) answers[code] = { description: REFUSALS[code], content: json(ref('Errors')) };
	return answers;
}

/** Every refusal an operation on one item can meet. */
const ON_ITEM: Refusal[] = ['400', '401', '403', '404', '409'];

function statusTransition(lifecycle: Lifecycle, tag: string) {
	return {
		post: {
			tags: [tag],
			summary: `Move a ${lifecycle.label} to another status (manual transitions of the lifecycle)`,
			parameters: pathParameters(idParams),
			requestBody: requestBody(transitionBody(lifecycle)),
			responses: responses('200', 'The transition made', data(ref('TransitionResult')), ON_ITEM),
		},
	};
}

function cancellation(lifecycle: Lifecycle, tag: string) {
	return {
		post: {
			tags: [tag],
			summary: `Cancel a ${lifecycle.label}; the reason type and its current status decide the final status`,
			parameters: pathParameters(idParams),
			requestBody: requestBody(cancellationBody(lifecycle)),
			responses: responses('200', 'The cancellation made', data(ref('CancellationResult')), ON_ITEM),
		},
	};
}

function namedAction(lifecycle: Lifecycle, tag: string) {
	return {
		post: {
			tags: [tag],
			summary: `Fire a named action of the ${lifecycle.label} lifecycle`,
			parameters: pathParameters(idParams, { action: { type: 'string', enum: actionsOf(lifecycle) } }),
			requestBody: requestBody(actionBody),
			responses: responses('200', 'The transition made', data(ref('ActionResult')), ON_ITEM),
		},
	};
}

/** One operation per claim action, since each action takes its own body. */
function claimAction(action: string) {
	return {
		post: {
			tags: ['Claims'],
			summary: `Claim action "${action}"`,
			parameters: pathParameters(idParams),
			requestBody: requestBody(actionSchemas[action] ?? reasonOnly),
			responses: responses('200', 'The claim after the action', data(ref('Claim')), ON_ITEM),
		},
	};
}

/** The actions of one item, for the app's buttons and the portal. */
function itemActions(collection: string) {
	return {
		get: {
			tags: ['Actions'],
			summary: `What the caller may do on one of the ${collection} now: each action with its label, target status and the inputs its dialog asks for`,
			parameters: pathParameters(idParams),
			responses: responses('200', 'The actions offered now (empty when none)', data({ type: 'array', items: ref('AvailableAction') }), ['400', '401', '403', '404']),
		},
	};
}

/** One operation per action, since each takes its own body. */
function performItemAction(collection: string, action: string, body: Joi.ObjectSchema) {
	return {
		post: {
			tags: ['Actions'],
			summary: `Perform "${action}" on one of the ${collection} (403 without a grant for it, TRANSITION_NOT_ALLOWED when its status does not offer it)`,
			parameters: pathParameters(idParams),
			requestBody: requestBody(body),
			responses: responses('200', 'The status before and after', data(ref('ActionResult')), ON_ITEM),
		},
	};
}

const nullableString: Schema = { type: ['string', 'null'] };
const actionInput: Schema = {
	type: 'object',
	required: ['name', 'label', 'type', 'required'],
	properties: {
		name: { type: 'string' },
		label: { type: 'string' },
		type: { type: 'string', enum: ['string', 'text', 'date', 'amount', 'integer', 'choice', 'list'] },
		required: { type: 'boolean' },
		maxLength: { type: 'integer' },
		choices: { type: 'array', items: { type: 'object', required: ['value', 'label'], properties: { value: { type: 'string' }, label: { type: 'string' }, to: nullableString } } },
		fields: { type: 'array', items: { $ref: '#/components/schemas/ActionInput' } },
	},
};

export function insuranceOpenApi(serverUrl: string) {
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
				get: {
					tags: ['Lifecycles'],
					summary: 'The transition tables of every lifecycle',
					security: [],
					responses: responses('200', 'Lifecycles by name', data({ type: 'object', additionalProperties: ref('Lifecycle') }), ['401']),
				},
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
					parameters: pathParameters(jobParams),
					requestBody: requestBody(jobBody),
					responses: responses('200', 'What the run changed, per transition', data(ref('JobRunReport')), ['400', '401', '403', '409']),
				},
			},
			'/insurance/policies/{id}/benefits': {
				get: {
					tags: ['Policies'],
					summary: 'What the policy year has used and has left of each benefit, the deductible and the coverage',
					parameters: [...pathParameters(idParams), ...queryParameters(benefitsQuery)],
					responses: responses('200', 'The benefit balances of the policy year', data(ref('BenefitBalances')), ['400', '401', '403', '404']),
				},
			},
			'/insurance/claims': {
				post: {
					tags: ['Claims'],
					summary: 'File a claim with its lines; it is submitted to the claims department',
					requestBody: requestBody(intakeSchema),
					responses: responses('201', 'The submitted claim', data(ref('Claim')), ON_ITEM),
				},
			},
			'/insurance/claims/escalate-overdue': {
				post: {
					tags: ['Claims'],
					summary: 'Flag claims past their decision due date and escalate them to managers now (administrators only)',
					requestBody: requestBody(escalateSchema),
					responses: responses('200', 'The claims escalated', data({ type: 'object', required: ['escalated'], properties: { escalated: { type: 'array', items: { type: 'integer' } } } }), ['400', '401', '403']),
				},
			},
			'/insurance/claims/{id}/messages': {
				post: {
					tags: ['Claims'],
					summary: 'Add to the conversation; a client answer to an information request resumes the review',
					parameters: pathParameters(idParams),
					requestBody: requestBody(messageSchema),
					responses: responses('201', 'The conversation', data({ type: 'array', items: ref('Item') }), ON_ITEM),
				},
			},
			...Object.fromEntries(CLAIM_ACTIONS.map((action) => [`/insurance/claims/{id}/${action}`, claimAction(action)])),
			'/insurance/fields/{collection}': {
				post: {
					tags: ['Data model'],
					summary: 'Add a plain field to a business collection (Business Admin); grant it to roles in the app to show it',
					parameters: pathParameters(fieldParams),
					requestBody: requestBody(fieldBody),
					responses: responses('201', 'The field created', data(ref('Field')), ['400', '401', '403']),
				},
			},
			...Object.fromEntries(ACTION_COLLECTIONS.map((collection) => [`/insurance/${collection}/{id}/actions`, itemActions(collection)])),
			...Object.fromEntries(actionRoutes().map(({ collection, action, path, body }) => [path, performItemAction(collection, action, body)])),
			'/insurance/portal': {
				get: {
					tags: ['Portal'],
					summary: 'The client portal (HTML page; sign in with a Client login)',
					security: [],
					responses: { '200': { description: 'The portal page', content: { 'text/html': { schema: { type: 'string' } } } }, '401': { description: REFUSALS['401'], content: json(ref('Errors')) } },
				},
			},
			'/insurance/portal/timeline/{collection}/{id}': {
				get: {
					tags: ['Portal'],
					summary: "The status timeline of one of the caller's policies or claims",
					parameters: pathParameters(timelineParams),
					responses: responses('200', 'Transitions, oldest first', data({ type: 'array', items: ref('TimelineEntry') }), ['400', '401', '403', '404']),
				},
			},
			'/insurance/openapi.json': {
				get: { tags: ['Meta'], summary: 'This document', security: [], responses: responses('200', 'OpenAPI 3.1', { type: 'object', required: ['openapi', 'paths'] }, ['401']) },
			},
		},
		components: {
			securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A Directus access token or static token' } },
			schemas: {
				TransitionResult: transitionResult({}),
				CancellationResult: transitionResult({ reason_type: { type: 'string' }, effective_date: { type: 'string', format: 'date' } }),
				ActionResult: transitionResult({ action: { type: 'string' } }),
				AvailableAction: {
					type: 'object',
					required: ['action', 'to', 'label', 'description', 'inputs'],
					properties: { action: { type: 'string' }, to: nullableString, label: { type: 'string' }, description: { type: 'string' }, inputs: { type: 'array', items: ref('ActionInput') } },
				},
				ActionInput: actionInput,
				JobRunReport: {
					type: 'object',
					required: ['run', 'job', 'as_of', 'transitions', 'total'],
					properties: {
						run: { type: 'integer' },
						job: { type: 'string', enum: JOB_SELECTIONS },
						as_of: { type: 'string', format: 'date' },
						transitions: { type: 'object', description: 'Per job, the count of each transition, e.g. {"policies: Proposal → Withdraw": 3}', additionalProperties: { type: 'object', additionalProperties: { type: 'integer', minimum: 1 } } },
						total: { type: 'integer', minimum: 0 },
					},
					additionalProperties: false,
				},
				Item: { type: 'object', description: 'An item with the fields the caller may read', required: ['id'], properties: { id: { type: 'integer' } } },
				Claim: {
					type: 'object',
					description: 'The claim with the fields the caller may read, its lines and its conversation',
					required: ['id'],
					properties: { id: { type: 'integer' }, status: { type: 'string', enum: lifecycles.claim.statuses }, lines: { type: 'array', items: ref('Item') }, messages: { type: 'array', items: ref('Item') } },
				},
				Field: { type: 'object', required: ['collection', 'field', 'type'], properties: { collection: { type: 'string' }, field: { type: 'string' }, type: { type: 'string' }, meta: { type: ['object', 'null'] }, schema: { type: ['object', 'null'] } } },
				BenefitBalances: {
					type: 'object',
					required: ['policy', 'currency', 'policy_year', 'deductible', 'coverage', 'benefits'],
					properties: {
						policy: { type: 'integer' },
						currency: nullableString,
						policy_year: { type: 'object', required: ['begin_date', 'end_date'], properties: { begin_date: { type: 'string', format: 'date' }, end_date: { type: 'string', format: 'date' } } },
						deductible: { type: 'object', required: ['annual_deductible', 'used', 'left'], properties: { annual_deductible: { type: 'string' }, used: { type: 'string' }, left: { type: 'string' } } },
						coverage: { type: 'object', required: ['coverage_limit', 'used', 'left'], properties: { coverage_limit: nullableString, used: { type: 'string' }, left: nullableString } },
						benefits: {
							type: 'array',
							description: 'Per kind of care the product covers',
							items: {
								type: 'object',
								required: ['kind', 'annual_limit', 'used', 'left', 'annual_quantity_limit', 'quantity_used', 'quantity_left'],
								properties: {
									kind: { type: 'string' },
									annual_limit: nullableString,
									used: { type: 'string' },
									left: nullableString,
									annual_quantity_limit: { type: ['integer', 'null'] },
									quantity_used: { type: 'integer', minimum: 0 },
									quantity_left: { type: ['integer', 'null'] },
								},
							},
						},
					},
				},
				TimelineEntry: {
					type: 'object',
					required: ['to_status', 'trigger', 'occurred_at'],
					properties: { from_status: nullableString, to_status: { type: 'string' }, trigger: { type: 'string', description: 'created, manual, automatic, cancellation or the name of the job' }, reason: nullableString, occurred_at: { type: 'string' } },
				},
				Lifecycle: {
					type: 'object',
					required: ['name', 'label', 'statuses', 'initial', 'final', 'transitions'],
					properties: {
						name: { type: 'string' },
						label: { type: 'string' },
						collections: { type: 'array', items: { type: 'string' } },
						statuses: { type: 'array', items: { type: 'string' } },
						initial: { type: 'string' },
						final: { type: 'array', items: { type: 'string' } },
						cancellationReasons: { type: 'array', items: { type: 'string' } },
						transitions: {
							type: 'array',
							items: {
								type: 'object',
								required: ['from', 'to', 'trigger'],
								properties: {
									from: { type: 'string' },
									to: { type: 'string' },
									trigger: { type: 'string', enum: [...TRIGGER_KINDS] },
									job: { type: 'string' },
									reasonType: { type: 'string' },
									coolingOff: { type: 'string', enum: ['within', 'outside'] },
									systemMayStart: { type: 'boolean' },
									action: { type: 'string' },
									right: { type: 'string', description: 'The transition_permissions action a person needs to start it' },
									description: { type: 'string' },
								},
							},
						},
					},
				},
				Errors: {
					type: 'object',
					description: 'How Directus answers every refusal',
					required: ['errors'],
					properties: {
						errors: {
							type: 'array',
							minItems: 1,
							items: {
								type: 'object',
								required: ['message', 'extensions'],
								properties: { message: { type: 'string' }, extensions: { type: 'object', required: ['code'], properties: { code: { type: 'string' } }, additionalProperties: true } },
							},
						},
					},
				},
			},
		},
	};
}

function transitionResult(extra: Record<string, Schema>): Schema {
	return {
		type: 'object',
		required: ['item', 'from', 'to', ...Object.keys(extra)],
		properties: { item: { type: 'integer' }, from: { type: 'string' }, to: { type: 'string' }, ...extra },
		additionalProperties: false,
	};
}

export function registerOpenApi(router: Router, context: EndpointExtensionContext) {
	// The document is the same for every request: build it once.
	let document: ReturnType<typeof insuranceOpenApi> | undefined;
	router.get('/openapi.json', (_req, res) => {
		document ??= insuranceOpenApi(String(context.env['PUBLIC_URL'] ?? '/').replace(/\/$/, ''));
		res.json(document);
	});
}
