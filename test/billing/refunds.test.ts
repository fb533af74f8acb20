// Refunds on cancellation (SPEC §11) over HTTP: the figures of every reason type against amounts
// worked out by hand below, a backdated cancellation, the schedule after the effective date
// removed, and paying a refund once through REST and GraphQL.
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, DEMO_PASSWORD } from '../helpers/clients';
import { dbDate, historyOf, insertMasterPolicy, insertPolicy, statusOf, testDatabase } from '../helpers/fixtures';
import { call, login } from '../security/http';

const db = () => testDatabase();
const tokens: Record<string, string> = {};
const PRODUCT = `TEST-REFUND-${process.pid}`;
const MASTER_PRODUCT = `TEST-REFUND-M-${process.pid}`;

beforeAll(async () => {
	tokens['admin'] = await login(ADMIN.email, ADMIN.password);
	for (const email of ['administration@example.com', 'manager@example.com', 'callcenter@example.com', 'client@example.com', 'client.b@example.com']) tokens[email] = await login(email, DEMO_PASSWORD);
	// Products of this file: 14 cooling-off days, a surrender fee of 25.00.
	for (const [code, template] of [
		[PRODUCT, 'HEALTH-IND'],
		[MASTER_PRODUCT, 'GROUP-HEALTH'],
	]) {
		if (await db()('products').where('code', code).first('id')) continue;
		const { id: _id, code: _code, name: _name, ...fields } = await db()('products').where('code', template).first();
		await db()('products').insert({ ...fields, code, name: `Refund tests (${template})`, cooling_off_days: 14, surrender_fee: 25 });
	}
});

const idOf = (row: unknown) => Number(typeof row === 'object' && row ? (row as { id: number }).id : row);
const productId = async (code: string) => (await db()('products').where('code', code).first('id')).id;
const cancel = (path: string, body: Record<string, unknown>, token = tokens['admin']!) => call(token, 'POST', `/insurance/${path}/cancel`, body);
const refundsOf = (column: 'policy' | 'master_policy', id: number) => db()('refunds').where(column, id).select('id', 'status', 'amount', 'reason', 'basis', 'paid_premium', 'earned_premium', 'surrender_fee');
const money = (value: unknown) => Number(value).toFixed(2);
const day = (value: string | number | Date) => (typeof value === 'string' ? value.slice(0, 10) : new Date(value).toISOString().slice(0, 10));
const dueDates = async (table: string, column: string, id: number) => (await db()(table).where(column, id).orderBy('due_date').select('due_date')).map((row: { due_date: string | number | Date }) => day(row.due_date));

/**
 * 2026-01-01 → 2027-01-01 (365 days), 1200.00 of premium in twelve monthly installments of
 * 100.00: January to March paid, April partly paid (40.00), the rest not yet. Paid: 340.00.
 */
async function policyWithSchedule(status = 'InForce') {
	const policy = await insertPolicy({ status, product: await productId(PRODUCT), begin_date: dbDate('2026-01-01'), end_date: dbDate('2027-01-01'), premium_amount: 1200 });
	await db()('installments').insert(
		Array.from({ length: 12 }, (_, index) => ({
			policy,
			sequence: index + 1,
			due_date: dbDate(`2026-${String(index + 1).padStart(2, '0')}-01`),
			amount: 100,
			paid_amount: index < 3 ? 100 : index === 3 ? 40 : 0,
			status: index < 3 ? 'Paid' : index === 3 ? 'StatementIssued' : 'OnTime',
		})),
	);
	return policy;
}

