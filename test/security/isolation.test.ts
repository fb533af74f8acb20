// Client A never sees or touches client B's data, whatever the path: id guessing, filters,
// relational expansion, aggregation, search, GraphQL, websocket subscriptions, file downloads
// and writes that point at B's items. An integrator sees the clients of its portfolios only.
import { createDirectus, realtime, staticToken } from '@directus/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, DEMO_PASSWORD, directusUrl } from '../helpers/clients';
import { dbDate, insertPolicy, testDatabase } from '../helpers/fixtures';
import { call, login, upload, type Answer } from './http';

const graphql = (token: string, query: string) => call(token, 'POST', '/graphql', { query });
const rows = (answer: Answer) => answer.data as Record<string, unknown>[];
const idOf = (row: unknown) => Number(typeof row === 'object' && row ? (row as { id: number }).id : row);

let a: string;
let b: string;
let admin: string;
let integrator: string;
const B = {} as { client: number; email: string; policy: number; policyNumber: string; installment: number; notice: number; claim: number; claimNumber: string; line: number; message: number; file: string; decided: number; letter: string };
const A = {} as { client: number; policy: number; claim: number; file: string };

beforeAll(async () => {
	const db = testDatabase();
	[a, b, admin, integrator] = await Promise.all([login('client@example.com', DEMO_PASSWORD), login('client.b@example.com', DEMO_PASSWORD), login(ADMIN.email, ADMIN.password), login('integrator@example.com', DEMO_PASSWORD)]);
	const clientA = await db('clients').where('email', 'client@example.com').first('id');
	const clientB = await db('clients').where('email', 'client.b@example.com').first('id', 'email');
	A.client = clientA.id;
	A.policy = await insertPolicy();
	B.client = clientB.id;
	B.email = clientB.email;
	B.policy = await insertPolicy({ client: B.client });
	B.policyNumber = (await db('policies').where('id', B.policy).first('policy_number')).policy_number;
	const [installment] = await db('installments').insert({ policy: B.policy, sequence: 1, due_date: dbDate('2026-02-15'), amount: 100, paid_amount: 0, status: 'OnTime' }).returning('id');
	B.installment = idOf(installment);
	const [notice] = await db('client_notices').insert({ client: B.client, policy: B.policy, installment: B.installment, kind: 'reminder', due_date: dbDate('2026-02-15'), amount: 100, sent_at: new Date() }).returning('id');
	B.notice = idOf(notice);
	B.claimNumber = `ISO-B-${process.pid}-${Date.now()}`;
	const [claimB] = await db('claims').insert({ claim_number: B.claimNumber, policy: B.policy, client: B.client, status: 'Submitted', channel: 'portal', total_claimed: 42 }).returning('id');
	B.claim = idOf(claimB);
	const [claimA] = await db('claims').insert({ claim_number: `ISO-A-${process.pid}-${Date.now()}`, policy: A.policy, client: A.client, status: 'Submitted', channel: 'portal', total_claimed: 10 }).returning('id');
	A.claim = idOf(claimA);
	B.file = await upload(b, 'b-receipt.txt');
	A.file = await upload(a, 'a-receipt.txt');
	const [line] = await db('claim_lines')
		.insert({ claim: B.claim, kind: 'medication', description: 'B medication', service_date: dbDate('2026-03-01'), quantity: 1, unit_amount: 42, amount_claimed: 42, receipt: B.file })
		.returning('id');
	B.line = idOf(line);
	const [message] = await db('claim_messages').insert({ claim: B.claim, kind: 'note', body: 'B private message' }).returning('id');
	B.message = idOf(message);
	// A decided claim of B with its decision letter, stored by the system (not uploaded by B).
	B.letter = await upload(admin, `ISO-B-${process.pid}-decision.pdf`, { type: 'application/pdf', content: '%PDF-1.7\n%%EOF\n' });
	const [decided] = await db('claims')
		.insert({ claim_number: `${B.claimNumber}-D`, policy: B.policy, client: B.client, status: 'Approved', channel: 'portal', total_claimed: 42, total_approved: 42, decision_letter: B.letter })
		.returning('id');
	B.decided = idOf(decided);
});

