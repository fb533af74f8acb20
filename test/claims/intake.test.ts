// POST /insurance/claims: who may file, what is computed on the server, and bad input — at
// least 1000 generated malformed submissions, each a 400 naming the field, none writing a row.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { directusUrl } from '../helpers/clients';
import { dbDate, historyOf, insertPolicy, testDatabase } from '../helpers/fixtures';
import { post, tokenFor, upload } from './api';

const today = DateTime.now().setZone('Europe/Paris').startOf('day');
const day = (offset: number) => today.plus({ days: offset }).toISODate()!;
const begin = day(-200);
const end = day(165);
/** Decimals come back as strings from Postgres, as numbers from SQLite. */
const money = (value: unknown) => Number(value).toFixed(2);
const line = (over: Record<string, unknown> = {}) => ({ kind: 'medication', description: 'Amoxicillin 1 g', service_date: day(-3), quantity: 2, unit_amount: '12.40', ...over });

let client: string;
let policy: number;
beforeAll(async () => {
	client = await tokenFor(directusUrl(), 'client@example.com');
	policy = await insertPolicy({ begin_date: dbDate(begin), end_date: dbDate(end) });
});
const file = (body: unknown, token = client) => post(directusUrl(), '/insurance/claims', body, token);

async function rowCounts() {
	const db = testDatabase();
	const max = async (table: string) => Number((await db(table).max('id as id').first())?.id ?? 0);
	return { claims: await max('claims'), claim_lines: await max('claim_lines'), status_history: await max('status_history'), insurance_events: await max('insurance_events') };
}

describe('filing a claim', () => {
	it('files a client claim from the portal: priced, numbered, submitted, due, in the team queue', async () => {
		const result = await file({ policy, lines: [line(), line({ kind: 'consultation', description: 'GP visit', quantity: 1, unit_amount: 30 })] });
		expect(result.status, JSON.stringify(result.body)).toBe(201);
		const claim = result.body.data;
		expect(claim).toMatchObject({ policy, status: 'Submitted', total_approved: null });
		// The queue, channel and escalation are the insurer's working fields: the client does not read them.
		for (const internal of ['channel', 'assigned_team', 'assigned_to', 'overdue', 'escalated_at']) expect(claim).not.toHaveProperty(internal);
		const stored = await testDatabase()('claims').where('id', claim.id).first('channel', 'assigned_team');
		expect(money(claim.total_claimed)).toBe('54.80');
		expect(claim.claim_number).toBe(`CLM-${today.year}-${String(claim.id).padStart(6, '0')}`);
		expect(claim.lines.map((l: Record<string, unknown>) => [l.kind, money(l.amount_claimed)])).toEqual([
			['medication', '24.80'],
			['consultation', '30.00'],
		]);
		expect(Date.now() - Date.parse(claim.submitted_at)).toBeLessThan(60_000);
		let due = today;
		for (let left = 10; left > 0; ) {
			due = due.plus({ days: 1 });
			if (due.weekday <= 5) left--;
		}
		expect(claim.decision_due_date).toBe(due.toISODate());
		const team = await testDatabase()('directus_roles').where('name', 'Claims Department').first('id');
		expect(stored).toEqual({ channel: 'portal', assigned_team: team.id });
		expect(await historyOf('claims', claim.id)).toEqual([
			expect.objectContaining({ from_status: null, to_status: 'Draft', trigger: 'created' }),
			expect.objectContaining({ from_status: 'Draft', to_status: 'Submitted', trigger: 'manual', reason: 'Filed through portal' }),
		]);
	});

	it('files for a client from the call center and through the integrator token', async () => {
		const clientId = (await testDatabase()('policies').where('id', policy).first('client')).client;
		const byPhone = await file({ policy, client: clientId, lines: [line()] }, await tokenFor(directusUrl(), 'callcenter@example.com'));
		expect(byPhone.status, JSON.stringify(byPhone.body)).toBe(201);
		expect(byPhone.body.data).toMatchObject({ channel: 'call_center', client: clientId, status: 'Submitted' });
		const byApi = await file({ policy, channel: 'api', lines: [line()] }, 'demo-integrator-token');
		expect(byApi.status, JSON.stringify(byApi.body)).toBe(201);
		expect(byApi.body.data).toMatchObject({ channel: 'api', status: 'Submitted' });
	});

	it('takes receipts the client uploaded, of an allowed type', async () => {
		const png = await upload(directusUrl(), client, 'receipt.png', 'image/png', new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3]));
		const html = await upload(directusUrl(), client, 'receipt.html', 'text/html', new TextEncoder().encode('<p>receipt</p>'));
		const ok = await file({ policy, lines: [line({ receipt: png })] });
		expect(ok.status, JSON.stringify(ok.body)).toBe(201);
		expect(ok.body.data.lines[0].receipt).toBe(png);
		const before = await rowCounts();
		const refused = await file({ policy, lines: [line(), line({ receipt: html })] });
		expect(refused.status).toBe(400);
		expect(refused.body.errors![0]!.message).toMatch(/^"lines\[1\]\.receipt" must be one of application\/pdf/);
		const other = await upload(directusUrl(), await tokenFor(directusUrl(), 'client.b@example.com'), 'b.png', 'image/png', new Uint8Array([1, 2, 3]));
		expect((await file({ policy, lines: [line({ receipt: other })] })).body.errors![0]!.message).toBe(`"lines[0].receipt" ${other} is not a file you uploaded`);
		expect(await rowCounts()).toEqual(before);
	});

	it('refuses roles that do not file claims, and anonymous callers', async () => {
		const before = await rowCounts();
		expect((await file({ policy, lines: [line()] }, await tokenFor(directusUrl(), 'manager@example.com'))).status).toBe(403);
		expect((await file({ policy, lines: [line()] }, await tokenFor(directusUrl(), 'administration@example.com'))).status).toBe(403);
		expect((await post(directusUrl(), '/insurance/claims', { policy, lines: [line()] })).status).toBe(403);
		expect(await rowCounts()).toEqual(before);
	});
});

