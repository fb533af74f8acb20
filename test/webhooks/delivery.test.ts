// Outbound webhooks end to end, on a Directus of its own (it is restarted midway): a receiver
// that is down for a while and then comes back gets every status change, each signed, each
// item's events in order, none lost across the restart; a receiver that never accepts ends
// in the dead letters after webhook_max_attempts.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { verifySignature } from '../../extensions/directus-extension-insurance/src/domain/webhooks';
import { freePort, scratchDatabase, startInstance, type Instance } from '../helpers/instance';

const SECRET = 'whsec-test-0123456789';
const FAST = {
	INSURANCE_WEBHOOK_INTERVAL_SECONDS: '1',
	INSURANCE_WEBHOOK_BACKOFF_SECONDS: '1',
	INSURANCE_WEBHOOK_BACKOFF_MAX_SECONDS: '3',
	INSURANCE_WEBHOOK_TIMEOUT_SECONDS: '3',
	SEED_DEMO: 'false',
};

interface Received {
	headers: IncomingHttpHeaders;
	body: string;
	receivedAt: number;
}

/** A subscriber on 127.0.0.1: closed (connection refused) until started, answers `answer`. */
class Receiver {
	readonly received: Received[] = [];
	private server: Server | null = null;
	constructor(
		readonly port: number,
		private readonly answer = 200,
	) {}
	get url() {
		return `http://127.0.0.1:${this.port}/hooks`;
	}
	start() {
		this.server = createServer((req, res) => {
			let body = '';
			req.on('data', (chunk) => (body += chunk));
			req.on('end', () => {
				this.received.push({ headers: req.headers, body, receivedAt: Math.floor(Date.now() / 1000) });
				res.writeHead(this.answer).end();
			});
		});
		return new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
	}
	stop() {
		return new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}
}

let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
let db: Knex;
let instance: Instance | undefined;
const receivers: Receiver[] = [];

async function adminToken(url: string) {
	const response = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@example.com', password: 'insurance-admin' }) });
	return ((await response.json()) as { data: { access_token: string } }).data.access_token;
}

async function api(method: string, path: string, body?: unknown) {
	const token = await adminToken(instance!.url);
	const response = await fetch(`${instance!.url}${path}`, {
		method,
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const json = (await response.json().catch(() => ({}))) as { data?: unknown; errors?: unknown };
	if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
	return json.data;
}

const dbDate = (iso: string) => (db.client.config.client === 'sqlite3' ? Date.parse(`${iso}T00:00:00Z`) : iso);
let sequence = 0;
async function insertIssuedPolicy(client: number, product: number) {
	const [row] = await db('policies')
		.insert({
			policy_number: `WH-${process.pid}-${++sequence}`,
			client,
			product,
			status: 'Issued',
			proposal_date: dbDate('2026-01-01'),
			begin_date: dbDate('2026-01-15'),
			end_date: dbDate('2027-01-15'),
			premium_amount: 1200,
			currency: 'EUR',
		})
		.returning('id');
	return Number(typeof row === 'object' ? row.id : row);
}

/** Each policy: Issued → InForce → Withdraw, two status changes through the REST API. */
async function movePolicies(ids: number[]) {
	for (const id of ids) await api('PATCH', `/items/policies/${id}`, { status: 'InForce' });
	for (const id of ids) await api('PATCH', `/items/policies/${id}`, { status: 'Withdraw' });
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 90_000): Promise<T> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 500));
	}
}

const deliveriesOf = async (subscription: number) =>
	(await api('GET', `/items/webhook_deliveries?filter[subscription][_eq]=${subscription}&fields=id,status,attempts,last_error,response_code,event&limit=-1`)) as {
		id: number;
		status: string;
		attempts: number;
		last_error: string | null;
		response_code: number | null;
		event: number;
	}[];

beforeAll(async () => {
	scratch = await scratchDatabase('webhooks');
	instance = await startInstance({ ...scratch.env, ...FAST });
	db = scratch.db();
});

afterAll(async () => {
	await instance?.stop();
	for (const receiver of receivers) await receiver.stop();
	await db?.destroy();
	await scratch?.drop();
});