/** Nothing of B's in an answer, however deep. */
function expectNothingOfB(answer: Answer) {
	const text = JSON.stringify(answer);
	expect(text).not.toContain(B.email);
	expect(text).not.toContain(B.policyNumber);
	expect(text).not.toContain(B.claimNumber);
	expect(text).not.toContain('B private message');
	expect(text).not.toContain(B.file);
	expect(text).not.toContain(B.letter);
}

describe('client A and client B', () => {
	it('B is sure to have data: A could otherwise pass by seeing nothing', async () => {
		expect((await call(b, 'GET', `/items/claims/${B.claim}`)).status).toBe(200);
		expect((await call(b, 'GET', `/items/claim_lines/${B.line}`)).status).toBe(200);
		expect((await call(b, 'GET', `/items/client_notices/${B.notice}`)).status).toBe(200);
		expect((await call(b, 'GET', `/assets/${B.file}`)).status).toBe(200);
		expect((await call(a, 'GET', `/assets/${A.file}`)).status).toBe(200);
		expect((await call(b, 'GET', `/assets/${B.letter}`)).status).toBe(200);
		expect(((await call(b, 'GET', `/items/claims/${B.decided}?fields=decision_letter.id`)).data as { decision_letter: { id: string } }).decision_letter.id).toBe(B.letter);
	});

	it.each([
		['clients', () => B.client],
		['policies', () => B.policy],
		['installments', () => B.installment],
		['client_notices', () => B.notice],
		['claims', () => B.claim],
		['claim_lines', () => B.line],
		['claim_messages', () => B.message],
	])('A guessing the id of B’s %s gets 403', async (collection, id) => {
		expect((await call(a, 'GET', `/items/${collection}/${id()}`)).status).toBe(403);
		const gql = await graphql(a, `{ ${collection}_by_id(id: ${id()}) { id } }`);
		expect((gql.data as Record<string, unknown> | undefined)?.[`${collection}_by_id`] ?? null).toBeNull();
	});

	it('A cannot download or read B’s receipt', async () => {
		expect((await call(a, 'GET', `/assets/${B.file}`)).status).toBe(403);
		expect((await call(a, 'GET', `/assets/${B.file}?download`)).status).toBe(403);
		expect((await call(a, 'GET', `/files/${B.file}`)).status).toBe(403);
		expectNothingOfB(await call(a, 'GET', '/files?limit=-1'));
		expectNothingOfB(await call(a, 'POST', '/graphql/system', { query: '{ files(limit: -1) { id filename_download } }' }));
	});

	it('A cannot download or read B’s decision letter, on any path', async () => {
		for (const path of [`/assets/${B.letter}`, `/assets/${B.letter}?download`, `/files/${B.letter}`, `/items/claims/${B.decided}?fields=decision_letter.*`]) {
			expect((await call(a, 'GET', path)).status, path).toBe(403);
		}
		expectNothingOfB(await call(a, 'GET', `/files?filter[id][_eq]=${B.letter}`));
		expectNothingOfB(await call(a, 'GET', '/items/claims?fields=id,decision_letter.*&limit=-1'));
		expectNothingOfB(await call(a, 'GET', `/files?filter[title][_contains]=decision&limit=-1`));
		expectNothingOfB(await graphql(a, `{ claims(limit: -1) { id decision_letter { id filename_download } } }`));
		expectNothingOfB(await call(a, 'POST', '/graphql/system', { query: `{ files_by_id(id: "${B.letter}") { id } }` }));
	});

	it('filters on B’s keys or attributes find nothing', async () => {
		for (const path of [
			`/items/policies?filter[client][_eq]=${B.client}`,
			`/items/policies?filter[client][email][_eq]=${encodeURIComponent(B.email)}`,
			`/items/claims?filter[client][name][_contains]=Bruno`,
			`/items/claims?filter[policy][_eq]=${B.policy}`,
			`/items/installments?filter[policy][client][_eq]=${B.client}`,
			`/items/client_notices?filter[client][_eq]=${B.client}`,
			`/items/claim_lines?filter[claim][_eq]=${B.claim}`,
			`/items/claim_messages?filter[body][_contains]=private`,
			`/items/clients?filter[id][_eq]=${B.client}`,
		]) {
			const answer = await call(a, 'GET', path);
			expect(answer.status, path).toBe(200);
			expect(rows(answer), path).toEqual([]);
		}
	});

	it('relational expansion (fields=*.*.*) stays within A’s rows', async () => {
		for (const collection of ['clients', 'policies', 'installments', 'client_notices', 'claims', 'claim_lines', 'claim_messages', 'products']) {
			const answer = await call(a, 'GET', `/items/${collection}?fields=*.*.*&limit=-1`);
			expect(answer.status, collection).toBe(200);
			expectNothingOfB(answer);
		}
		const clients = rows(await call(a, 'GET', '/items/clients?fields=*.*.*'));
		expect(clients.map(idOf)).toEqual([A.client]);
		const gql = await graphql(a, `{ clients { id email policies { policy_number claims { claim_number lines { description } messages { body } } } } }`);
		expectNothingOfB(gql);
	});

	it('aggregation counts and sums A’s rows only', async () => {
		const db = testDatabase();
		const ownPolicies = (await db('policies').where('client', A.client).count({ n: '*' }))[0]!.n;
		const ownClaimed = (await db('claims').where('client', A.client).sum({ s: 'total_claimed' }))[0]!.s;
		const count = rows(await call(a, 'GET', '/items/policies?aggregate[count]=*'));
		expect(Number((count[0] as { count: number }).count)).toBe(Number(ownPolicies));
		const sum = rows(await call(a, 'GET', '/items/claims?aggregate[sum]=total_claimed'));
		expect(Number((sum[0] as { sum: { total_claimed: number } }).sum.total_claimed)).toBeCloseTo(Number(ownClaimed), 2);
		const grouped = rows(await call(a, 'GET', '/items/claims?aggregate[count]=*&groupBy[]=client'));
		expect(grouped.map((g) => Number(g['client']))).toEqual([A.client]);
		const gql = await graphql(a, '{ policies_aggregated { count { id } } }');
		expect(Number((gql.data as { policies_aggregated: { count: { id: number } }[] }).policies_aggregated[0]!.count.id)).toBe(Number(ownPolicies));
	});

	it('search finds nothing of B’s', async () => {
		for (const path of [`/items/policies?search=${B.policyNumber}`, '/items/clients?search=Bruno', `/items/claims?search=${B.claimNumber}`, '/items/claim_lines?search=B%20medication']) {
			const answer = await call(a, 'GET', path);
			expect(answer.status, path).toBe(200);
			expect(rows(answer), path).toEqual([]);
		}
	});

	it('a websocket subscription of A hears A’s status changes, never B’s', async () => {
		const ownPolicy = await insertPolicy({ status: 'Issued' });
		const otherPolicy = await insertPolicy({ status: 'Issued', client: B.client });
		const subscriber = createDirectus(directusUrl()).with(staticToken(a)).with(realtime({ reconnect: false }));
		await subscriber.connect();
		const heard: number[] = [];
		try {
			const { subscription, unsubscribe } = await subscriber.subscribe('policies', { event: 'update', query: { fields: ['id', 'status'] } });
			const listening = (async () => {
				for await (const message of subscription) {
					for (const row of (message as { data?: { id: number }[] }).data ?? []) heard.push(Number(row.id));
					if (heard.includes(ownPolicy)) return;
				}
			})();
			await new Promise((r) => setTimeout(r, 300));
			expect((await call(admin, 'PATCH', `/items/policies/${otherPolicy}`, { status: 'InForce' })).status).toBe(200);
			expect((await call(admin, 'PATCH', `/items/policies/${ownPolicy}`, { status: 'InForce' })).status).toBe(200);
			await Promise.race([listening, new Promise((_, reject) => setTimeout(() => reject(new Error('A heard nothing')), 15_000))]);
			unsubscribe();
		} finally {
			subscriber.disconnect();
		}
		expect(heard).toContain(ownPolicy);
		expect(heard).not.toContain(otherPolicy);
	});

	it('A cannot write onto B’s items, nor decide on its own claim', async () => {
		const db = testDatabase();
		const before = await Promise.all(['claims', 'claim_lines', 'claim_messages'].map(async (t) => Number((await db(t).count({ n: '*' }))[0]!.n)));
		const refused = [
			await call(a, 'POST', '/items/claim_messages', { claim: B.claim, body: 'let me in' }),
			await call(a, 'POST', '/items/claim_lines', { claim: B.claim, kind: 'other', description: 'x', service_date: '2026-03-01', quantity: 1, unit_amount: 1 }),
			await call(a, 'POST', '/items/claims', { policy: B.policy }),
			await call(a, 'POST', '/items/claims', { policy: A.policy, client: B.client }),
			await call(a, 'PATCH', `/items/claims/${B.claim}`, { status: 'Withdrawn' }),
			await call(a, 'PATCH', `/items/claim_messages/${B.message}`, { body: 'changed' }),
			await call(a, 'DELETE', `/items/claims/${B.claim}`),
			await call(a, 'PATCH', `/items/claims/${A.claim}`, { decision_note: 'approved by myself' }),
			await call(a, 'PATCH', `/items/claims/${A.claim}`, { assigned_to: null }),
			await call(a, 'PATCH', `/items/claims/${A.claim}`, { status: 'Approved' }),
			await call(a, 'PATCH', `/items/claims/${A.claim}`, { total_approved: 1000 }),
			await call(a, 'PATCH', `/items/clients/${A.client}`, { email: 'hijack@example.com' }),
		];
		expect(refused.map((r) => r.status)).toEqual(refused.map(() => expect.toSatisfy((s: number) => s === 403 || s === 400)));
		const gql = await graphql(a, `mutation { create_claim_messages_item(data: { claim: ${B.claim}, body: "let me in" }) { id } }`);
		expect(gql.errors?.length).toBeGreaterThan(0);
		const after = await Promise.all(['claims', 'claim_lines', 'claim_messages'].map(async (t) => Number((await db(t).count({ n: '*' }))[0]!.n)));
		expect(after).toEqual(before);
		expect((await db('claims').where('id', B.claim).first('status')).status).toBe('Submitted');
		expect((await db('claims').where('id', A.claim).first('status')).status).toBe('Submitted');
	});

	it('A can answer on its own claim, and not as the claims team', async () => {
		const own = await call(a, 'POST', '/items/claim_messages', { claim: A.claim, body: 'Here is the prescription' });
		expect(own.status, JSON.stringify(own)).toBe(200);
		expect((await call(a, 'POST', '/items/claim_messages', { claim: A.claim, body: 'x', kind: 'information_request' })).status).toBe(403);
	});
});

describe('an integrator', () => {
	it('reads the clients of the portfolios it serves, not the others', async () => {
		const db = testDatabase();
		const served = (await db('clients as c').join('portfolios as p', 'p.id', 'c.portfolio').join('directus_users as u', 'u.id', 'p.integrator').where('u.email', 'integrator@example.com').pluck('c.id')).map(Number).sort((x, y) => x - y);
		expect(served.length).toBeGreaterThan(0);
		const seen = rows(await call(integrator, 'GET', '/items/clients?fields=id&limit=-1')).map(idOf).sort((x, y) => x - y);
		expect(seen).toEqual(served);
		const acme = await db('clients').where('email', 'hr@acme.example').first('id');
		expect(served).not.toContain(acme.id);
		const acmePolicy = await db('policies').where('client', acme.id).first('id');
		expect((await call(integrator, 'GET', `/items/policies/${acmePolicy.id}`)).status).toBe(403);
		expect(rows(await call(integrator, 'GET', `/items/policies?filter[client][_eq]=${acme.id}`))).toEqual([]);
		expect((await call(integrator, 'POST', '/items/claims', { policy: acmePolicy.id })).status).toBe(403);
	});
});