describe('refund figures of a policy cancellation', () => {
	// Earned on 2026-03-01: 1200.00 × 59 / 365 = 193.9726… → 193.97. On 2026-01-10: × 9 / 365 = 29.589… → 29.59;
	// on 2026-01-15: × 14 / 365 = 46.027… → 46.03.
	it.each([
		['Withdrawal within the cooling-off period', 'Withdrawal', '2026-01-10', 'WithdrawClientRequest', { amount: '340.00', basis: 'paid', earned: '29.59', fee: '0.00' }],
		['Withdrawal on the last cooling-off day', 'Withdrawal', '2026-01-15', 'WithdrawClientRequest', { amount: '340.00', basis: 'paid', earned: '46.03', fee: '0.00' }],
		// 340.00 − 193.97 − 25.00
		['Withdrawal after the cooling-off period', 'Withdrawal', '2026-03-01', 'WithdrawClientRequest', { amount: '121.03', basis: 'unearned', earned: '193.97', fee: '25.00' }],
		['Surrender', 'Surrender', '2026-03-01', 'Surrendered', { amount: '121.03', basis: 'unearned', earned: '193.97', fee: '25.00' }],
		// Within the cooling-off period a surrender still keeps the earned part and the fee: 340.00 − 29.59 − 25.00.
		['Surrender within the cooling-off period', 'Surrender', '2026-01-10', 'Surrendered', { amount: '285.41', basis: 'unearned', earned: '29.59', fee: '25.00' }],
		['DeclineByScreening', 'DeclineByScreening', '2026-03-01', 'DeclineScreening', { amount: '340.00', basis: 'paid', earned: '193.97', fee: '0.00' }],
	])('%s', async (_, reason_type, effective_date, to, expected) => {
		const policy = await policyWithSchedule();
		const result = await cancel(`policies/${policy}`, { reason_type, effective_date });
		expect(result.status, JSON.stringify(result)).toBe(200);
		expect(await statusOf('policies', policy)).toBe(to);
		const [refund, ...more] = await refundsOf('policy', policy);
		expect(more).toEqual([]);
		expect({ status: refund.status, reason: refund.reason, amount: money(refund.amount), basis: refund.basis, paid: money(refund.paid_premium), earned: money(refund.earned_premium), fee: money(refund.surrender_fee) }).toEqual({
			status: 'Pending',
			reason: reason_type,
			amount: expected.amount,
			basis: expected.basis,
			paid: '340.00',
			earned: expected.earned,
			fee: expected.fee,
		});
		expect((result.data as { refund: unknown }).refund).toEqual({ id: refund.id, amount: expected.amount, status: 'Pending' });
		expect(await historyOf('refunds', refund.id)).toEqual([expect.objectContaining({ from_status: null, to_status: 'Pending', trigger: 'created' })]);
	});

	it('ClosedByClaim refunds nothing and records no refund, but still ends the schedule', async () => {
		const policy = await policyWithSchedule();
		expect((await cancel(`policies/${policy}`, { reason_type: 'ClosedByClaim', effective_date: '2026-03-01' })).status).toBe(200);
		expect(await refundsOf('policy', policy)).toEqual([]);
		expect(await dueDates('installments', 'policy', policy)).toEqual(['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01']);
	});

	it('a surrender fee larger than what is left records no refund', async () => {
		const policy = await policyWithSchedule();
		// 1 November: 304 days earned, 999.45 > 340.00 paid.
		expect((await cancel(`policies/${policy}`, { reason_type: 'Surrender', effective_date: '2026-11-01' })).status).toBe(200);
		expect(await refundsOf('policy', policy)).toEqual([]);
	});

	it('removes the unpaid installments due after the effective date, keeps the paid and partly paid ones, ends the contract then', async () => {
		const policy = await policyWithSchedule();
		expect((await cancel(`policies/${policy}`, { reason_type: 'Surrender', effective_date: '2026-03-01' })).status).toBe(200);
		expect(await dueDates('installments', 'policy', policy)).toEqual(['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01']);
		expect(day((await db()('policies').where('id', policy).first('end_date')).end_date)).toBe('2026-03-01');
	});

	it('backdated: a cancellation effective months ago removes installments already overdue after it and keeps those owed before it', async () => {
		const policy = await insertPolicy({ product: await productId(PRODUCT), begin_date: dbDate('2026-01-01'), end_date: dbDate('2027-01-01'), premium_amount: 1200 });
		const row = (month: number, status: string, paid: number) => ({ policy, sequence: month, due_date: dbDate(`2026-${String(month).padStart(2, '0')}-01`), amount: 100, paid_amount: paid, status });
		await db()('installments').insert([row(1, 'Paid', 100), row(2, 'Unpaid', 0), row(3, 'Unpaid', 0), row(4, 'Unpaid', 0), row(5, 'StatementIssued', 0), row(6, 'OnTime', 0)]);
		const result = await cancel(`policies/${policy}`, { reason_type: 'DeclineByScreening', effective_date: '2026-02-15' });
		expect(result.status, JSON.stringify(result)).toBe(200);
		// February was owed for cover given before the effective date; March to June are gone.
		expect(await dueDates('installments', 'policy', policy)).toEqual(['2026-01-01', '2026-02-01']);
		expect((await refundsOf('policy', policy)).map((r) => money(r.amount))).toEqual(['100.00']);
		expect(day((await db()('policies').where('id', policy).first('end_date')).end_date)).toBe('2026-02-15');
	});

	it('a refused cancellation writes no refund and removes nothing', async () => {
		const policy = await policyWithSchedule('Lapsed');
		expect((await cancel(`policies/${policy}`, { reason_type: 'Surrender', effective_date: '2026-03-01' })).status).toBe(409);
		expect(await refundsOf('policy', policy)).toEqual([]);
		expect(await dueDates('installments', 'policy', policy)).toHaveLength(12);
		const bad = await cancel(`policies/${await policyWithSchedule()}`, { reason_type: 'Surrender', effective_date: '2026-02-30' });
		expect(bad.status).toBe(400);
		expect(bad.errors![0]!.message).toContain('effective_date');
	});
});