describe('fields a business admin adds', () => {
	it('takes a field added to claims and claim lines once it is granted to the caller (to write and to read), and refuses it before', async () => {
		const admin = await tokenFor(directusUrl(), 'admin@example.com', 'insurance-admin');
		const call = async (method: string, path: string, body?: unknown) => {
			const response = await fetch(`${directusUrl()}${path}`, { method, headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
			expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true);
			return response.status === 204 ? undefined : ((await response.json()) as { data: any }).data;
		};
		const field = `referral_${Date.now().toString(36)}`;
		await call('POST', '/fields/claims', { field, type: 'string', meta: { interface: 'input' }, schema: {} });
		await call('POST', '/fields/claim_lines', { field, type: 'string', meta: { interface: 'input' }, schema: {} });
		const [clientPolicy] = await call('GET', `/policies?filter[name][_eq]=Client&fields=id`);
		const grants = await call('GET', `/permissions?filter[policy][_eq]=${clientPolicy.id}&filter[collection][_in]=claims,claim_lines&filter[action][_in]=create,read&fields=id,collection,fields`);
		try {
			const before = await rowCounts();
			const refused = await file({ policy, [field]: 'Dr Weber', lines: [line()] });
			expect(refused.status).toBe(400);
			expect(refused.body.errors![0]!.message).toBe(`"${field}" is not allowed`);
			expect(await rowCounts()).toEqual(before);
			for (const grant of grants) await call('PATCH', `/permissions/${grant.id}`, { fields: [...grant.fields, field] });
			const filed = await file({ policy, [field]: 'Dr Weber', lines: [line({ [field]: 'Pharmacy du Port' })] });
			expect(filed.status, JSON.stringify(filed.body)).toBe(201);
			expect(filed.body.data[field]).toBe('Dr Weber');
			expect(filed.body.data.lines[0][field]).toBe('Pharmacy du Port');
			expect((await file({ policy, total_claimed: 1, lines: [line()] })).body.errors![0]!.message).toBe('"total_claimed" is not allowed');
		} finally {
			for (const grant of grants) await call('PATCH', `/permissions/${grant.id}`, { fields: grant.fields });
			await call('DELETE', `/fields/claims/${field}`);
			await call('DELETE', `/fields/claim_lines/${field}`);
		}
	});
});

describe('malformed claim submissions', () => {
	let foreignPolicy: number;
	let lapsedPolicy: number;
	let otherClient: number;
	beforeAll(async () => {
		const clientB = await testDatabase()('clients').where('email', 'client.b@example.com').first('id');
		otherClient = clientB.id;
		foreignPolicy = await insertPolicy({ client: clientB.id, begin_date: dbDate(begin), end_date: dbDate(end) });
		lapsedPolicy = await insertPolicy({ status: 'Lapsed', begin_date: dbDate(begin), end_date: dbDate(end) });
	});

	type Case = { body: Record<string, unknown>; field: string };
	const validLine = fc.record({
		kind: fc.constantFrom('medication', 'consultation', 'hospital', 'other'),
		description: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0),
		service_date: fc.integer({ min: -200, max: 0 }).map(day),
		quantity: fc.integer({ min: 1, max: 50 }),
		unit_amount: fc.oneof(fc.integer({ min: 1, max: 99_999 }).map((c) => (c / 100).toFixed(2)), fc.integer({ min: 1, max: 500 })),
	});
	const badLineValue: Record<string, fc.Arbitrary<unknown>> = {
		kind: fc.oneof(fc.constantFrom('astrology', 'MEDICATION', '', null, 3, true, []), fc.string({ minLength: 12 })),
		description: fc.constantFrom('', '   ', 'x'.repeat(256), null, 42, {}, ['a']),
		service_date: fc.oneof(
			fc.constantFrom('2026-02-30', '2026-13-01', '21/11/2026', 'yesterday', '', null, 20261121, day(-201), day(1), day(400)),
			fc.integer({ min: 1, max: 3000 }).map((n) => day(n)),
			fc.integer({ min: 201, max: 3000 }).map((n) => day(-n)),
		),
		quantity: fc.oneof(fc.constantFrom(0, -1, 1.5, 10_001, 'two', null, '', [], {}), fc.integer({ max: 0 }), fc.double({ min: 0.01, max: 99, noInteger: true })),
		unit_amount: fc.oneof(
			fc.constantFrom(0, '0', '0.00', -5, '-5', '1.005', 12.345, 'abc', '', null, true, [], '1e3', '12,40', '1000000.01', 1e12),
			fc.integer({ max: -1 }),
			fc.double({ min: 0.001, max: 1000, noNaN: true }).filter((n) => !/^\d+(\.\d{1,2})?$/.test(String(n))),
		),
		receipt: fc.oneof(fc.constantFrom('not-a-uuid', 42, '', {}), fc.uuid({ version: 4 })),
	};

	const malformed: fc.Arbitrary<Case> = fc
		.tuple(fc.array(validLine, { minLength: 1, maxLength: 4 }), fc.nat())
		.chain(([lines, pick]) => {
			const body = () => ({ policy, lines: lines.map((l) => ({ ...l })) });
			const index = pick % lines.length;
			const lineCase = fc.constantFrom(...Object.keys(badLineValue)).chain((key) =>
				fc.tuple(badLineValue[key]!, fc.boolean()).map(([value, drop]): Case => {
					const b = body();
					const target = b.lines[index] as Record<string, unknown>;
					// Omitting a required field is malformed too (receipt is optional).
					if (drop && key !== 'receipt') delete target[key];
					else target[key] = value;
					return { body: b, field: `lines[${index}].${key}` };
				}),
			);
			const extraLineKey = fc.constantFrom('amount_claimed', 'amount_approved', 'rejection_reason', 'claim', 'id').map((key): Case => {
				const b = body();
				(b.lines[index] as Record<string, unknown>)[key] = '1';
				return { body: b, field: `lines[${index}].${key}` };
			});
			const topLevel = fc.oneof(
				fc.constantFrom<unknown>(undefined, null, 'abc', 1.5, -3, 0, {}, [], true, 99_999_999).map((value): Case => ({ body: { ...body(), policy: value }, field: 'policy' })),
				fc.constantFrom(foreignPolicy, lapsedPolicy).map((value): Case => ({ body: { ...body(), policy: value }, field: 'policy' })),
				fc.constantFrom<unknown>('abc', 1.5, -1, 0, null, otherClient).map((value): Case => ({ body: { ...body(), client: value }, field: 'client' })),
				fc.constantFrom<unknown>('fax', '', 3, null, 'api', 'call_center').map((value): Case => ({ body: { ...body(), channel: value }, field: 'channel' })),
				fc.constantFrom<unknown>(undefined, null, [], 'lines', {}, 3).map((value): Case => ({ body: { ...body(), lines: value }, field: 'lines' })),
				fc.constant<Case>({ body: { policy, lines: Array.from({ length: 101 }, () => line()) }, field: 'lines' }),
				fc.constantFrom('status', 'claim_number', 'total_claimed', 'assigned_to', 'submitted_at').map((key): Case => ({ body: { ...body(), [key]: 'x' }, field: key })),
				fc.constantFrom<unknown>(null, 'line', 3, []).map((value): Case => {
					const b = body();
					(b.lines as unknown[])[index] = value;
					return { body: b, field: `lines[${index}]` };
				}),
			);
			return fc.oneof({ arbitrary: lineCase, weight: 6 }, { arbitrary: extraLineKey, weight: 1 }, { arbitrary: topLevel, weight: 3 });
		});

	it('answers 1000 generated malformed submissions with a 400 naming the field, writing nothing', async () => {
		const before = await rowCounts();
		const seen = new Set<string>();
		await fc.assert(
			fc.asyncProperty(malformed, async ({ body, field }) => {
				const result = await file(body);
				expect(result.status, `${JSON.stringify(body)} → ${JSON.stringify(result.body)}`).toBe(400);
				const message = result.body.errors![0]!.message;
				expect(message.startsWith(`"${field}" `), `expected "${field}" in: ${message}\nfor ${JSON.stringify(body)}`).toBe(true);
				seen.add(field.replace(/\[\d+\]/, '[i]'));
			}),
			{ numRuns: 1000 },
		);
		expect(await rowCounts()).toEqual(before);
		// Every field was exercised, not just the easy ones.
		for (const field of ['policy', 'client', 'channel', 'lines', 'lines[i]', 'lines[i].kind', 'lines[i].description', 'lines[i].service_date', 'lines[i].quantity', 'lines[i].unit_amount', 'lines[i].receipt']) {
			expect(seen, field).toContain(field);
		}
	});
});
