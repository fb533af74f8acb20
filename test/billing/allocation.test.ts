// Schedules on creation, payments and their allocation, deallocation, over the API.
import { beforeAll, describe, expect, it } from 'vitest';
import { directusUrl } from '../helpers/clients';
import { historyOf, testDatabase } from '../helpers/fixtures';
import { ok, readDate, referenceIds, signIn, signInAdmin, uniqueNumber, type Session } from '../jobs/api';

let admin: Session;
let office: Session;
let ids: Awaited<ReturnType<typeof referenceIds>>;
// Clients of this file only: the demo clients' portfolios are what other tests look at.
const HOLDER = `billing-holder-${process.pid}@example.com`;
const OTHER = `billing-other-${process.pid}@example.com`;

beforeAll(async () => {
	admin = await signInAdmin(directusUrl());
	office = await signIn(directusUrl(), 'administration@example.com');
	ids = await referenceIds(testDatabase());
	for (const email of [HOLDER, OTHER]) await testDatabase()('clients').insert({ name: email, email, type: 'individual' });
});

const db = () => testDatabase();

async function newPolicy(fields: Record<string, unknown> = {}, client = HOLDER) {
	return admin.post('/items/policies', {
		policy_number: uniqueNumber('BILL-P'),
		client: await ids.client(client),
		product: await ids.product('HEALTH-IND'),
		begin_date: '2026-01-31',
		end_date: '2026-07-31',
		premium_amount: 600.05,
		...fields,
	});
}
const installments = (policy: number) => db()('installments').where('policy', policy).orderBy('sequence').select('id', 'sequence', 'due_date', 'amount', 'paid_amount', 'status');

async function payment(amount: number, client = HOLDER) {
	return Number(ok(await office.post('/items/payments', { client: await ids.client(client), amount, received_at: '2026-02-01T10:00:00Z', reference: uniqueNumber('BILL-PAY') })).id);
}
const allocate = (payment: number, installment: number, amount: number | string) => office.post('/items/payment_allocations', { payment, installment, amount });

describe('payment schedule on creation', () => {
	it('generates the installments with the policy: periods from the begin date, leftover cents on the first', async () => {
		const policy = Number(ok(await newPolicy()).id);
		const rows = await installments(policy);
		expect(rows.map((r) => [r.sequence, readDate(r.due_date), Number(r.amount), r.status])).toEqual([
			[1, '2026-01-31', 100.05, 'OnTime'],
			[2, '2026-02-28', 100, 'OnTime'],
			[3, '2026-03-31', 100, 'OnTime'],
			[4, '2026-04-30', 100, 'OnTime'],
			[5, '2026-05-31', 100, 'OnTime'],
			[6, '2026-06-30', 100, 'OnTime'],
		]);
		expect((await db()('policies').where('id', policy).first()).status).toBe('Proposal');
	});

	it.each([
		[{ begin_date: undefined }, '"begin_date" is required to build the payment schedule'],
		[{ end_date: '2026-01-01' }, '"end_date" (2026-01-01) must be after begin_date (2026-01-31)'],
		[{ premium_amount: -5 }, '"premium_amount" must be positive, got -5.00'],
		[{ begin_date: '31/01/2026' }, '"begin_date" must be a date as YYYY-MM-DD, got "31/01/2026"'],
	])('refuses %j naming the field, writing nothing', async (change, message) => {
		const number = uniqueNumber('BILL-BAD');
		const reply = await newPolicy({ ...change, policy_number: number });
		expect(reply.status).toBe(400);
		expect(reply.body.errors![0]!.message).toBe(message);
		expect(await db()('policies').where('policy_number', number).first()).toBeUndefined();
	});
});

