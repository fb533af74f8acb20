// The claim rules hold on Directus' own item API too, not only on /insurance/claims: the same
// bad claims are refused with the same messages, a submission through a status write is
// priced, numbered, dated and queued, lines freeze once the claim leaves Draft, and an
// approval stands on line decisions within the approval limit, whatever path writes it.
import { createFlow, createOperation, updateFlow } from '@directus/sdk';
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, directusUrl } from '../helpers/clients';
import { dbDate, FULL_COVER, historyOf, insertPolicy, statusOf, testDatabase } from '../helpers/fixtures';
import { post, tokenFor, upload } from './api';

const today = DateTime.now().setZone('Europe/Paris').startOf('day');
const day = (offset: number) => today.plus({ days: offset }).toISODate()!;
const begin = day(-200);
const end = day(165);
/** Decimals come back as strings from Postgres, as numbers from SQLite. */
const money = (value: unknown) => (value === null ? null : Number(value).toFixed(2));
const line = (over: Record<string, unknown> = {}) => ({ kind: 'medication', description: 'Amoxicillin 1 g', service_date: day(-3), quantity: 2, unit_amount: '12.40', ...over });

interface Answer {
	status: number;
	body: { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

const tokens = new Map<string, string>();
async function token(email: string) {
	if (!tokens.has(email)) tokens.set(email, email === 'admin@example.com' ? await tokenFor(directusUrl(), email, 'insurance-admin') : await tokenFor(directusUrl(), email));
	return tokens.get(email)!;
}

async function call(method: string, path: string, body: unknown, email: string): Promise<Answer> {
	const response = await fetch(`${directusUrl()}${path}`, {
		method,
		headers: { authorization: `Bearer ${await token(email)}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : {} };
}
const message = (answer: Answer) => answer.body.errors?.[0]?.message;

let policy: number;
let lapsedPolicy: number;
let clientId: number;
let htmlReceipt: string;
/** The kinds intake accepts, as the refusal lists them: data a Business Admin may have added to. */
let activeKinds: string;
beforeAll(async () => {
	htmlReceipt = await upload(directusUrl(), await token('client@example.com'), 'receipt.html', 'text/html', new TextEncoder().encode('<p>receipt</p>'));
	activeKinds = (await testDatabase()('claim_line_kinds').where('active', true).orderBy('code').pluck('code')).join(', ');
	// Proposals equal the amounts claimed: the decisions under test here are the handlers'.
	policy = await insertPolicy({ begin_date: dbDate(begin), end_date: dbDate(end) }, FULL_COVER);
	clientId = (await testDatabase()('policies').where('id', policy).first('client')).client;
	lapsedPolicy = await insertPolicy({ status: 'Lapsed', begin_date: dbDate(begin), end_date: dbDate(end) });
});

async function rowCounts() {
	const db = testDatabase();
	const max = async (table: string) => Number((await db(table).max('id as id').first())?.id ?? 0);
	return { claims: await max('claims'), claim_lines: await max('claim_lines') };
}

/** Files through the item API as a client would: create the claim with its lines, then submit it. */
async function fileThroughItems(body: Record<string, unknown>, email = 'client@example.com'): Promise<{ answer: Answer; id?: number }> {
	const created = await call('POST', '/items/claims', body, email);
	if (created.status >= 300) return { answer: created };
	const id = Number(created.body.data.id);
	return { answer: await call('PATCH', `/items/claims/${id}`, { status: 'Submitted' }, email), id };
}

describe('the item API and the intake endpoint refuse the same claims in the same words', () => {
	/** Case, body, message; the item API refuses a field it grants to nobody as Directus does (403). */
	const bad: [string, () => Record<string, unknown>, string | (() => string), number?][] = [
		['a negative quantity', () => ({ policy, lines: [line({ quantity: -5 })] }), '"lines[0].quantity" must be a whole number from 1 to 10000'],
		['a million units', () => ({ policy, lines: [line({ quantity: 1_000_000 })] }), '"lines[0].quantity" must be a whole number from 1 to 10000'],
		['a fractional quantity', () => ({ policy, lines: [line(), line({ quantity: 1.5 })] }), '"lines[1].quantity" must be a whole number from 1 to 10000'],
		['a negative unit amount', () => ({ policy, lines: [line({ unit_amount: -1 })] }), '"lines[0].unit_amount" must be an amount ≥ 0 with at most 2 decimals'],
		['a zero unit amount', () => ({ policy, lines: [line({ unit_amount: '0.00' })] }), '"lines[0].unit_amount" must be a positive amount of at least 0.01'],
		['a unit amount above the bound', () => ({ policy, lines: [line({ unit_amount: '1000000.01' })] }), '"lines[0].unit_amount" must be at most 1000000'],
		['a service date in 1990', () => ({ policy, lines: [line({ service_date: '1990-01-01' })] }), `"lines[0].service_date" must be inside the policy period ${begin} to ${end}`],
		['a service date in 2099', () => ({ policy, lines: [line({ service_date: '2099-01-01' })] }), `"lines[0].service_date" must be inside the policy period ${begin} to ${end}`],
		['a service date the day before the begin date', () => ({ policy, lines: [line({ service_date: day(-201) })] }), `"lines[0].service_date" must be inside the policy period ${begin} to ${end}`],
		['a service date in the future', () => ({ policy, lines: [line({ service_date: day(10) })] }), `"lines[0].service_date" must not be in the future (today is ${today.toISODate()})`],
		['a date that is not one', () => ({ policy, lines: [line({ service_date: '2026-02-30' })] }), '"lines[0].service_date" is not a calendar date'],
		['an unknown kind', () => ({ policy, lines: [line({ kind: 'astrology' })] }), () => `"lines[0].kind" must be one of the active claim kinds: ${activeKinds}`],
		['a missing description', () => ({ policy, lines: [line({ description: undefined })] }), '"lines[0].description" is required'],
		['an amount claimed sent by the client', () => ({ policy, lines: [line({ amount_claimed: '1.00' })] }), '"lines[0].amount_claimed" is not allowed', 403],
		['a decision sent by the client', () => ({ policy, lines: [line({ amount_approved: '1.00' })] }), '"lines[0].amount_approved" is not allowed', 403],
		['a receipt nobody can open', () => ({ policy, lines: [line({ receipt: htmlReceipt })] }), '"lines[0].receipt" must be one of application/pdf, image/jpeg, image/png, image/heic, image/webp, got text/html'],
		['no lines', () => ({ policy, lines: [] }), '"lines" must contain at least one line'],
		['a lapsed policy', () => ({ policy: lapsedPolicy, lines: [line()] }), '"policy" is Lapsed; claims are filed on InForce policies only'],
	];

	it.each(bad)('%s', async (_case, body, wanted, itemStatus = 400) => {
		const expected = typeof wanted === 'function' ? wanted() : wanted;
		const before = await rowCounts();
		const endpoint = await post(directusUrl(), '/insurance/claims', body(), await token('client@example.com'));
		expect(endpoint.status).toBe(400);
		expect(message(endpoint)).toBe(expected);
		expect(await rowCounts()).toEqual(before);

		const { answer, id } = await fileThroughItems(body());
		expect(answer.status, JSON.stringify(answer.body)).toBe(itemStatus);
		expect(message(answer)).toBe(expected);
		if (id !== undefined) expect(await statusOf('claims', id)).toBe('Draft');
	});

	it('the integrator and the call center meet the same rules', async () => {
		for (const email of ['integrator@example.com', 'callcenter@example.com']) {
			const { answer } = await fileThroughItems({ policy, client: clientId, lines: [line({ quantity: -5 })] }, email);
			expect(answer.status).toBe(400);
			expect(message(answer)).toBe('"lines[0].quantity" must be a whole number from 1 to 10000');
		}
	});
});

describe('filing through the item API', () => {
	it('prices the lines, keeps the total, and submits with number, dates and team as the endpoint does', async () => {
		const created = await call('POST', '/items/claims', { policy, lines: [line(), line({ kind: 'consultation', description: 'GP visit', quantity: 1, unit_amount: 30 })] }, 'client@example.com');
		expect(created.status, JSON.stringify(created.body)).toBe(200);
		const id = Number(created.body.data.id);
		const db = testDatabase();
		const amounts = async () => (await db('claim_lines').where('claim', id).orderBy('id').pluck('amount_claimed')).map(money);
		const total = async () => money((await db('claims').where('id', id).first('total_claimed')).total_claimed);
		expect(await amounts()).toEqual(['24.80', '30.00']);
		expect(await total()).toBe('54.80');

		const added = await call('POST', '/items/claim_lines', { claim: id, ...line({ quantity: 3, unit_amount: '1.10' }) }, 'client@example.com');
		expect(added.status, JSON.stringify(added.body)).toBe(200);
		expect(await total()).toBe('58.10');
		expect(message(await call('POST', '/items/claim_lines', { claim: id, ...line({ service_date: '1990-01-01' }) }, 'client@example.com'))).toBe(`"service_date" must be inside the policy period ${begin} to ${end}`);

		// As the Directus app sends it: the status, and no change to the lines.
		const submitted = await call('PATCH', `/items/claims/${id}`, { status: 'Submitted', lines: { create: [], update: [], delete: [] } }, 'client@example.com');
		expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
		const claim = await db('claims').where('id', id).first();
		expect(claim.status).toBe('Submitted');
		expect(claim.claim_number).toBe(`CLM-${today.year}-${String(id).padStart(6, '0')}`);
		expect(claim.submitted_at).not.toBeNull();
		expect(claim.decision_due_date).not.toBeNull();
		expect(claim.assigned_team).toBe((await db('directus_roles').where('name', 'Claims Department').first('id')).id);
		expect(money(claim.total_claimed)).toBe('58.10');
		expect(await historyOf('claims', id)).toEqual([
			expect.objectContaining({ from_status: null, to_status: 'Draft', trigger: 'created' }),
			expect.objectContaining({ from_status: 'Draft', to_status: 'Submitted', trigger: 'manual' }),
		]);

		// Once submitted, the lines are the claim's record: nobody adds, edits or removes one.
		const [first] = await db('claim_lines').where('claim', id).orderBy('id').pluck('id');
		expect((await call('POST', '/items/claim_lines', { claim: id, ...line() }, 'client@example.com')).status).toBe(403);
		const edited = await call('PATCH', `/items/claim_lines/${first}`, { quantity: 200 }, 'admin@example.com');
		expect(edited.status).toBe(403);
		expect(message(edited)).toBe(`claims ${id} is Submitted: its lines are read-only once it leaves Draft`);
		expect((await call('DELETE', `/items/claim_lines/${first}`, undefined, 'admin@example.com')).status).toBe(403);
		expect((await call('PATCH', `/items/claims/${id}`, { lines: { create: [line()] } }, 'admin@example.com')).status).toBe(403);
		expect(await amounts()).toEqual(['24.80', '30.00', '3.30']);
		const moved = await call('PATCH', `/items/claims/${id}`, { policy: lapsedPolicy }, 'admin@example.com');
		expect(moved.status).toBe(403);
		expect(message(moved)).toBe(`claims ${id} is Submitted: policy is read-only once it leaves Draft`);
	});

	it('re-prices a draft line an administrator edits, keeps the total, and refuses what the server computes', async () => {
		const created = await call('POST', '/items/claims', { policy, client: clientId, lines: { create: [line(), line()] } }, 'admin@example.com');
		expect(created.status, JSON.stringify(created.body)).toBe(200);
		const id = Number(created.body.data.id);
		const db = testDatabase();
		const [first, second] = await db('claim_lines').where('claim', id).orderBy('id').pluck('id');
		expect((await call('PATCH', `/items/claim_lines/${first}`, { quantity: 5 }, 'admin@example.com')).status).toBe(200);
		expect(money((await db('claim_lines').where('id', first).first('amount_claimed')).amount_claimed)).toBe('62.00');
		expect(money((await db('claims').where('id', id).first('total_claimed')).total_claimed)).toBe('86.80');
		expect((await call('DELETE', `/items/claim_lines/${second}`, undefined, 'admin@example.com')).status).toBe(204);
		expect(money((await db('claims').where('id', id).first('total_claimed')).total_claimed)).toBe('62.00');
		expect(message(await call('PATCH', `/items/claim_lines/${first}`, { amount_claimed: 1 }, 'admin@example.com'))).toBe('"amount_claimed" is not allowed');
		expect(message(await call('PATCH', `/items/claims/${id}`, { total_claimed: 1 }, 'admin@example.com'))).toBe('"total_claimed" is not allowed');
		expect(message(await call('POST', '/items/claims', { policy, client: clientId, status: 'Submitted', lines: [line()] }, 'admin@example.com'))).toMatch(/^"status" must be "Draft" for a claim created through the item API/);
	});
});

/** A claim in `status` with lines of the given amounts, written straight into the database. */
async function insertClaim(status: string, amounts: number[], decided: (number | null)[] = []) {
	const db = testDatabase();
	const { client } = await db('policies').where('id', policy).first('client');
	const total = amounts.reduce((sum, a) => sum + a, 0);
	const [row] = await db('claims').insert({ policy, client, status, channel: 'portal', total_claimed: total }).returning('id');
	const id = Number(typeof row === 'object' ? row.id : row);
	const lines: number[] = [];
	for (const [index, amount] of amounts.entries()) {
		const [lineRow] = await db('claim_lines')
			.insert({ claim: id, kind: 'hospital', description: 'Night', service_date: dbDate(day(-5)), quantity: 1, unit_amount: amount, amount_claimed: amount, amount_approved: decided[index] ?? null })
			.returning('id');
		lines.push(Number(typeof lineRow === 'object' ? lineRow.id : lineRow));
	}
	return { id, lines };
}

describe('deciding through the item API', () => {
	let flowId: string;
	beforeAll(async () => {
		const admin = await asAdmin();
		const flow = await admin.request(createFlow({ name: 'Test: claim transition', status: 'active', trigger: 'webhook', accountability: 'all', options: { method: 'POST', async: false, return: '$last' } }));
		flowId = flow.id;
		const operation = await admin.request(
			createOperation({ flow: flow.id, key: 'transition', name: 'Transition item', type: 'insurance-transition-item', position_x: 19, position_y: 1, options: { collection: 'claims', item: '{{$trigger.body.item}}', status: '{{$trigger.body.status}}' } }),
		);
		await admin.request(updateFlow(flow.id, { operation: operation.id }));
	});

	const approveBy: Record<string, (id: number, email: string) => Promise<{ status: number; message?: string }>> = {
		'PATCH one item': async (id, email) => summary(await call('PATCH', `/items/claims/${id}`, { status: 'Approved' }, email)),
		'batch PATCH': async (id, email) => summary(await call('PATCH', '/items/claims', [{ id, status: 'Approved' }], email)),
		'PATCH by query': async (id, email) => summary(await call('PATCH', '/items/claims', { query: { filter: { id: { _eq: id } } }, data: { status: 'Approved' } }, email)),
		GraphQL: async (id, email) => {
			const answer = await call('POST', '/graphql', { query: `mutation { update_claims_item(id: ${id}, data: { status: "Approved" }) { id } }` }, email);
			// GraphQL answers 200 with its errors; their codes say what REST's status would be.
			const code = answer.body.errors?.[0]?.extensions?.['code'] as string | undefined;
			return { status: code ? ({ INVALID_PAYLOAD: 400, BUSINESS_RULE_VIOLATION: 409 } as Record<string, number>)[code] ?? 500 : 200, message: message(answer) };
		},
		'Flow "Transition item"': async (id, email) => {
			const answer = await call('POST', `/flows/trigger/${flowId}`, { item: id, status: 'Approved' }, email);
			const result = answer.body as unknown as { code?: string; status?: number; message?: string };
			return result.code ? { status: result.status!, message: result.message } : { status: answer.status };
		},
	};
	const summary = (answer: Answer) => ({ status: answer.status, message: message(answer) });

	describe.each(Object.entries(approveBy))('%s', (_path, approve) => {
		it('approves without line decisions, each line at its proposal', async () => {
			const { id, lines } = await insertClaim('InReview', [400, 100]);
			const result = await approve(id, 'admin@example.com');
			expect(result.status, result.message).toBe(200);
			expect(await statusOf('claims', id)).toBe('Approved');
			const decided = await testDatabase()('claim_lines').whereIn('id', lines).orderBy('id').select('amount_benefit', 'amount_approved');
			expect(decided.map((line) => [money(line.amount_benefit), money(line.amount_approved)])).toEqual([
				['400.00', '400.00'],
				['100.00', '100.00'],
			]);
			expect(money((await testDatabase()('claims').where('id', id).first('total_approved')).total_approved)).toBe('500.00');
		});

		it('refuses the Claims Department an approval above the limit, even with every line decided', async () => {
			const { id } = await insertClaim('InReview', [1500], [1500]);
			const result = await approve(id, 'claims@example.com');
			expect(result.status).toBe(409);
			expect(result.message).toMatch(new RegExp(`^claims ${id}: approved total 1500.00 is above the approval limit 1000.00; only a holder of the claim right decide-above-limit approves it`));
			expect(await statusOf('claims', id)).toBe('InReview');
			expect((await testDatabase()('claims').where('id', id).first('total_approved')).total_approved).toBeNull();
		});
	});

	it('takes the decisions sent with the approval; a Manager approves above the limit, with total and decision date', async () => {
		const { id, lines } = await insertClaim('InReview', [1500]);
		const refused = await call('PATCH', `/items/claims/${id}`, { status: 'Approved', lines: [{ id: lines[0], amount_approved: 1500 }] }, 'claims@example.com');
		expect(refused.status).toBe(409);
		expect((await testDatabase()('claim_lines').where('id', lines[0]).first('amount_approved')).amount_approved).toBeNull();
		const short = await call('PATCH', `/items/claims/${id}`, { status: 'Approved', lines: { update: [{ id: lines[0], amount_approved: 1400 }] } }, 'manager@example.com');
		expect(short.status).toBe(400);
		expect(message(short)).toBe('"lines[0].rejection_reason" is required when less than the amount claimed is approved');
		const approved = await call('PATCH', `/items/claims/${id}`, { status: 'Approved', lines: { update: [{ id: lines[0], amount_approved: 1400, rejection_reason: 'Above the tariff' }] } }, 'manager@example.com');
		expect(approved.status, JSON.stringify(approved.body)).toBe(200);
		const claim = await testDatabase()('claims').where('id', id).first();
		expect(claim.status).toBe('Approved');
		expect(money(claim.total_approved)).toBe('1400.00');
		expect(claim.decided_at).not.toBeNull();
		expect(await testDatabase()('claim_lines').where('id', lines[0]).first('amount_approved', 'rejection_reason')).toMatchObject({ rejection_reason: 'Above the tariff' });

		// Paying needs a reference, on this path as on the endpoint.
		const unpaid = await call('PATCH', `/items/claims/${id}`, { status: 'Paid' }, 'administration@example.com');
		expect(unpaid.status).toBe(400);
		expect(message(unpaid)).toBe('"payment_reference" is required');
		expect(await statusOf('claims', id)).toBe('Approved');
		const paid = await call('PATCH', `/items/claims/${id}`, { status: 'Paid', payment_reference: 'BANK-REST-1' }, 'administration@example.com');
		expect(paid.status, JSON.stringify(paid.body)).toBe(200);
		expect(await testDatabase()('claims').where('id', id).first('status', 'payment_reference')).toMatchObject({ status: 'Paid', payment_reference: 'BANK-REST-1' });
		expect((await testDatabase()('claims').where('id', id).first('paid_at')).paid_at).not.toBeNull();
	});

	it('within the limit the Claims Department decides the lines, then approves', async () => {
		const { id, lines } = await insertClaim('InReview', [300, 200]);
		expect(message(await call('PATCH', `/items/claim_lines/${lines[0]}`, { amount_approved: 400 }, 'claims@example.com'))).toBe('"amount_approved" must not exceed the amount claimed (300.00)');
		expect((await call('PATCH', `/items/claim_lines/${lines[0]}`, { amount_approved: 300 }, 'claims@example.com')).status).toBe(200);
		expect((await call('PATCH', `/items/claim_lines/${lines[1]}`, { amount_approved: 150, rejection_reason: 'Generic equivalent' }, 'claims@example.com')).status).toBe(200);
		const approved = await call('PATCH', `/items/claims/${id}`, { status: 'Approved' }, 'claims@example.com');
		expect(approved.status, JSON.stringify(approved.body)).toBe(200);
		expect(money((await testDatabase()('claims').where('id', id).first('total_approved')).total_approved)).toBe('450.00');
		// Decided: the lines are frozen.
		expect((await call('PATCH', `/items/claim_lines/${lines[1]}`, { amount_approved: 200 }, 'claims@example.com')).status).toBe(403);
	});

	it('a referral without decisions, then a Manager decides; a handler may not approve from PendingApproval', async () => {
		const { id, lines } = await insertClaim('InReview', [1500]);
		expect((await call('PATCH', `/items/claims/${id}`, { status: 'PendingApproval' }, 'claims@example.com')).status).toBe(200);
		expect((await call('PATCH', `/items/claims/${id}`, { status: 'Approved', lines: [{ id: lines[0], amount_approved: 1500 }] }, 'claims@example.com')).status).toBe(400);
		const approved = await call('PATCH', `/items/claims/${id}`, { status: 'Approved', lines: [{ id: lines[0], amount_approved: 1500 }] }, 'manager@example.com');
		expect(approved.status, JSON.stringify(approved.body)).toBe(200);
		expect(money((await testDatabase()('claims').where('id', id).first('total_approved')).total_approved)).toBe('1500.00');
	});

	it('nested lines come with an approval only as decisions', async () => {
		const { id, lines } = await insertClaim('InReview', [100]);
		const created = await call('PATCH', `/items/claims/${id}`, { status: 'Approved', lines: { create: [line()] } }, 'admin@example.com');
		expect(created.status).toBe(400);
		expect(message(created)).toBe('"lines.create" is not allowed with an approval: only line decisions are');
		const edited = await call('PATCH', `/items/claims/${id}`, { status: 'Approved', lines: [{ id: lines[0], amount_approved: 100, quantity: 9 }] }, 'admin@example.com');
		expect(edited.status).toBe(400);
		expect(message(edited)).toBe('"lines[0].quantity" is not allowed');
		const submitted = await call('PATCH', `/items/claims/${id}`, { status: 'Rejected', decision_note: 'x', lines: [{ id: lines[0], amount_approved: 0 }] }, 'admin@example.com');
		expect(message(submitted)).toBe('"lines" may come with a status change only as the line decisions of an approval; save the lines first');
		expect(await statusOf('claims', id)).toBe('InReview');
	});

	it('a rejection needs its note; the lines are rejected with it', async () => {
		const { id, lines } = await insertClaim('InReview', [100]);
		const bare = await call('PATCH', `/items/claims/${id}`, { status: 'Rejected' }, 'claims@example.com');
		expect(bare.status).toBe(400);
		expect(message(bare)).toBe('"decision_note" is required');
		expect(await statusOf('claims', id)).toBe('InReview');
		expect((await call('PATCH', `/items/claims/${id}`, { status: 'Rejected', decision_note: 'Not covered' }, 'claims@example.com')).status).toBe(200);
		expect(money((await testDatabase()('claims').where('id', id).first('total_approved')).total_approved)).toBe('0.00');
		expect(await testDatabase()('claim_lines').where('id', lines[0]).first('rejection_reason')).toMatchObject({ rejection_reason: 'Not covered' });
	});
});
