// /insurance/policies/:id/transition and /cancel, the master policy equivalents with
// quote-and-bind, and the change request actions: legal moves, roles and bad input.
import { beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, directusUrl, loginAs } from '../helpers/clients';
import { historyOf, insertChangeRequest, insertMasterPolicy, insertPolicy, statusOf, testDatabase } from '../helpers/fixtures';

let adminToken: string;
beforeAll(async () => {
	adminToken = (await (await asAdmin()).getToken())!;
});

async function post(path: string, body: unknown, token = adminToken) {
	const response = await fetch(`${directusUrl()}/insurance${path}`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string; extensions: Record<string, unknown> }[] } };
}
const tokenOf = async (email: string) => (await (await loginAs(email)).getToken())!;
const cancellations = async (policy: number) => testDatabase()('cancellation_requests').where('policy', policy).select('reason_type', 'resulting_status');

describe('policy transition endpoint', () => {
	it.each([
		['Issued', 'InForce'],
		['InForce', 'Withdraw'],
	])('moves %s → %s by request and records it', async (from, to) => {
		const id = await insertPolicy({ status: from });
		const result = await post(`/policies/${id}/transition`, { to, reason: 'Underwriting complete' });
		expect(result.status, JSON.stringify(result.body)).toBe(200);
		expect(result.body.data).toMatchObject({ item: id, from, to });
		expect(await historyOf('policies', id)).toEqual([expect.objectContaining({ from_status: from, to_status: to, trigger: 'manual', reason: 'Underwriting complete' })]);
	});

	it('lets a Manager enforce a policy but not the Claims Department', async () => {
		const id = await insertPolicy({ status: 'Issued' });
		const refused = await post(`/policies/${id}/transition`, { to: 'InForce' }, await tokenOf('claims@example.com'));
		expect(refused.status).toBe(400);
		expect(refused.body.errors![0]!.message).toContain(`policies ${id}: transition from "Issued" to "InForce" is not allowed; allowed targets: none`);
		expect((await post(`/policies/${id}/transition`, { to: 'InForce' }, await tokenOf('manager@example.com'))).status).toBe(200);
	});

	it('refuses bad input with the field named and writes nothing', async () => {
		const id = await insertPolicy({ status: 'InForce' });
		const unknown = await post(`/policies/${id}/transition`, { to: 'Frozen' });
		expect(unknown.status).toBe(400);
		expect(unknown.body.errors![0]!.message).toMatch(/^"to" must be one of \[Proposal, Issued/);
		const missing = await post(`/policies/${id}/transition`, {});
		expect(missing.body.errors![0]!.message).toBe('"to" is required');
		const notFound = await post('/policies/987654/transition', { to: 'Withdraw' });
		expect(notFound.status).toBe(404);
		expect(notFound.body.errors![0]!.message).toBe('policies 987654 does not exist or is not visible to you');
		const badId = await post('/policies/abc/transition', { to: 'Withdraw' });
		expect(badId.status).toBe(400);
		expect(badId.body.errors![0]!.message).toBe('"id" must be a number');
		const same = await post(`/policies/${id}/transition`, { to: 'InForce' });
		expect(same.status).toBe(400);
		expect(await historyOf('policies', id)).toEqual([]);
		expect(await statusOf('policies', id)).toBe('InForce');
	});

	it('refuses anonymous callers', async () => {
		const id = await insertPolicy({ status: 'InForce' });
		const response = await fetch(`${directusUrl()}/insurance/policies/${id}/transition`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to: 'Withdraw' }) });
		expect(response.status).toBe(403);
	});
});

