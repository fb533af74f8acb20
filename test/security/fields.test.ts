// Business Admins add fields to the insurance collections (Directus itself keeps field creation
// for administrators); nobody else may, and only plain fields on business collections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, DEMO_LOGINS, DEMO_PASSWORD } from '../helpers/clients';
import { call, login } from './http';

const field = `loyalty_tier_${process.pid}`;
let businessAdmin: string;
let admin: string;

beforeAll(async () => {
	businessAdmin = await login(DEMO_LOGINS['Business Admin'], DEMO_PASSWORD);
	admin = await login(ADMIN.email, ADMIN.password);
});

afterAll(async () => {
	await call(admin, 'DELETE', `/fields/clients/${field}`);
});

describe('POST /insurance/fields/:collection', () => {
	it('lets a Business Admin add a field, which clients then read on their own record', async () => {
		expect((await call(businessAdmin, 'POST', '/fields/clients', { field, type: 'string' })).status).toBe(403);
		const created = await call(businessAdmin, 'POST', '/insurance/fields/clients', { field, type: 'string', meta: { note: 'Loyalty programme tier', width: 'half' } });
		expect(created.status, JSON.stringify(created.errors)).toBe(201);
		expect(created.data).toMatchObject({ collection: 'clients', field, type: 'string', meta: { interface: 'input', note: 'Loyalty programme tier' } });
		const client = await login('client@example.com', DEMO_PASSWORD);
		const own = await call(client, 'GET', `/items/clients?fields=id,${field}`);
		expect(own.status).toBe(200);
		expect((own.data as Record<string, unknown>[])[0]).toHaveProperty(field);
	});

	it('adds a dropdown that the Client policy may read and fill in on its claims, so the portal offers it', async () => {
		const dropdown = `referral_${process.pid}`;
		const created = await call(businessAdmin, 'POST', '/insurance/fields/claims', {
			field: dropdown,
			type: 'string',
			choices: ['doctor', 'pharmacist'],
			client_access: ['read', 'create'],
			meta: { translations: [{ language: 'en-US', translation: 'Referred by' }] },
		});
		try {
			expect(created.status, JSON.stringify(created.errors)).toBe(201);
			expect(created.data).toMatchObject({ meta: { interface: 'select-dropdown', options: { choices: [{ value: 'doctor' }, { value: 'pharmacist' }] }, translations: [{ translation: 'Referred by' }] } });
			const intake = (await call(admin, 'GET', `/permissions?filter[policy][name][_eq]=Client&filter[collection][_eq]=claims&filter[action][_eq]=create&fields=fields`)).data as { fields: string[] }[];
			expect(intake[0]!.fields).toContain(dropdown);
			// What the portal builds its claim form from: the field metadata the client may read.
			const client = await login('client@example.com', DEMO_PASSWORD);
			const seen = await call(client, 'GET', `/fields/claims/${dropdown}`);
			expect(seen.status).toBe(200);
			expect((await call(client, 'GET', `/items/claims?fields=id,${dropdown}&limit=1`)).status).toBe(200);
		} finally {
			const intake = (await call(admin, 'GET', `/permissions?filter[policy][name][_eq]=Client&filter[collection][_eq]=claims&filter[action][_eq]=create&fields=id,fields`)).data as { id: number; fields: string[] }[];
			await call(admin, 'PATCH', `/permissions/${intake[0]!.id}`, { fields: intake[0]!.fields.filter((f) => f !== dropdown) });
			await call(admin, 'DELETE', `/fields/claims/${dropdown}`);
		}
	});

	it('refuses a grant the Client policy has no permission for, and then adds nothing', async () => {
		const name = `x_grant_${process.pid}`;
		const refused = await call(businessAdmin, 'POST', '/insurance/fields/policies', { field: name, type: 'string', client_access: ['create'] });
		expect(refused.status).toBe(400);
		expect(refused.errors![0]!.message).toContain('"client_access"');
		expect(refused.errors![0]!.message).toContain('may not create policies');
		expect((await call(admin, 'GET', `/fields/policies/${name}`)).status).not.toBe(200);
	});

	it.each(['Claims Department', 'Call Center', 'Manager', 'Administration', 'Client', 'Integrator'] as const)('refuses %s', async (role) => {
		const token = await login(DEMO_LOGINS[role], DEMO_PASSWORD);
		expect((await call(token, 'POST', '/insurance/fields/policies', { field: `x_${process.pid}`, type: 'string' })).status).toBe(403);
	});

	it.each([
		['/insurance/fields/status_history', { field: 'x_note', type: 'string' }, 'collection'],
		['/insurance/fields/directus_users', { field: 'x_note', type: 'string' }, 'collection'],
		['/insurance/fields/policies', { field: 'status', type: 'string' }, 'field'],
		['/insurance/fields/policies', { field: 'Bad Name', type: 'string' }, 'field'],
		['/insurance/fields/policies', { field: 'x_link', type: 'uuid' }, 'type'],
		['/insurance/fields/policies', { field: 'x_note', type: 'string', meta: { special: ['m2o'] } }, 'meta.special'],
		['/insurance/fields/policies', { field: 'x_level', type: 'integer', choices: ['1', '2'] }, 'choices'],
		['/insurance/fields/policies', { field: 'x_level', type: 'string', choices: [] }, 'choices'],
		['/insurance/fields/policies', { field: 'x_level', type: 'string', client_access: ['delete'] }, 'client_access[0]'],
	])('refuses %s %j naming "%s"', async (path, payload, named) => {
		const answer = await call(businessAdmin, 'POST', path, payload);
		expect(answer.status).toBe(400);
		expect(answer.errors![0]!.message).toContain(`"${named}"`);
	});
});
