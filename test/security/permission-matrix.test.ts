// Every role × every collection × create, read, update, delete, on every path a client can
// take: what /permissions/me reports, REST, GraphQL, websocket subscriptions and file
// downloads, checked against the table in matrix.ts.
import { createDirectus, realtime, staticToken } from '@directus/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, DEMO_LOGINS, DEMO_PASSWORD, directusUrl } from '../helpers/clients';
import { dbDate, insertChangeRequest, insertPolicy, statusOf, testDatabase } from '../helpers/fixtures';
import { call, login, upload } from './http';
import { ACTIONS, COLLECTIONS, DECISION_LETTER_READERS, POLICY_ENDPOINTS, ROLES, STAFF_ONLY_FIELDS, expectedAccess, expectedFields, primaryKey, type Collection, type Role } from './matrix';

const tokens = new Map<Role, string>();

const isFiles = (c: Collection) => c === 'directus_files';
const refused = (status: number) => status >= 400 && status < 500;
const countRows = async (c: Collection) => Number((await testDatabase()(c).count({ n: '*' }))[0]!.n);
const itemsPath = (c: Collection) => (isFiles(c) ? '/files' : `/items/${c}`);
const isSingleton = (c: Collection) => c === 'insurance_settings';

/** Any existing row of each collection, for update and delete probes. */
const sampleIds = new Map<Collection, string | number>();
/** A decided claim of the demo client with its decision letter. */
const letter = {} as { claim: number; file: string };

beforeAll(async () => {
	tokens.set('Administrator', await login(ADMIN.email, ADMIN.password));
	for (const [role, email] of Object.entries(DEMO_LOGINS)) tokens.set(role as Role, await login(email, DEMO_PASSWORD));
	const db = testDatabase();
	const admin = tokens.get('Administrator')!;
	// Collections the demo may leave empty get a row of their own.
	if (!(await db('directus_files').first('id'))) await upload(admin, 'matrix.txt');
	if (!(await db('policy_change_requests').first('id'))) await insertChangeRequest(await insertPolicy());
	if (!(await db('client_notices').first('id'))) {
		const policy = await db('policies').where('id', await insertPolicy()).first('id', 'client');
		await db('client_notices').insert({ client: policy.client, policy: policy.id, kind: 'reminder', due_date: dbDate('2027-01-01'), amount: 10, sent_at: new Date() });
	}
	if (!(await db('webhook_deliveries').first('id'))) {
		const idOf = (row: unknown) => (typeof row === 'object' && row ? (row as { id: number }).id : row);
		const [subscription] = await db('webhook_subscriptions').insert({ name: 'Matrix', url: 'http://127.0.0.1:9/none', secret: 'matrix', active: false }).returning('id');
		const [event] = await db('insurance_events')
			.insert({ type: 'policies.status_changed', collection: 'policies', item: '0', to_status: 'InForce', trigger: 'manual', occurred_at: new Date(), payload: '{}' })
			.returning('id');
		await db('webhook_deliveries').insert({ subscription: idOf(subscription), event: idOf(event), collection: 'policies', item: '0', status: 'dead', attempts: 1 });
	}
	const client = await db('clients').where('email', DEMO_LOGINS.Client).first('id');
	const [claim] = await db('claims').insert({ policy: await insertPolicy(), client: client.id, status: 'Approved', channel: 'portal', total_claimed: 10, total_approved: 10 }).returning('id');
	letter.claim = Number(typeof claim === 'object' ? claim.id : claim);
	letter.file = await upload(admin, `matrix-${letter.claim}-decision.pdf`, { type: 'application/pdf', content: '%PDF-1.7\n%%EOF\n' });
	await db('claims').where('id', letter.claim).update({ decision_letter: letter.file });
	const policy = (await db('claims').where('id', letter.claim).first('policy')).policy;
	if (!(await db('refunds').first('id'))) await db('refunds').insert({ policy, status: 'Pending', amount: 10, currency: 'EUR', reason: 'Surrender', effective_date: dbDate('2026-06-01') });
	if (!(await db('policy_documents').first('id'))) await db('policy_documents').insert({ policy, claim: letter.claim, kind: 'decision_letter', file: letter.file, created_at: new Date() });
	for (const collection of COLLECTIONS) {
		const key = primaryKey(collection);
		const row = await db(collection).orderBy(key).first(key);
		if (!row) throw new Error(`no ${collection} row to probe updates and deletes with`);
		sampleIds.set(collection, row[key]);
	}
});

