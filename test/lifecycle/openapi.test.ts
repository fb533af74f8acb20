// The OpenAPI document describes our endpoints with the enumerations the guard enforces and
// the constraints the validation enforces (test/api/fuzz.test.ts checks it against the server).
import { describe, expect, it } from 'vitest';
import { ADMIN, directusUrl } from '../helpers/clients';

const CLAIM_ACTIONS = ['submit', 'take', 'request-information', 'resume-review', 'approve', 'refer-to-manager', 'reject', 'pay', 'withdraw'];
/** The actions of each lifecycle collection, for GET and POST /insurance/:collection/:id/actions. */
const ITEM_ACTIONS: Record<string, string[]> = {
	policies: ['enforce', 'withdraw', 'cancel'],
	master_policies: ['quote-and-bind', 'cancel'],
	installments: [],
	master_installments: [],
	policy_change_requests: ['register', 'cancel', 'accept', 'decline'],
	claims: CLAIM_ACTIONS,
	refunds: ['pay'],
};

describe('GET /insurance/openapi.json', () => {
	it('describes every /insurance endpoint, with lifecycle enumerations', async () => {
		const response = await fetch(`${directusUrl()}/insurance/openapi.json`);
		expect(response.status).toBe(200);
		const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, { enum?: string[] }> } }> }; parameters?: { name: string; schema: { enum?: string[] } }[] }>> };
		expect(document.openapi).toBe('3.1.0');
		expect(Object.keys(document.paths).sort()).toEqual(
			[
				'/insurance/lifecycles',
				'/insurance/policies/{id}/transition',
				'/insurance/policies/{id}/cancel',
				'/insurance/master-policies/{id}/transition',
				'/insurance/master-policies/{id}/cancel',
				'/insurance/master-policies/{id}/{action}',
				'/insurance/change-requests/{id}/{action}',
				'/insurance/jobs/{name}/run',
				'/insurance/claims',
				'/insurance/claims/escalate-overdue',
				'/insurance/claims/{id}/messages',
				...CLAIM_ACTIONS.map((action) => `/insurance/claims/{id}/${action}`),
				'/insurance/fields/{collection}',
				'/insurance/portal',
				'/insurance/portal/timeline/{collection}/{id}',
				'/insurance/openapi.json',
				'/insurance/policies/{id}/benefits',
				...Object.entries(ITEM_ACTIONS).flatMap(([collection, actions]) => [`/insurance/${collection}/{id}/actions`, ...actions.map((action) => `/insurance/${collection}/{id}/actions/${action}`)]),
			].sort(),
		);
		const lifecycles = (await (await fetch(`${directusUrl()}/insurance/lifecycles`)).json()).data;
		const cancel = document.paths['/insurance/policies/{id}/cancel']!['post']!.requestBody!.content['application/json']!.schema.properties;
		expect(cancel['reason_type']!.enum).toEqual(lifecycles.policy.cancellationReasons);
		const transition = document.paths['/insurance/policies/{id}/transition']!['post']!.requestBody!.content['application/json']!.schema.properties;
		expect(transition['to']!.enum).toEqual(lifecycles.policy.statuses);
		const changeActions = document.paths['/insurance/change-requests/{id}/{action}']!['post']!.parameters!.find((p) => p.name === 'action')!.schema.enum;
		expect(changeActions).toEqual(['register', 'cancel', 'accept', 'decline']);
	});

	it('gives each claim action its own body, and documents the refusals with their shape', async () => {
		const document = (await (await fetch(`${directusUrl()}/insurance/openapi.json`)).json()) as {
			paths: Record<string, { post: { requestBody: { content: { 'application/json': { schema: { required?: string[]; additionalProperties: boolean } } } }; responses: Record<string, { content: { 'application/json': { schema: { $ref: string } } } }> } }>;
		};
		const reject = document.paths['/insurance/claims/{id}/reject']!.post;
		expect(reject.requestBody.content['application/json'].schema).toMatchObject({ required: ['decision_note'], additionalProperties: false });
		expect(Object.keys(reject.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409']);
		expect(reject.responses['401']!.content['application/json'].schema.$ref).toBe('#/components/schemas/Errors');
	});

	it('answers an invalid token with 401, as documented', async () => {
		const response = await fetch(`${directusUrl()}/insurance/claims/1/take`, { method: 'POST', headers: { authorization: 'Bearer not-a-token', 'content-type': 'application/json' }, body: '{}' });
		expect(response.status).toBe(401);
		expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBeTypeOf('string');
	});

	it('refuses a null as_of, which the document does not allow', async () => {
		const login = await fetch(`${directusUrl()}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
		const token = ((await login.json()) as { data: { access_token: string } }).data.access_token;
		for (const path of ['/insurance/jobs/all/run', '/insurance/claims/escalate-overdue']) {
			const response = await fetch(`${directusUrl()}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ as_of: null }) });
			expect(response.status, path).toBe(400);
			expect(((await response.json()) as { errors: { message: string }[] }).errors[0]!.message).toContain('"as_of"');
		}
	});
});