describe('refund of a master policy cancellation', () => {
	/** 2026-01-15 → 2027-01-15 (365 days), 2400.00 in twelve master installments of 200.00, two paid; members' installments alike. */
	async function masterWithSchedule() {
		const master = await insertMasterPolicy({ product: await productId(MASTER_PRODUCT), begin_date: dbDate('2026-01-15'), end_date: dbDate('2027-01-15'), premium_amount: 2400 });
		const member = await insertPolicy({ master_policy: master, product: await productId(MASTER_PRODUCT), begin_date: dbDate('2026-01-15'), end_date: dbDate('2027-01-15'), premium_amount: 2400 });
		for (let month = 1; month <= 12; month++) {
			const date = dbDate(`2026-${String(month).padStart(2, '0')}-15`);
			const paid = month <= 2 ? 200 : 0;
			const status = month <= 2 ? 'Paid' : 'OnTime';
			const [row] = await db()('master_installments').insert({ master_policy: master, sequence: month, due_date: date, amount: 200, paid_amount: paid, status }).returning('id');
			await db()('installments').insert({ policy: member, master_installment: idOf(row), sequence: month, due_date: date, amount: 200, paid_amount: paid, status });
		}
		return { master, member };
	}

	it.each([
		// Earned on 2026-01-20: 2400.00 × 5 / 365 = 32.876… → 32.88; on 2026-03-15: × 59 / 365 = 387.945… → 387.95.
		['ClientRequest within the cooling-off period', 'ClientRequest', '2026-01-20', 'WithdrawClientRequest', '400.00'],
		['ClientRequest after it: 400.00 − 387.95 − 25.00 is below nothing', 'ClientRequest', '2026-03-15', 'Cancelled', null],
		['Duplicate', 'Duplicate', '2026-03-15', 'Cancelled', '400.00'],
		// 400.00 − 32.88 − 25.00
		['InsurerDecision', 'InsurerDecision', '2026-01-20', 'Cancelled', '342.12'],
	])('%s', async (_, reason_type, effective_date, to, amount) => {
		const { master, member } = await masterWithSchedule();
		const result = await cancel(`master-policies/${master}`, { reason_type, effective_date });
		expect(result.status, JSON.stringify(result)).toBe(200);
		expect(await statusOf('master_policies', master)).toBe(to);
		expect((await refundsOf('master_policy', master)).map((r) => money(r.amount))).toEqual(amount ? [amount] : []);
		// Master installments and the members' installments due after the date are gone.
		// Paid ones stay whenever they fall due; an unpaid one due on the effective date is owed.
		const kept = effective_date === '2026-01-20' ? ['2026-01-15', '2026-02-15'] : ['2026-01-15', '2026-02-15', '2026-03-15'];
		expect(await dueDates('master_installments', 'master_policy', master)).toEqual(kept);
		expect(await dueDates('installments', 'policy', member)).toEqual(kept);
	});
});