async function canSubscribe(token: string, collection: Collection): Promise<boolean> {
	const client = createDirectus(directusUrl()).with(staticToken(token)).with(realtime({ reconnect: false }));
	await client.connect();
	try {
		const { subscription, unsubscribe } = await client.subscribe(isFiles(collection) ? 'directus_files' : collection, { query: { fields: [primaryKey(collection)], limit: 1 } });
		const first = await Promise.race([subscription.next(), new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5000))]);
		unsubscribe();
		if (first === 'timeout') throw new Error(`no answer to a subscription to ${collection}`);
		return (first.value as { event?: string } | undefined)?.event === 'init';
	} catch (error) {
		if ((error as { type?: string }).type === 'subscribe') return false;
		throw error;
	} finally {
		client.disconnect();
	}
}

describe.each(ROLES)('%s', (role) => {
	const token = () => tokens.get(role)!;

	it('has exactly the access of the matrix, per collection and action (/permissions/me)', async () => {
		const me = (await call(token(), 'GET', '/permissions/me')).data as Record<string, Record<string, { access: string; fields?: string[] }>>;
		const mismatches: string[] = [];
		for (const collection of COLLECTIONS) {
			for (const action of ACTIONS) {
				const info = me[collection]?.[action] ?? { access: 'none' };
				const access = expectedAccess(role, collection, action);
				if (info.access !== access) mismatches.push(`${collection}.${action}: ${info.access}, expected ${access}`);
				else if (access !== 'none') {
					const fields = [...(info.fields ?? [])].sort();
					const expected = expectedFields(role, collection, action);
					if (JSON.stringify(fields) !== JSON.stringify(expected)) mismatches.push(`${collection}.${action} fields: ${fields.join(',')}, expected ${expected.join(',')}`);
				}
			}
		}
		expect(mismatches).toEqual([]);
	});

	it('reads through REST, GraphQL and websocket subscriptions exactly what it may read', async () => {
		const mismatches: string[] = [];
		for (const collection of COLLECTIONS) {
			const allowed = expectedAccess(role, collection, 'read') !== 'none';
			const rest = await call(token(), 'GET', `${itemsPath(collection)}?limit=1&fields=${primaryKey(collection)}`);
			if ((rest.status === 200) !== allowed) mismatches.push(`REST ${collection}: ${rest.status}`);
			if (!allowed && rest.status !== 403) mismatches.push(`REST ${collection}: ${rest.status}, expected 403`);

			const field = isFiles(collection) ? 'files' : collection;
			const key = primaryKey(collection);
			const query = isSingleton(collection) ? `{ ${field} { ${key} } }` : `{ ${field}(limit: 1) { ${key} } }`;
			const gql = await call(token(), 'POST', isFiles(collection) ? '/graphql/system' : '/graphql', { query });
			if ((gql.errors === undefined) !== allowed) mismatches.push(`GraphQL ${collection}: ${gql.errors?.[0]?.message ?? 'answered'}`);

			if ((await canSubscribe(token(), collection)) !== allowed) mismatches.push(`websocket ${collection}: ${allowed ? 'refused' : 'subscribed'}`);
		}
		expect(mismatches).toEqual([]);
	});

	it.skipIf(role === 'Administrator')('is refused every write the matrix does not grant (REST and GraphQL)', async () => {
		const mismatches: string[] = [];
		for (const collection of COLLECTIONS) {
			const id = sampleIds.get(collection);
			const path = itemsPath(collection);
			const forbidden = (status: number) => status === 403;

			if (expectedAccess(role, collection, 'create') === 'none') {
				// Some collections validate a new item before Directus checks permissions (the
				// billing hooks, file uploads, singletons): any 4xx that writes nothing is a refusal.
				const before = await countRows(collection);
				const created = await call(token(), 'POST', path, {});
				if (!refused(created.status) || (await countRows(collection)) !== before) mismatches.push(`create ${collection}: ${created.status}`);
				if (!isFiles(collection)) {
					const gql = await call(token(), 'POST', '/graphql', { query: `mutation { create_${collection}_item(data: {}) { ${primaryKey(collection)} } }` });
					if (!gql.errors) mismatches.push(`GraphQL create ${collection}: accepted`);
				}
			} else if (!isSingleton(collection)) {
				// Granted: an empty payload gets past the permission check and fails validation.
				const created = await call(token(), 'POST', path, {});
				if (forbidden(created.status)) mismatches.push(`create ${collection}: 403 although granted`);
			}

			const target = isSingleton(collection) ? path : `${path}/${id}`;
			if (expectedAccess(role, collection, 'update') === 'none') {
				if (!forbidden((await call(token(), 'PATCH', target, {})).status)) mismatches.push(`update ${collection}: not refused`);
			} else if (expectedAccess(role, collection, 'update') === 'full') {
				const updated = await call(token(), 'PATCH', target, {});
				if (updated.status !== 200) mismatches.push(`update ${collection}: ${updated.status} although granted (${updated.errors?.[0]?.message})`);
			}

			if (expectedAccess(role, collection, 'delete') === 'none' && !isSingleton(collection)) {
				if (!forbidden((await call(token(), 'DELETE', `${path}/${id}`)).status)) mismatches.push(`delete ${collection}: not refused`);
			}
		}
		expect(mismatches).toEqual([]);
	});

	it.each(POLICY_ENDPOINTS)('calls /insurance policy $name only if the matrix says so', async (endpoint) => {
		const policy = await insertPolicy({ status: 'InForce' });
		const answer = await call(token(), 'POST', endpoint.path(policy), endpoint.body);
		if (endpoint.roles.includes(role)) {
			expect(answer.status, JSON.stringify(answer.errors)).toBe(200);
			expect(await statusOf('policies', policy)).toBe(endpoint.to);
		} else {
			expect(refused(answer.status), `${answer.status}`).toBe(true);
			expect(await statusOf('policies', policy)).toBe('InForce');
		}
	});

	it('reads a claim’s decision letter only if the matrix says so (/assets, /files, the claim’s relation, GraphQL)', async () => {
		const reads = DECISION_LETTER_READERS.includes(role);
		const answers = {
			asset: (await call(token(), 'GET', `/assets/${letter.file}`)).status,
			download: (await call(token(), 'GET', `/assets/${letter.file}?download`)).status,
			file: (await call(token(), 'GET', `/files/${letter.file}`)).status,
		};
		expect(answers).toEqual(reads ? { asset: 200, download: 200, file: 200 } : { asset: 403, download: 403, file: 403 });
		const files = await call(token(), 'GET', `/files?filter[id][_eq]=${letter.file}&fields=id`);
		expect(JSON.stringify(files.data ?? null).includes(letter.file)).toBe(reads);
		const relation = await call(token(), 'GET', `/items/claims/${letter.claim}?fields=decision_letter.id`);
		expect(JSON.stringify(relation.data ?? null).includes(letter.file)).toBe(reads);
		const gql = await call(token(), 'POST', '/graphql/system', { query: `{ files_by_id(id: "${letter.file}") { id } }` });
		expect(JSON.stringify(gql.data ?? null).includes(letter.file)).toBe(reads);
	});

	it('reads the transition tables (/insurance/lifecycles)', async () => {
		expect((await call(token(), 'GET', '/insurance/lifecycles')).status).toBe(200);
	});

	it.skipIf(role === 'Administrator')('is refused writes to fields the matrix does not grant', async () => {
		const mismatches: string[] = [];
		const claim = await testDatabase()('claims').orderBy('id').first('id');
		const line = await testDatabase()('claim_lines').orderBy('id').first('id');
		for (const [collection, id, field, value] of [
			['claims', claim.id, 'total_approved', 1],
			['claims', claim.id, 'claim_number', 'X-1'],
			['claims', claim.id, 'channel', 'api'],
			['claim_lines', line.id, 'amount_claimed', 1],
		] as const) {
			const granted = expectedFields(role, collection, 'update');
			if (granted.includes('*') || granted.includes(field)) continue;
			const result = await call(token(), 'PATCH', `/items/${collection}/${id}`, { [field]: value });
			if (result.status !== 403) mismatches.push(`${collection}.${field}: ${result.status}`);
		}
		expect(mismatches).toEqual([]);
	});
});

