// The product as a Directus user installs it: `npm pack`, an empty Directus project, the
// package in its extensions/ folder, `directus bootstrap`, `directus insurance:setup`, start.
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../helpers/instance';
import { scratchDatabase } from '../helpers/instance';
import { ADMIN, createProject, packedExtension, requestJson, type DirectusProject } from './project';
import { migrations } from '../../extensions/directus-extension-insurance/src/migrations';

const ROLES = ['Business Admin', 'Claims Department', 'Call Center', 'Manager', 'Administration', 'Client', 'Integrator'];
let database: Awaited<ReturnType<typeof scratchDatabase>>;
let project: DirectusProject;
let instance: Instance;
let setupOutput = '';

const api = (path: string, options?: Parameters<typeof requestJson>[2]) => requestJson(instance.url, path, options);

async function login(email: string, password: string) {
	const result = await api('/auth/login', { method: 'POST', body: { email, password } });
	expect(result.status, JSON.stringify(result.body)).toBe(200);
	return result.body.data.access_token as string;
}

beforeAll(async () => {
	database = await scratchDatabase('install');
	project = await createProject('install', database.env);
	const bootstrap = await project.directus(['bootstrap']);
	expect(bootstrap.code, bootstrap.output).toBe(0);
	const setup = await project.directus(['insurance:setup']);
	setupOutput = setup.output;
	expect(setup.code, setup.output).toBe(0);
	instance = await project.start();
});

afterAll(async () => {
	await instance?.stop();
	await database?.drop();
});

describe('the packed extension in an empty Directus project', () => {
	it('ships its schema, seed and build, and imports nothing the bundle does not carry', async () => {
		const { files } = await packedExtension();
		expect(files).toEqual(expect.arrayContaining(['package.json', 'dist/api.js', 'dist/app.js', 'dist/setup/schema.yaml', 'dist/setup/seed/access.yaml', 'dist/setup/seed/demo.yaml']));
		expect(files.filter((file) => file.startsWith('src/'))).toEqual([]);
		const api = readFileSync(join(project.extensionDir, 'dist', 'api.js'), 'utf8');
		const specifiers = [...api.matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
		const builtins = new Set(builtinModules);
		expect(specifiers.filter((s) => !s.startsWith('node:') && !builtins.has(s))).toEqual([]);
		const manifest = JSON.parse(readFileSync(join(project.extensionDir, 'package.json'), 'utf8'));
		expect(manifest['directus:extension'].host).toBe('11.17.4');
	});

	it('sets up without demo data, recording the shipped migrations as the baseline', { timeout: 300_000 }, async () => {
		expect(setupOutput).toContain('insurance: schema:');
		expect(setupOutput).not.toContain('insurance: demo:');
		const db = database.db();
		try {
			expect(await db('insurance_migrations').orderBy('version').select('version', 'mode')).toEqual(migrations.map((m) => ({ version: m.version, mode: 'baseline' })));
			expect(Number((await db('insurance_setup_lock').count({ n: '*' }))[0]!.n)).toBe(0);
		} finally {
			await db.destroy();
		}
		const again = await project.directus(['insurance:setup']);
		expect(again.code, again.output).toBe(0);
		expect(again.output).toContain('insurance: migrations: up to date');
		expect(again.output).toContain('insurance: schema: up to date');
	});

	it('serves the lifecycles and adds its collections and roles', async () => {
		const lifecycles = await api('/insurance/lifecycles');
		expect(lifecycles.status).toBe(200);
		expect(JSON.stringify(lifecycles.body)).toContain('Proposal');

		const admin = await login(ADMIN.email, ADMIN.password);
		const snapshot = parse(readFileSync(join(project.extensionDir, 'dist', 'setup', 'schema.yaml'), 'utf8')) as { collections: { collection: string }[] };
		const collections = (await api('/collections', { token: admin })).body.data.map((c: { collection: string }) => c.collection);
		expect(collections).toEqual(expect.arrayContaining(snapshot.collections.map((c) => c.collection)));
		const roles = (await api('/roles?limit=-1', { token: admin })).body.data.map((r: { name: string }) => r.name);
		expect(roles).toEqual(expect.arrayContaining(ROLES));
		expect((await api('/users?filter[email][_eq]=client@example.com', { token: admin })).body.data).toEqual([]);
		expect(Number((await api('/items/policies?aggregate[count]=*', { token: admin })).body.data[0].count)).toBe(0);
	});

	it('takes a product, a client and a policy through the API, and a claim filed by the client', async () => {
		const admin = await login(ADMIN.email, ADMIN.password);
		const created = async (path: string, body: unknown, token = admin) => {
			const result = await api(path, { method: 'POST', body, token });
			expect(result.status, `${path}: ${JSON.stringify(result.body)}`).toBeLessThan(300);
			return result.body.data;
		};
		const today = DateTime.utc();
		const product = await created('/items/products', { code: 'TRAVEL-MED', name: 'Travel medical cover', premium_frequency: 'monthly', coverage_limit: 5000, currency: 'EUR' });
		const clientRole = (await api('/roles?filter[name][_eq]=Client', { token: admin })).body.data[0].id;
		const user = await created('/users', { email: 'holder@insurer.example.com', password: 'holder-password-1', role: clientRole });
		const client = await created('/items/clients', { name: 'Holder', email: 'holder@insurer.example.com', user: user.id });
		const policy = await created('/items/policies?fields=*,installments.*', {
			policy_number: 'TRAVEL-0001',
			client: client.id,
			product: product.id,
			begin_date: today.minus({ days: 20 }).toISODate(),
			end_date: today.plus({ months: 11 }).toISODate(),
			premium_amount: 1200,
		});
		expect(policy.status).toBe('Proposal');
		expect(policy.installments.length).toBeGreaterThan(0);
		const first = [...policy.installments].sort((a: { sequence: number }, b: { sequence: number }) => a.sequence - b.sequence)[0];
		const payment = await created('/items/payments', { client: client.id, amount: first.amount, received_at: today.toISO(), reference: 'PAY-TRAVEL-0001' });
		await created('/items/payment_allocations', { payment: payment.id, installment: first.id, amount: first.amount });
		expect((await api(`/items/policies/${policy.id}?fields=status`, { token: admin })).body.data.status).toBe('Issued');
		const enforced = await api(`/insurance/policies/${policy.id}/transition`, { method: 'POST', body: { to: 'InForce' }, token: admin });
		expect(enforced.status, JSON.stringify(enforced.body)).toBe(200);

		const holder = await login('holder@insurer.example.com', 'holder-password-1');
		const claim = await api('/insurance/claims', {
			method: 'POST',
			token: holder,
			body: { policy: policy.id, lines: [{ kind: 'medication', description: 'Antibiotics', service_date: today.minus({ days: 2 }).toISODate(), quantity: 2, unit_amount: 12.4 }] },
		});
		expect(claim.status, JSON.stringify(claim.body)).toBe(201);
		expect(claim.body.data).toMatchObject({ policy: policy.id, client: client.id, status: 'Submitted' });
		expect(Number(claim.body.data.total_claimed)).toBe(24.8);

		// The delete rules hold: the policy now documents a claim.
		const refused = await api(`/items/policies/${policy.id}`, { method: 'DELETE', token: admin });
		expect(refused.status).toBe(409);
		expect(refused.body.errors[0].message).toBe(`policies ${policy.id} cannot be deleted: 1 claims refer to it; nothing was deleted`);
	});
});
