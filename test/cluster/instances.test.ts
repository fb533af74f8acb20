// Two Directus processes on one Postgres and one Redis, as deployed in production: what one
// instance writes or reconfigures is seen by the other at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectus, realtime, staticToken } from '@directus/sdk';
import { startInstance, type Instance } from '../helpers/instance';
import { ADMIN, DEMO_PASSWORD } from '../helpers/clients';
import { redisEnv, sharedPostgres, type SharedDatabase } from './cluster';

let database: SharedDatabase;
let a: Instance;
let b: Instance;
let adminToken: string;
/** What the first instance's setup wrote, counted before the second instance ran its own. */
let countsAfterFirstSetup: Record<string, number>;
let permissionsAfterFirstSetup: string[];

const COUNTED = ['directus_roles', 'directus_policies', 'directus_access', 'directus_permissions', 'directus_users', 'directus_collections', 'directus_fields', 'directus_relations', 'products', 'clients', 'policies', 'installments', 'payments', 'claims', 'status_history', 'insurance_events'];

async function countRows() {
	const counts: Record<string, number> = {};
	for (const table of COUNTED) counts[table] = Number((await database.db(table).count({ n: '*' }))[0]!.n);
	return counts;
}

/** Every permission as "policy collection action": a duplicate shows up twice. */
async function permissionList() {
	const rows = await database.db('directus_permissions as p').join('directus_policies as a', 'a.id', 'p.policy').orderBy(['a.name', 'p.collection', 'p.action', 'p.id']).select('a.name', 'p.collection', 'p.action');
	return rows.map((r: { name: string; collection: string; action: string }) => `${r.name} ${r.collection} ${r.action}`);
}

async function login(url: string, email: string, password: string) {
	const response = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
	expect(response.status).toBe(200);
	return ((await response.json()) as { data: { access_token: string } }).data.access_token;
}

const call = async (url: string, token: string, method: string, path: string, body?: unknown) => {
	const response = await fetch(`${url}${path}`, {
		method,
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : null };
};

async function insertInForcePolicy() {
	const client = await database.db('clients').where('email', 'client@example.com').first('id');
	const product = await database.db('products').where('code', 'HEALTH-IND').first('id');
	const [row] = await database
		.db('policies')
		.insert({ policy_number: `CLUSTER-${process.pid}-${Date.now()}`, client: client.id, product: product.id, status: 'InForce', begin_date: '2026-01-15', end_date: '2027-01-15', premium_amount: 1200, currency: 'EUR' })
		.returning('id');
	return Number(row.id);
}

/** Subscribes to policy updates on B, runs `change`, and returns the first update of `id` B sends (or 'timeout'). */
async function nextUpdateOnB(id: number, change: () => Promise<{ status: number; body: unknown }>) {
	const subscriber = createDirectus(b.url).with(staticToken(adminToken)).with(realtime({ reconnect: false }));
	await subscriber.connect();
	try {
		const { subscription } = await subscriber.subscribe('policies', { event: 'update', query: { fields: ['id', 'status'] } });
		let registered!: () => void;
		const ready = new Promise<void>((r) => (registered = r));
		const received = (async () => {
			for await (const message of subscription) {
				if (message['event'] === 'init') registered();
				const rows = ('data' in message ? message.data : []) as { id: number; status: string }[];
				const row = rows.find((r) => Number(r.id) === id);
				if (message['event'] === 'update' && row) return row;
			}
			return undefined;
		})();
		await ready;
		const answer = await change();
		expect(answer.status, JSON.stringify(answer.body)).toBe(200);
		const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000));
		return await Promise.race([received, timeout]);
	} finally {
		subscriber.disconnect();
	}
}

beforeAll(async () => {
	database = await sharedPostgres('cluster');
	const env = { ...database.env, ...redisEnv() };
	// One after the other: B's npm start runs the setup again on A's database.
	a = await startInstance(env);
	countsAfterFirstSetup = await countRows();
	permissionsAfterFirstSetup = await permissionList();
	b = await startInstance(env);
	adminToken = await login(a.url, ADMIN.email, ADMIN.password);
});

afterAll(async () => {
	await Promise.all([a?.stop(), b?.stop()]);
	await database?.drop();
});