describe('policy cancellation endpoint', () => {
	it.each([
		['Issued', 'DeclineByScreening', 'DeclineScreening'],
		['Issued', 'Withdrawal', 'WithdrawClientRequest'],
		['InForce', 'DeclineByScreening', 'DeclineScreening'],
		['InForce', 'Withdrawal', 'WithdrawClientRequest'],
		['InForce', 'Surrender', 'Surrendered'],
		['InForce', 'ClosedByClaim', 'ClosedByClaim'],
	])('cancels %s with %s → %s, with its cancellation request and one history row', async (from, reasonType, to) => {
		const id = await insertPolicy({ status: from });
		const result = await post(`/policies/${id}/cancel`, { reason_type: reasonType, effective_date: '2026-11-30', note: 'Requested by letter' });
		expect(result.status, JSON.stringify(result.body)).toBe(200);
		expect(result.body.data).toMatchObject({ from, to, reason_type: reasonType });
		expect(await statusOf('policies', id)).toBe(to);
		expect(await cancellations(id)).toEqual([{ reason_type: reasonType, resulting_status: to }]);
		const history = await historyOf('policies', id);
		expect(history).toHaveLength(1);
		expect(history[0]).toMatchObject({ from_status: from, to_status: to, trigger: 'cancellation', reason: `${reasonType}: Requested by letter` });
	});

	it('refuses bad cancellations with a clear 4xx and writes nothing', async () => {
		const id = await insertPolicy({ status: 'InForce' });
		const unknownReason = await post(`/policies/${id}/cancel`, { reason_type: 'Boredom', effective_date: '2026-11-30' });
		expect(unknownReason.status).toBe(400);
		expect(unknownReason.body.errors![0]!.message).toBe('"reason_type" must be one of [DeclineByScreening, Withdrawal, Surrender, ClosedByClaim]');
		for (const effective_date of ['30/11/2026', '2026-02-30', 'tomorrow', 20261130]) {
			const bad = await post(`/policies/${id}/cancel`, { reason_type: 'Surrender', effective_date });
			expect(bad.status, String(effective_date)).toBe(400);
			expect(bad.body.errors![0]!.message, String(effective_date)).toMatch(/^"effective_date" (must be a date as YYYY-MM-DD|is not a calendar date|must be a string)$/);
		}
		const lapsed = await insertPolicy({ status: 'Lapsed' });
		const final = await post(`/policies/${lapsed}/cancel`, { reason_type: 'Surrender', effective_date: '2026-11-30' });
		expect(final.status).toBe(409);
		expect(final.body.errors![0]!.message).toBe(`policies ${lapsed}: a policy in "Lapsed" cannot be cancelled with reason_type "Surrender"; only from: InForce`);
		const issued = await insertPolicy({ status: 'Issued' });
		expect((await post(`/policies/${issued}/cancel`, { reason_type: 'Surrender', effective_date: '2026-11-30' })).status).toBe(409);
		for (const policy of [id, lapsed, issued]) {
			expect(await cancellations(policy)).toEqual([]);
			expect(await historyOf('policies', policy)).toEqual([]);
		}
		expect(await statusOf('policies', id)).toBe('InForce');
	});

	it('lets Administration cancel but not the Call Center', async () => {
		const id = await insertPolicy({ status: 'InForce' });
		const refused = await post(`/policies/${id}/cancel`, { reason_type: 'Surrender', effective_date: '2026-11-30' }, await tokenOf('callcenter@example.com'));
		expect(refused.status).toBe(400);
		expect(await cancellations(id)).toEqual([]);
		expect((await post(`/policies/${id}/cancel`, { reason_type: 'Surrender', effective_date: '2026-11-30' }, await tokenOf('administration@example.com'))).status).toBe(200);
	});
});

describe('master policies', () => {
	it('binds a proposal (quote-and-bind) and refuses to bind twice', async () => {
		const id = await insertMasterPolicy({ status: 'Proposal' });
		const bound = await post(`/master-policies/${id}/quote-and-bind`, {});
		expect(bound.status, JSON.stringify(bound.body)).toBe(200);
		expect(await statusOf('master_policies', id)).toBe('Issued');
		const again = await post(`/master-policies/${id}/quote-and-bind`, {});
		expect(again.status).toBe(400);
		expect(again.body.errors![0]!.message).toContain('"quote-and-bind" is not possible on master_policies');
	});

	it.each([
		['ClientRequest', '2026-01-20', 'WithdrawClientRequest'],
		['ClientRequest', '2026-06-01', 'Cancelled'],
		['Duplicate', '2026-01-20', 'Cancelled'],
		['InsurerDecision', '2026-06-01', 'Cancelled'],
	])('cancels with %s effective %s → %s (cooling-off from the product)', async (reasonType, effectiveDate, to) => {
		const id = await insertMasterPolicy({ status: 'InForce' });
		const result = await post(`/master-policies/${id}/cancel`, { reason_type: reasonType, effective_date: effectiveDate });
		expect(result.status, JSON.stringify(result.body)).toBe(200);
		expect(await statusOf('master_policies', id)).toBe(to);
		expect(await historyOf('master_policies', id)).toHaveLength(1);
	});
});