describe('paying a refund', () => {
	async function pendingRefund() {
		const policy = await policyWithSchedule();
		const result = await cancel(`policies/${policy}`, { reason_type: 'DeclineByScreening', effective_date: '2026-03-01' });
		return (result.data as { refund: { id: number } }).refund.id;
	}
	const administration = () => tokens['administration@example.com']!;
	const refund = async (id: number) => db()('refunds').where('id', id).first('status', 'payment_reference', 'paid_at');
	const events = async (id: number) => (await db()('insurance_events').where({ collection: 'refunds', item: String(id) }).orderBy('id').select('type', 'from_status', 'to_status')).map((e) => `${e.type} ${e.from_status ?? '-'}→${e.to_status}`);

	it('through the actions API, as the action bar in the app pays it', async () => {
		const id = await pendingRefund();
		const offered = await call(administration(), 'GET', `/insurance/refunds/${id}/actions`);
		expect(offered.data).toEqual([expect.objectContaining({ action: 'pay', to: 'Paid', inputs: [expect.objectContaining({ name: 'payment_reference', required: true })] })]);
		const missing = await call(administration(), 'POST', `/insurance/refunds/${id}/actions/pay`, {});
		expect(missing.status).toBe(400);
		expect(missing.errors![0]!.message).toMatch(/^"payment_reference" /);
		const paid = await call(administration(), 'POST', `/insurance/refunds/${id}/actions/pay`, { payment_reference: 'BANK-ACTION-1' });
		expect(paid.status, JSON.stringify(paid)).toBe(200);
		expect(await refund(id)).toMatchObject({ status: 'Paid', payment_reference: 'BANK-ACTION-1' });
		expect((await call(administration(), 'GET', `/insurance/refunds/${id}/actions`)).data).toEqual([]);
		const manager = await call(tokens['manager@example.com']!, 'POST', `/insurance/refunds/${await pendingRefund()}/actions/pay`, { payment_reference: 'BANK-ACTION-2' });
		expect(manager.status).toBe(403);
	});

	it('through REST: needs a reference, is paid once, and a second payment is refused with nothing written', async () => {
		const id = await pendingRefund();
		const missing = await call(administration(), 'PATCH', `/items/refunds/${id}`, { status: 'Paid' });
		expect(missing.status).toBe(400);
		expect(missing.errors![0]!.message).toContain('payment_reference');
		expect(await refund(id)).toMatchObject({ status: 'Pending', paid_at: null });

		const paid = await call(administration(), 'PATCH', `/items/refunds/${id}`, { status: 'Paid', payment_reference: 'BANK-2026-0001' });
		expect(paid.status, JSON.stringify(paid)).toBe(200);
		expect(await refund(id)).toMatchObject({ status: 'Paid', payment_reference: 'BANK-2026-0001', paid_at: expect.anything() });
		expect(await historyOf('refunds', id)).toEqual([
			expect.objectContaining({ from_status: null, to_status: 'Pending' }),
			expect.objectContaining({ from_status: 'Pending', to_status: 'Paid', trigger: 'manual' }),
		]);

		for (const payload of [{ status: 'Paid', payment_reference: 'BANK-2026-0002' }, { status: 'Paid' }, { payment_reference: 'BANK-2026-0003' }]) {
			const again = await call(administration(), 'PATCH', `/items/refunds/${id}`, payload);
			expect(again.status, JSON.stringify(payload)).toBe(409);
			expect(again.errors![0]!.message).toBe(`refunds ${id} is Paid: it can no longer be changed; nothing was written`);
		}
		expect(await refund(id)).toMatchObject({ status: 'Paid', payment_reference: 'BANK-2026-0001' });
		expect(await historyOf('refunds', id)).toHaveLength(2);
		// The outbox carries both to webhook subscribers.
		expect(await events(id)).toEqual(['refunds.status_changed -→Pending', 'refunds.status_changed Pending→Paid']);
	});

	it('paid by two requests at once: one wins, the other is refused, one reference and one history row', async () => {
		const id = await pendingRefund();
		const answers = await Promise.all(['RACE-A', 'RACE-B'].map((payment_reference) => call(administration(), 'PATCH', `/items/refunds/${id}`, { status: 'Paid', payment_reference })));
		expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
		const winner = answers.findIndex((a) => a.status === 200) === 0 ? 'RACE-A' : 'RACE-B';
		expect(await refund(id)).toMatchObject({ status: 'Paid', payment_reference: winner });
		expect((await historyOf('refunds', id)).filter((h) => h.to_status === 'Paid')).toHaveLength(1);
	});

	it('through GraphQL: the same rules', async () => {
		const id = await pendingRefund();
		const pay = (reference: string) => call(administration(), 'POST', '/graphql', { query: `mutation { update_refunds_item(id: ${id}, data: { status: "Paid", payment_reference: "${reference}" }) { id status } }` });
		const first = await pay('GQL-1');
		expect(first.errors, JSON.stringify(first)).toBeUndefined();
		expect(await refund(id)).toMatchObject({ status: 'Paid', payment_reference: 'GQL-1' });
		const second = await pay('GQL-2');
		expect(second.errors?.[0]?.message).toBe(`refunds ${id} is Paid: it can no longer be changed; nothing was written`);
		expect(await refund(id)).toMatchObject({ payment_reference: 'GQL-1' });
	});

	it('only Administration pays: a Manager, the Call Center and the client are refused', async () => {
		const id = await pendingRefund();
		for (const who of ['manager@example.com', 'callcenter@example.com', 'client@example.com']) {
			const refused = await call(tokens[who]!, 'PATCH', `/items/refunds/${id}`, { status: 'Paid', payment_reference: 'X' });
			expect(refused.status, who).toBeGreaterThanOrEqual(400);
			expect(refused.status, who).toBeLessThan(500);
		}
		expect(await refund(id)).toMatchObject({ status: 'Pending', payment_reference: null });
	});

	it('the client reads its own refunds, another client none of them (REST and GraphQL)', async () => {
		const id = await pendingRefund();
		const own = await call(tokens['client@example.com']!, 'GET', `/items/refunds/${id}?fields=id,amount,status`);
		expect(own.status).toBe(200);
		expect(own.data).toMatchObject({ id, status: 'Pending' });
		expect(money((own.data as { amount: unknown }).amount)).toBe('340.00');
		const other = tokens['client.b@example.com']!;
		expect((await call(other, 'GET', `/items/refunds/${id}`)).status).toBe(403);
		const listed = await call(other, 'GET', `/items/refunds?filter[id][_eq]=${id}&fields=id`);
		expect(listed.data).toEqual([]);
		const gql = await call(other, 'POST', '/graphql', { query: `{ refunds(filter: { id: { _eq: ${id} } }) { id } }` });
		expect(gql.data).toEqual({ refunds: [] });
	});
});