describe('staff-only fields', () => {
	/** The demo client's own policy, claim and line, on which every path is probed. */
	const own = {} as Record<'policies' | 'claims' | 'claim_lines', number>;
	const idOf = (row: unknown) => Number(typeof row === 'object' && row ? (row as { id: number }).id : row);
	beforeAll(async () => {
		const db = testDatabase();
		own.policies = await insertPolicy({ status: 'InForce' });
		const client = await db('policies').where('id', own.policies).first('client');
		own.claims = idOf((await db('claims').insert({ policy: own.policies, client: client.client, status: 'InReview', channel: 'call_center', total_claimed: 10, overdue: true, escalated_at: new Date() }).returning('id'))[0]);
		own.claim_lines = idOf(
			(await db('claim_lines').insert({ claim: own.claims, kind: 'medication', description: 'Probe', service_date: new Date(), quantity: 1, unit_amount: 10, amount_claimed: 10, amount_benefit: 8, receipt_hash: 'f'.repeat(64) }).returning('id'))[0],
		);
	});
	const probed = Object.entries(STAFF_ONLY_FIELDS) as [keyof typeof own, string[]][];
	const client = () => tokens.get('Client')!;

	it.each(probed)('a client reads its own %s without them, through REST and nested reads', async (collection, fields) => {
		const row = (await call(client(), 'GET', `/items/${collection}/${own[collection]}`)).data as Record<string, unknown>;
		expect(row).toHaveProperty('id', own[collection]);
		for (const field of fields) expect(row, field).not.toHaveProperty(field);
		const nested = (await call(client(), 'GET', `/items/clients?fields=policies.*,claims.*,claims.lines.*`)).data as Record<string, Record<string, unknown>[]>[];
		const rows = nested.flatMap((c) => (collection === 'claim_lines' ? c['claims']!.flatMap((claim) => claim['lines'] as unknown as Record<string, unknown>[]) : c[collection]!));
		expect(rows.some((r) => r['id'] === own[collection])).toBe(true);
		for (const field of fields) expect(rows.filter((r) => field in r), field).toEqual([]);
	});

	it.each(probed)('a client asking for them on %s by name, filter, sort or GraphQL is refused', async (collection, fields) => {
		const mismatches: string[] = [];
		for (const field of fields) {
			for (const query of [`fields=id,${field}`, `filter[${field}][_null]=false`, `sort=${field}`]) {
				const answer = await call(client(), 'GET', `/items/${collection}?${query}`);
				if (answer.status !== 403) mismatches.push(`REST ${query}: ${answer.status}`);
			}
			const gql = await call(client(), 'POST', '/graphql', { query: `{ ${collection}_by_id(id: ${own[collection]}) { id ${field} } }` });
			if (!gql.errors || JSON.stringify(gql.data ?? null).includes(`"${field}"`)) mismatches.push(`GraphQL ${field}: answered`);
		}
		const gql = await call(client(), 'POST', '/graphql', { query: `{ ${collection}_by_id(id: ${own[collection]}) { id } }` });
		expect(gql.errors).toBeUndefined();
		expect(mismatches).toEqual([]);
	});

	it('a client subscribed to its claims receives none of them', async () => {
		const socket = createDirectus(directusUrl()).with(staticToken(client())).with(realtime({ reconnect: false }));
		await socket.connect();
		try {
			const { subscription, unsubscribe } = await socket.subscribe('claims', { query: { fields: ['*'], filter: { id: { _eq: own.claims } } } });
			const first = await Promise.race([subscription.next(), new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000))]);
			unsubscribe();
			if (first === 'timeout') throw new Error('no answer to the subscription');
			const rows = (first.value as { data?: Record<string, unknown>[] }).data ?? [];
			expect(rows.map((r) => r['id'])).toEqual([own.claims]);
			for (const field of STAFF_ONLY_FIELDS.claims!) expect(rows[0], field).not.toHaveProperty(field);
		} finally {
			socket.disconnect();
		}
	});

	it('the claims team still reads them', async () => {
		const answer = await call(tokens.get('Claims Department')!, 'GET', `/items/claims/${own.claims}?fields=${STAFF_ONLY_FIELDS.claims!.join(',')}`);
		expect(answer.status).toBe(200);
		expect(answer.data).toMatchObject({ channel: 'call_center', overdue: true });
	});
});

describe('webhook subscriptions', () => {
	it('are deleted by a Business Admin, not by the claims team', async () => {
		const [row] = await testDatabase()('webhook_subscriptions').insert({ name: 'To delete', url: 'http://127.0.0.1:9/x', secret: 's', active: false }).returning('id');
		const id = typeof row === 'object' ? row.id : row;
		expect((await call(tokens.get('Claims Department')!, 'DELETE', `/items/webhook_subscriptions/${id}`)).status).toBe(403);
		expect((await call(tokens.get('Business Admin')!, 'DELETE', `/items/webhook_subscriptions/${id}`)).status).toBe(204);
	});
});
