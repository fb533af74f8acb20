// The OpenAPI document describes our endpoints with the enumerations the guard enforces.
import { describe, expect, it } from 'vitest';
import { directusUrl } from '../helpers/clients';

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
				'/insurance/claims/{id}/{action}',
				'/insurance/fields/{collection}',
				'/insurance/portal',
				'/insurance/portal/timeline/{collection}/{id}',
				'/insurance/openapi.json',
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
});
