// The settings singleton is edited, never deleted: DELETE on it is a 405 on every form of the
// request, where Directus alone would answer a body-less one with a 500.
import { describe, expect, it } from 'vitest';
import { ADMIN, directusUrl } from '../helpers/clients';
import { testDatabase } from '../helpers/fixtures';

describe('DELETE /items/insurance_settings', () => {
	it('is refused with a 405 and keeps the settings row', async () => {
		const login = await fetch(`${directusUrl()}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
		const token = ((await login.json()) as { data: { access_token: string } }).data.access_token;
		const forms: [string, string | undefined][] = [['', undefined], ['', '{}'], ['', '{"keys":[1]}'], ['', '[1]'], ['/1', undefined]];
		for (const [key, body] of forms) {
			const response = await fetch(`${directusUrl()}/items/insurance_settings${key}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body });
			expect(response.status, `${key} ${body ?? 'no body'}`).toBe(405);
			expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('METHOD_NOT_ALLOWED');
		}
		expect(Number((await testDatabase()('insurance_settings').count({ n: '*' }).first())!.n)).toBe(1);
	});
});
