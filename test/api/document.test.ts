// The document and the validation agree value by value: every body the fuzzer derives from a
// documented request schema is accepted by the route's joi schema exactly when the document
// accepts it. No server needed: this pins the generator (joi-to-json and what it adds).
import type Joi from 'joi';
import { describe, expect, it } from 'vitest';
import { lifecycles } from '../../extensions/directus-extension-insurance/src/domain/lifecycles';
import { actionRoutes } from '../../extensions/directus-extension-insurance/src/endpoints/insurance/actions';
import { actionSchemas, escalateSchema, intakeSchema, messageSchema } from '../../extensions/directus-extension-insurance/src/endpoints/insurance/claims';
import { fieldBody } from '../../extensions/directus-extension-insurance/src/endpoints/insurance/fields';
import { jobBody } from '../../extensions/directus-extension-insurance/src/endpoints/insurance/jobs';
import { insuranceOpenApi } from '../../extensions/directus-extension-insurance/src/endpoints/insurance/openapi';
import { actionBody, cancellationBody, transitionBody } from '../../extensions/directus-extension-insurance/src/endpoints/insurance/transitions';
import { acceptsValue, fuzzRequests, type OpenApiDocument } from '../helpers/fuzz';

const document = insuranceOpenApi('http://localhost') as unknown as OpenApiDocument;

/** Each documented body and the joi schema its route validates with. */
const BODIES: Record<string, Joi.ObjectSchema> = {
	'/insurance/policies/{id}/transition': transitionBody(lifecycles.policy),
	'/insurance/policies/{id}/cancel': cancellationBody(lifecycles.policy),
	'/insurance/master-policies/{id}/transition': transitionBody(lifecycles.master_policy),
	'/insurance/master-policies/{id}/cancel': cancellationBody(lifecycles.master_policy),
	'/insurance/master-policies/{id}/{action}': actionBody,
	'/insurance/change-requests/{id}/{action}': actionBody,
	'/insurance/jobs/{name}/run': jobBody,
	'/insurance/claims': intakeSchema,
	'/insurance/claims/escalate-overdue': escalateSchema,
	'/insurance/claims/{id}/messages': messageSchema,
	'/insurance/fields/{collection}': fieldBody,
	...Object.fromEntries(actionRoutes().map(({ path, body }) => [path, body])),
	...Object.fromEntries(Object.keys(document.paths).flatMap((path) => (path.match(/^\/insurance\/claims\/\{id\}\/(?!messages$|actions$)([\w-]+)$/) ? [[path, actionSchemas[path.split('/').pop()!] ?? actionBody]] : []))),
};

/**
 * Values the fuzzer only tries where the document already forbids them (it sends '' only to a
 * field with a minLength): each in turn in every field of the fuzzer's base body, at any depth.
 */
const PROBES = ['', '   ', null, 'x'.repeat(6000), -1, 0, 1.5, 2 ** 31, '2026-02-30', ' 2026-03-01'];
function probes(body: unknown): unknown[] {
	if (Array.isArray(body)) return body.length ? probes(body[0]).map((item) => [item]) : [];
	if (typeof body !== 'object' || body === null) return PROBES;
	return Object.entries(body).flatMap(([key, value]) => probes(value).map((probe) => ({ ...body, [key]: probe })));
}

describe('the request schemas of /insurance/openapi.json', () => {
	it('are listed here, every one', () => {
		const documented = Object.entries(document.paths).flatMap(([path, item]) => (Object.values(item).some((operation) => operation.requestBody) ? [path] : []));
		expect(Object.keys(BODIES).sort()).toEqual(documented.sort());
	});

	it.each(Object.entries(BODIES))('%s: the route accepts a fuzzed body exactly when the document does', (path, joi) => {
		const schema = document.paths[path]!['post']!.requestBody!.content!['application/json']!.schema!;
		// Only objects and arrays reach a route: Directus' JSON parser refuses any other body.
		const fuzzed = fuzzRequests(document, (p) => p === path).flatMap(({ request }) => (typeof request.body === 'object' && request.body !== null ? [request.body] : []));
		// The base body is valid, so that each probe is the one thing wrong with a body.
		expect(joi.validate(fuzzed[0]).error).toBeUndefined();
		const bodies = [...fuzzed, ...probes(fuzzed[0])];
		expect(bodies.length).toBeGreaterThanOrEqual(PROBES.length + 5);
		const disagreements = bodies.filter((body) => !joi.validate(body).error !== acceptsValue(document, schema, body));
		expect(disagreements).toEqual([]);
	});
});