describe('outbound webhooks', () => {
	it('deliver every event, signed and in order per item, to a receiver that was down, across a restart', async () => {
		const receiver = new Receiver(await freePort());
		receivers.push(receiver);
		await db('insurance_settings').update({ webhook_max_attempts: 100 });
		const [client] = await db('clients').insert({ type: 'individual', name: 'Webhook Client', email: `wh-${process.pid}@example.com` }).returning('id');
		const clientId = Number(typeof client === 'object' ? client.id : client);
		const product = Number((await db('products').where('code', 'HEALTH-IND').first('id')).id);

		const subscription = (await api('POST', '/items/webhook_subscriptions', {
			name: 'Partner',
			url: receiver.url,
			secret: SECRET,
			event_types: ['policies.*'],
		})) as { id: number };

		// Receiver down: events pile up as failed deliveries being retried.
		const before = await Promise.all([1, 2, 3].map(() => insertIssuedPolicy(clientId, product)));
		await movePolicies(before);
		await waitFor('failed attempts', async () => {
			const rows = await deliveriesOf(subscription.id);
			return rows.length >= 6 && rows.some((d) => d.status === 'failed' && d.attempts >= 1 && /ECONNREFUSED|fetch failed/.test(d.last_error ?? ''));
		});
		expect(receiver.received).toHaveLength(0);

		// Restart Directus while the receiver is still down; more changes after the restart.
		await instance!.stop();
		instance = await startInstance({ ...scratch.env, ...FAST });
		const after = await Promise.all([1, 2].map(() => insertIssuedPolicy(clientId, product)));
		await movePolicies(after);

		// The receiver comes back.
		await receiver.start();
		const items = [...before, ...after].map(String);
		const expected = await db('insurance_events').where('collection', 'policies').whereIn('item', items).orderBy('id').select('id', 'item', 'to_status');
		expect(expected).toHaveLength(items.length * 2);
		await waitFor('every delivery delivered', async () => {
			const rows = await deliveriesOf(subscription.id);
			return rows.length === expected.length && rows.every((d) => d.status === 'delivered');
		});

		const bodies = receiver.received.map((r) => {
			const timestamp = Number(r.headers['x-insurance-timestamp']);
			expect(verifySignature(SECRET, timestamp, r.body, String(r.headers['x-insurance-signature']), r.receivedAt), r.body).toBe(true);
			expect(r.headers['x-insurance-event']).toBe('policies.status_changed');
			return JSON.parse(r.body) as { id: number; item: string; type: string; data: { from: string; to: string } };
		});
		// Every event arrived (at least once; the event id lets a receiver drop a repeat).
		expect([...new Set(bodies.map((b) => b.id))].sort((a, b) => a - b)).toEqual(expected.map((e) => Number(e.id)));
		// Per item: InForce before Withdraw, in outbox order.
		for (const item of items) {
			const arrived = bodies.filter((b) => b.item === item).map((b) => b.data.to);
			expect(arrived.filter((to, index) => arrived.indexOf(to) === index), `policy ${item}`).toEqual(['InForce', 'Withdraw']);
		}
		const rows = await deliveriesOf(subscription.id);
		expect(rows.every((d) => d.response_code === 200)).toBe(true);
		expect(Math.max(...rows.map((d) => d.attempts))).toBeGreaterThan(1);
	});

	// Several instances share one Postgres database (SQLite is the single-instance default).
	it.skipIf(process.env['TEST_DB'] !== 'postgres')('shares the work between two instances: each event once, each item in order', async () => {
		const second = await startInstance({ ...scratch.env, ...FAST });
		try {
			const receiver = new Receiver(await freePort());
			receivers.push(receiver);
			await receiver.start();
			const subscription = (await api('POST', '/items/webhook_subscriptions', { name: 'Cluster partner', url: receiver.url, secret: SECRET, event_types: ['policies.*'] })) as { id: number };
			const [client] = await db('clients').insert({ type: 'individual', name: 'Cluster Client', email: `cl-${process.pid}@example.com` }).returning('id');
			const product = Number((await db('products').where('code', 'HEALTH-IND').first('id')).id);
			const policies = await Promise.all(Array.from({ length: 8 }, () => insertIssuedPolicy(Number(typeof client === 'object' ? client.id : client), product)));
			// Half the changes through each instance, so both dispatchers are nudged and race.
			const through = async (url: string, id: number, status: string) => {
				const response = await fetch(`${url}/items/policies/${id}`, {
					method: 'PATCH',
					headers: { authorization: `Bearer ${await adminToken(url)}`, 'content-type': 'application/json' },
					body: JSON.stringify({ status }),
				});
				expect(response.status).toBe(200);
			};
			await Promise.all(policies.map((id, index) => through(index % 2 ? second.url : instance!.url, id, 'InForce')));
			await Promise.all(policies.map((id, index) => through(index % 2 ? instance!.url : second.url, id, 'Withdraw')));

			await waitFor('every delivery delivered', async () => {
				const rows = await deliveriesOf(subscription.id);
				return rows.length === policies.length * 2 && rows.every((d) => d.status === 'delivered');
			});
			const bodies = receiver.received.map((r) => JSON.parse(r.body) as { id: number; item: string; data: { to: string } });
			expect(bodies).toHaveLength(policies.length * 2);
			expect(new Set(bodies.map((b) => b.id)).size).toBe(policies.length * 2);
			for (const id of policies) expect(bodies.filter((b) => b.item === String(id)).map((b) => b.data.to)).toEqual(['InForce', 'Withdraw']);
		} finally {
			await second.stop();
		}
	});

	it('dead-letters a delivery after webhook_max_attempts and keeps the last error', async () => {
		const failing = new Receiver(await freePort(), 500);
		receivers.push(failing);
		await failing.start();
		await db('insurance_settings').update({ webhook_max_attempts: 3 });
		const subscription = (await api('POST', '/items/webhook_subscriptions', { name: 'Broken partner', url: failing.url, secret: SECRET, event_types: ['policies.status_changed'] })) as { id: number };
		const [client] = await db('clients').insert({ type: 'individual', name: 'Dead Letter Client', email: `dl-${process.pid}@example.com` }).returning('id');
		const product = Number((await db('products').where('code', 'HEALTH-IND').first('id')).id);
		const policy = await insertIssuedPolicy(Number(typeof client === 'object' ? client.id : client), product);
		await api('PATCH', `/items/policies/${policy}`, { status: 'InForce' });

		const deadLetters = await waitFor('a dead delivery', async () => {
			const rows = await deliveriesOf(subscription.id);
			return rows.length > 0 && rows.every((d) => d.status === 'dead') ? rows : undefined;
		});
		// Only what happened after the subscription was made, retried until the limit.
		expect(deadLetters).toEqual([expect.objectContaining({ status: 'dead', attempts: 3, response_code: 500, last_error: 'HTTP 500' })]);
		expect(failing.received).toHaveLength(3);
	});
});