describe('two instances on one database', () => {
	it('the second instance setup adds nothing to what the first one created', async () => {
		expect(await permissionList()).toEqual(permissionsAfterFirstSetup);
		expect(await countRows()).toEqual(countsAfterFirstSetup);
	});

	it('a status PATCH made through A reaches a realtime subscriber connected to B', async () => {
		const id = await insertInForcePolicy();
		const update = await nextUpdateOnB(id, () => call(a.url, adminToken, 'PATCH', `/items/policies/${id}`, { status: 'Withdraw' }));
		expect(update).toEqual({ id, status: 'Withdraw' });
	});

	it('a transition made through A by the transition endpoint reaches a realtime subscriber connected to B', async () => {
		const id = await insertInForcePolicy();
		const update = await nextUpdateOnB(id, () => call(a.url, adminToken, 'POST', `/insurance/policies/${id}/transition`, { to: 'Withdraw', reason: 'cluster test' }));
		expect(update).toEqual({ id, status: 'Withdraw' });
	});

	it('a field added through A is served by B at once', async () => {
		const field = `cluster_note_${Date.now().toString(36)}`;
		// B has the schema cached (and its reads of claims in the data cache) before the change.
		expect((await call(b.url, adminToken, 'GET', '/items/claims?fields=id&limit=1')).status).toBe(200);
		expect((await call(b.url, adminToken, 'GET', `/items/claims?fields=id,${field}&limit=1`)).status).toBe(403);

		const created = await call(a.url, adminToken, 'POST', '/fields/claims', { field, type: 'string', meta: { note: 'added by the cluster test' } });
		expect(created.status, JSON.stringify(created.body)).toBe(200);

		const fieldOnB = await call(b.url, adminToken, 'GET', `/fields/claims/${field}`);
		expect(fieldOnB.status).toBe(200);
		const readOnB = await call(b.url, adminToken, 'GET', `/items/claims?fields=id,${field}&limit=1`);
		expect(readOnB.status, JSON.stringify(readOnB.body)).toBe(200);
	});

	it('a permission granted to the Client role through A is honoured by B at once', async () => {
		const clientToken = await login(b.url, 'client@example.com', DEMO_PASSWORD);
		expect((await call(b.url, clientToken, 'GET', '/items/portfolios?fields=id,name')).status).toBe(403);

		const policies = await call(a.url, adminToken, 'GET', '/policies?filter[name][_eq]=Client&fields=id');
		const policy = policies.body.data[0].id as string;
		const granted = await call(a.url, adminToken, 'POST', '/permissions', { policy, collection: 'portfolios', action: 'read', fields: ['id', 'name'], permissions: {} });
		expect(granted.status, JSON.stringify(granted.body)).toBe(200);

		const readOnB = await call(b.url, clientToken, 'GET', '/items/portfolios?fields=id,name');
		expect(readOnB.status, JSON.stringify(readOnB.body)).toBe(200);

		// And revoking it through A closes the door on B again.
		expect((await call(a.url, adminToken, 'DELETE', `/permissions/${granted.body.data.id}`)).status).toBe(204);
		expect((await call(b.url, clientToken, 'GET', '/items/portfolios?fields=id,name')).status).toBe(403);
	});

	it('a transition permission revoked through A refuses on B at once, and given back through B allows on A', async () => {
		const policy = await insertInForcePolicy();
		const client = await database.db('clients').where('email', 'client@example.com').first('id');
		const claimIn = async () => Number((await database.db('claims').insert({ status: 'Submitted', policy, client: client.id, channel: 'portal', total_claimed: 30, submitted_at: new Date() }).returning('id'))[0].id);
		const claimsPolicy = (await database.db('directus_policies').where('name', 'Claims Department').first('id')).id as string;
		const handlerOnA = await login(a.url, 'claims@example.com', DEMO_PASSWORD);
		const handlerOnB = await login(b.url, 'claims@example.com', DEMO_PASSWORD);
		const first = await claimIn();
		expect((await call(b.url, handlerOnB, 'GET', `/insurance/claims/${first}/actions`)).body.data.map((offer: { action: string }) => offer.action)).toEqual(['take']);

		const grant = await call(a.url, adminToken, 'GET', `/items/transition_permissions?filter[policy][_eq]=${claimsPolicy}&filter[action][_eq]=take&fields=id`);
		expect((await call(a.url, adminToken, 'DELETE', `/items/transition_permissions/${grant.body.data[0].id}`)).status).toBe(204);
		expect((await call(b.url, handlerOnB, 'GET', `/insurance/claims/${first}/actions`)).body.data).toEqual([]);
		expect((await call(b.url, handlerOnB, 'POST', `/insurance/claims/${first}/actions/take`, {})).status).toBe(403);
		expect((await call(b.url, handlerOnB, 'PATCH', `/items/claims/${first}`, { status: 'InReview' })).status).toBe(400);

		const given = await call(b.url, adminToken, 'POST', '/items/transition_permissions', { lifecycle: 'claim', action: 'take', policy: claimsPolicy });
		expect(given.status, JSON.stringify(given.body)).toBe(200);
		expect((await call(a.url, handlerOnA, 'POST', `/insurance/claims/${first}/actions/take`, {})).body.data).toMatchObject({ from: 'Submitted', to: 'InReview' });
	});
});