describe('allocation', () => {
	it('applies partial then full payments; the first paid installment issues the policy', async () => {
		const policy = Number(ok(await newPolicy()).id);
		const [first, second] = await installments(policy);
		const pay = await payment(150);
		ok(await allocate(pay, first!.id, 60));
		expect(await installments(policy)).toMatchObject([{ status: 'OnTime' }, {}, {}, {}, {}, {}]);
		expect(Number((await installments(policy))[0]!.paid_amount)).toBe(60);
		ok(await allocate(pay, first!.id, '40.05'));
		expect((await installments(policy))[0]!.status).toBe('Paid');
		expect((await db()('policies').where('id', policy).first()).status).toBe('Issued');
		expect(await historyOf('policies', policy)).toEqual([
			expect.objectContaining({ to_status: 'Proposal', trigger: 'created' }),
			expect.objectContaining({ from_status: 'Proposal', to_status: 'Issued', trigger: 'automatic', reason: 'First installment paid' }),
		]);
		// 49.95 left on the payment: a second installment takes it partly.
		ok(await allocate(pay, second!.id, 49.95));
		expect(Number((await installments(policy))[1]!.paid_amount)).toBe(49.95);
	});

	it('refuses an overpayment, more than the payment holds, and another client’s installment — writing nothing', async () => {
		const policy = Number(ok(await newPolicy()).id);
		const [first, second] = await installments(policy);
		const pay = await payment(120);
		const tooMuch = await allocate(pay, first!.id, 100.06);
		expect(tooMuch.status).toBe(400);
		expect(tooMuch.body.errors![0]!.message).toBe('"amount" 100.06 exceeds the 100.05 still due on the installment (overpayment is not accepted)');
		ok(await allocate(pay, first!.id, 100.05));
		const beyondPayment = await allocate(pay, second!.id, 20);
		expect(beyondPayment.status).toBe(400);
		expect(beyondPayment.body.errors![0]!.message).toBe('"amount" 20.00 exceeds the 19.95 not yet allocated on the payment');

		const otherPayment = await payment(500, OTHER);
		const otherClient = await allocate(otherPayment, second!.id, 50);
		expect(otherClient.status).toBe(400);
		expect(otherClient.body.errors![0]!.message).toMatch(/^"installment" installment \d+ belongs to policy BILL-P-.* of another client than payment \d+$/);
		const missing = await office.post('/items/payment_allocations', { payment: pay, amount: 5 });
		expect(missing.status).toBe(400);
		expect(missing.body.errors![0]!.message).toBe('"installment" is required');

		expect(await db()('payment_allocations').whereIn('payment', [pay, otherPayment]).pluck('amount').then((a) => a.map(Number))).toEqual([100.05]);
		expect(Number((await installments(policy))[1]!.paid_amount)).toBe(0);
	});

	it('deallocation reopens a Paid installment: StatementIssued before its due date, Unpaid after it', async () => {
		// Due dates in the past: the first installment is overdue; one far ahead is not.
		const past = Number(ok(await newPolicy({ begin_date: '2025-01-10', end_date: '2025-03-10', premium_amount: 200 })).id);
		const future = Number(ok(await newPolicy({ begin_date: '2099-01-10', end_date: '2099-03-10', premium_amount: 200 })).id);
		const pay = await payment(200);
		const overdue = Number(ok(await allocate(pay, (await installments(past))[0]!.id, 100)).id);
		const ahead = Number(ok(await allocate(pay, (await installments(future))[0]!.id, 100)).id);
		expect((await office.del(`/items/payment_allocations/${overdue}`)).status).toBe(204);
		expect((await office.del(`/items/payment_allocations/${ahead}`)).status).toBe(204);
		const [pastFirst] = await installments(past);
		const [futureFirst] = await installments(future);
		expect([pastFirst!.status, Number(pastFirst!.paid_amount)]).toEqual(['Unpaid', 0]);
		expect([futureFirst!.status, Number(futureFirst!.paid_amount)]).toEqual(['StatementIssued', 0]);
		expect((await historyOf('installments', futureFirst!.id)).slice(-2)).toEqual([
			expect.objectContaining({ from_status: 'OnTime', to_status: 'Paid', trigger: 'automatic' }),
			expect.objectContaining({ from_status: 'Paid', to_status: 'StatementIssued', trigger: 'automatic', reason: `Payment ${pay} deallocated` }),
		]);
		expect(await db()('payment_allocations').where('payment', pay).first()).toBeUndefined();
	});

	it('refuses a deallocation by a role that may not delete allocations, changing nothing', async () => {
		const policy = Number(ok(await newPolicy()).id);
		const pay = await payment(100.05);
		const allocation = Number(ok(await allocate(pay, (await installments(policy))[0]!.id, 100.05)).id);
		const claims = await signIn(directusUrl(), 'claims@example.com');
		expect((await claims.del(`/items/payment_allocations/${allocation}`)).status).toBe(403);
		expect((await installments(policy))[0]!.status).toBe('Paid');
		expect(await db()('payment_allocations').where('id', allocation).first()).toBeDefined();
	});
});
