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
	])('refuses %s %j naming "%s"', async (path, payload, named) => {
		const answer = await call(businessAdmin, 'POST', path, payload);
		expect(answer.status).toBe(400);
		expect(answer.errors![0]!.message).toContain(`"${named}"`);
	});
});