describe('change requests', () => {
	const patch = async (id: number, body: unknown) =>
		fetch(`${directusUrl()}/items/policy_change_requests/${id}`, { method: 'PATCH', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

	it('are editable in Draft and read-only once registered', async () => {
		const policy = await insertPolicy();
		const id = await insertChangeRequest(policy, { premium_amount: 1500 });
		expect((await patch(id, { premium_amount: 1600 })).status).toBe(200);
		expect((await post(`/change-requests/${id}/register`, {})).status).toBe(200);
		const frozen = await patch(id, { premium_amount: 1700 });
		expect(frozen.status).toBe(403);
		expect(((await frozen.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe(`policy_change_requests ${id} is Registered: its fields are read-only once it leaves Draft`);
	});

	it('accepting applies the change to the policy and re-spreads its unpaid installments', async () => {
		const policy = await insertPolicy();
		const db = testDatabase();
		const paidAt = (await db('policies').where('id', policy).first('begin_date')).begin_date;
		await db('installments').insert([
			{ policy, sequence: 1, due_date: paidAt, amount: 600, paid_amount: 600, status: 'Paid' },
			{ policy, sequence: 2, due_date: typeof paidAt === 'number' ? Date.parse('2026-07-15T00:00:00Z') : '2026-07-15', amount: 600, paid_amount: 0, status: 'OnTime' },
		]);
		await db('products').where('code', 'HEALTH-IND').update({ premium_frequency: 'monthly' });
		await db('installments').where('policy', policy).delete();
		const id = await insertChangeRequest(policy, { premium_amount: 2400, coverage_limit: 30000 });
		await post(`/change-requests/${id}/register`, {});
		const accepted = await post(`/change-requests/${id}/accept`, {});
		expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
		const row = await db('policies').where('id', policy).first('premium_amount', 'coverage_limit');
		expect(Number(row.premium_amount)).toBe(2400);
		expect(Number(row.coverage_limit)).toBe(30000);
		const installments = await db('installments').where('policy', policy).select('amount');
		expect(installments).toHaveLength(12);
		expect(installments.reduce((sum: number, i: { amount: string | number }) => sum + Number(i.amount), 0)).toBeCloseTo(2400, 2);
		expect((await historyOf('policies', policy)).at(-1)).toMatchObject({ trigger: 'endorsement', reason: expect.stringContaining('premium 1200') });
	});

	it('refuses to accept a change on a policy that is no longer InForce', async () => {
		const policy = await insertPolicy({ status: 'InForce' });
		const id = await insertChangeRequest(policy, { status: 'Registered', premium_amount: 900 });
		await testDatabase()('policies').where('id', policy).update({ status: 'Maturity' });
		const refused = await post(`/change-requests/${id}/accept`, {});
		expect(refused.status).toBe(409);
		expect(refused.body.errors![0]!.message).toContain('is Maturity, only an InForce policy can be endorsed');
		expect(await statusOf('policy_change_requests', id)).toBe('Registered');
	});

	it('closes open change requests, with a reason, when their policy becomes final', async () => {
		const policy = await insertPolicy({ status: 'InForce' });
		const draft = await insertChangeRequest(policy);
		const registered = await insertChangeRequest(policy, { status: 'Registered' });
		const decided = await insertChangeRequest(policy, { status: 'Declined' });
		expect((await post(`/policies/${policy}/cancel`, { reason_type: 'Surrender', effective_date: '2026-11-30' })).status).toBe(200);
		for (const id of [draft, registered]) {
			expect(await statusOf('policy_change_requests', id)).toBe('Cancelled');
			expect(await historyOf('policy_change_requests', id)).toEqual([expect.objectContaining({ to_status: 'Cancelled', trigger: 'automatic', reason: `Policy ${policy} became Surrendered` })]);
		}
		expect(await statusOf('policy_change_requests', decided)).toBe('Declined');
	});

	it.each([
		['Draft', 'cancel', 'Cancelled'],
		['Registered', 'decline', 'Declined'],
		['Registered', 'cancel', 'Cancelled'],
	])('%s --%s--> %s', async (from, action, to) => {
		const id = await insertChangeRequest(await insertPolicy(), { status: from });
		expect((await post(`/change-requests/${id}/${action}`, {})).status).toBe(200);
		expect(await statusOf('policy_change_requests', id)).toBe(to);
		expect(await historyOf('policy_change_requests', id)).toHaveLength(1);
	});
});
