// GET /insurance/:collection/:id/actions and POST .../actions/:action: what each seeded role is
// offered per status, performing through the one transition path, and every refusal.
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { directusUrl, loginAs } from '../helpers/clients';
import { dbDate, ensureFullCover, FULL_COVER, historyOf, insertChangeRequest, insertMasterPolicy, insertPolicy, statusOf, testDatabase } from '../helpers/fixtures';

const WHO = {
	admin: 'admin@example.com',
	claims: 'claims@example.com',
	manager: 'manager@example.com',
	administration: 'administration@example.com',
	callcenter: 'callcenter@example.com',
	client: 'client@example.com',
	clientB: 'client.b@example.com',
	business: 'business.admin@example.com',
} as const;
type Who = keyof typeof WHO;
const tokens = {} as Record<Who, string>;

beforeAll(async () => {
	for (const [who, email] of Object.entries(WHO)) tokens[who as Who] = (await (await loginAs(email, who === 'admin' ? 'insurance-admin' : undefined)).getToken())!;
});

interface Answer {
	status: number;
	body: { data?: any; errors?: { message: string; extensions: Record<string, unknown> }[] };
}
async function call(method: string, path: string, who: Who, body?: unknown): Promise<Answer> {
	for (let attempt = 0; ; attempt++) {
		const response = await fetch(`${directusUrl()}/insurance${path}`, {
			method,
			headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		// Under load Directus may shed a request: ask again.
		if (response.status === 503 && attempt < 5) continue;
		return { status: response.status, body: (await response.json()) as Answer['body'] };
	}
}
const actionsOf = async (collection: string, id: number, who: Who) => {
	const answer = await call('GET', `/${collection}/${id}/actions`, who);
	expect(answer.status, JSON.stringify(answer.body)).toBe(200);
	return answer.body.data as { action: string; to: string | null; label: string; description: string; inputs: { name: string; type: string; required: boolean; choices?: unknown[]; fields?: unknown[] }[] }[];
};
const offered = async (collection: string, id: number, who: Who) => (await actionsOf(collection, id, who)).map(({ action, to }) => `${action} -> ${to}`);
const perform = (collection: string, id: number, action: string, who: Who, body: unknown = {}) => call('POST', `/${collection}/${id}/actions/${action}`, who, body);

const today = DateTime.now().setZone('Europe/Paris').startOf('day');
const day = (offset: number) => today.plus({ days: offset }).toISODate()!;
const LINE = { kind: 'consultation', description: 'GP consultation', service_date: day(-3), quantity: 1 };

/** A policy of client@example.com on a product that reimburses in full (no automatic approval). */
async function claimPolicy() {
	const db = testDatabase();
	await ensureFullCover(db);
	return insertPolicy({ begin_date: dbDate(day(-100)), end_date: dbDate(day(265)), coverage_limit: 50_000 }, FULL_COVER);
}

/** A claim filed by the client, Submitted, claiming `amount`. */
async function fileClaim(amount: string) {
	const policy = await claimPolicy();
	const filed = await call('POST', '/claims', 'client', { policy, lines: [{ ...LINE, unit_amount: amount }] });
	expect(filed.status, JSON.stringify(filed.body)).toBe(201);
	return filed.body.data.id as number;
}

describe('claim actions', () => {
	it('offers each seeded role what its grants allow on a submitted claim', async () => {
		const claim = await fileClaim('30.00');
		expect(await offered('claims', claim, 'claims')).toEqual(['take -> InReview']);
		expect(await offered('claims', claim, 'manager')).toEqual(['take -> InReview']);
		expect(await offered('claims', claim, 'client')).toEqual(['withdraw -> Withdrawn']);
		expect(await offered('claims', claim, 'callcenter')).toEqual(['withdraw -> Withdrawn']);
		expect(await offered('claims', claim, 'administration')).toEqual([]);
		expect(await offered('claims', claim, 'business')).toEqual([]);
		// An administrator may do whatever a person can.
		expect(await offered('claims', claim, 'admin')).toEqual(['take -> InReview', 'withdraw -> Withdrawn']);
	});

	it('labels the actions and describes the inputs of their dialogs', async () => {
		const claim = await fileClaim('40.00');
		expect((await perform('claims', claim, 'take', 'claims')).body.data).toEqual({ item: claim, from: 'Submitted', to: 'InReview', action: 'take' });
		const actions = await actionsOf('claims', claim, 'claims');
		expect(actions.map(({ action, to, label }) => [action, to, label])).toEqual([
			['request-information', 'InformationRequested', 'Request information'],
			['approve', 'Approved', 'Approve'],
			['refer-to-manager', 'PendingApproval', 'Refer to a manager'],
			['reject', 'Rejected', 'Reject'],
		]);
		const inputs = Object.fromEntries(actions.map(({ action, inputs }) => [action, inputs]));
		expect(inputs['request-information']).toEqual([{ name: 'message', label: 'Message', type: 'text', required: true, maxLength: 5000 }]);
		expect(inputs['reject']).toEqual([{ name: 'decision_note', label: 'Decision note', type: 'text', required: true, maxLength: 5000 }]);
		expect(inputs['approve']).toEqual([
			{
				name: 'lines',
				label: 'Line decisions',
				type: 'list',
				required: false,
				fields: [
					{ name: 'id', label: 'Line', type: 'integer', required: true },
					{ name: 'amount_approved', label: 'Amount approved', type: 'amount', required: true },
					{ name: 'rejection_reason', label: 'Rejection reason', type: 'string', required: false, maxLength: 255 },
				],
			},
			{ name: 'decision_note', label: 'Decision note', type: 'text', required: false, maxLength: 5000 },
		]);
		expect(inputs['refer-to-manager']).toEqual([{ name: 'reason', label: 'Reason', type: 'text', required: false, maxLength: 2000 }]);
	});

	it('takes a claim through the workflow by POST, each step as the table and the grants say', async () => {
		const claim = await fileClaim('60.00');
		expect((await perform('claims', claim, 'take', 'claims')).status).toBe(200);
		const asked = await perform('claims', claim, 'request-information', 'claims', { message: 'Please send the receipt.' });
		expect(asked.body.data).toMatchObject({ from: 'InReview', to: 'InformationRequested' });
		expect(await offered('claims', claim, 'claims')).toEqual(['resume-review -> InReview']);
		expect(await offered('claims', claim, 'client')).toEqual(['withdraw -> Withdrawn']);
		expect((await perform('claims', claim, 'resume-review', 'claims')).body.data).toMatchObject({ to: 'InReview' });
		const approved = await perform('claims', claim, 'approve', 'claims', { decision_note: 'Covered in full' });
		expect(approved.status, JSON.stringify(approved.body)).toBe(200);
		expect(approved.body.data).toEqual({ item: claim, from: 'InReview', to: 'Approved', action: 'approve' });
		expect(await offered('claims', claim, 'administration')).toEqual(['pay -> Paid']);
		const pay = (await actionsOf('claims', claim, 'administration'))[0]!;
		expect(pay).toMatchObject({ label: 'Pay', inputs: [{ name: 'payment_reference', type: 'string', required: true, maxLength: 80 }] });
		expect((await perform('claims', claim, 'pay', 'administration', { payment_reference: 'SEPA-4711' })).body.data).toMatchObject({ from: 'Approved', to: 'Paid' });
		expect(await offered('claims', claim, 'admin')).toEqual([]);
		expect((await historyOf('claims', claim)).map((row) => `${row.from_status} -> ${row.to_status} (${row.trigger})`)).toEqual([
			'null -> Draft (created)',
			'Draft -> Submitted (manual)',
			'Submitted -> InReview (manual)',
			'InReview -> InformationRequested (manual)',
			'InformationRequested -> InReview (manual)',
			'InReview -> Approved (manual)',
			'Approved -> Paid (manual)',
		]);
	});

	it('above the approval limit offers a handler the referral and a Manager the approval', async () => {
		const claim = await fileClaim('1850.00');
		await perform('claims', claim, 'take', 'claims');
		const handlerApprove = (await actionsOf('claims', claim, 'claims')).find((a) => a.action === 'approve')!;
		expect(handlerApprove).toMatchObject({ to: 'PendingApproval', description: expect.stringContaining('Above the approval limit of 1000.00') });
		expect((await actionsOf('claims', claim, 'manager')).find((a) => a.action === 'approve')).toMatchObject({ to: 'Approved' });

		const referred = await perform('claims', claim, 'approve', 'claims', {});
		expect(referred.body.data).toEqual({ item: claim, from: 'InReview', to: 'PendingApproval', action: 'approve' });
		expect(await offered('claims', claim, 'claims')).toEqual([]);
		const refused = await perform('claims', claim, 'approve', 'claims', {});
		expect(refused.status).toBe(403);
		expect(refused.body.errors![0]).toMatchObject({ message: `claims ${claim}: you hold no grant for the action "approve"`, extensions: { code: 'FORBIDDEN' } });
		expect(await offered('claims', claim, 'manager')).toEqual(['approve -> Approved', 'reject -> Rejected']);
		expect((await perform('claims', claim, 'approve', 'manager', {})).body.data).toMatchObject({ from: 'PendingApproval', to: 'Approved' });
	});

	it('lets the client submit a draft and withdraw it through the same endpoint', async () => {
		const claim = await fileClaim('25.00');
		expect((await perform('claims', claim, 'withdraw', 'client', { reason: 'Paid it myself' })).body.data).toMatchObject({ from: 'Submitted', to: 'Withdrawn' });
		expect(await statusOf('claims', claim)).toBe('Withdrawn');
	});

	it('refuses, naming the problem: unknown action, not now, not granted, bad body, unknown item or collection', async () => {
		const claim = await fileClaim('35.00');
		const unknown = await perform('claims', claim, 'teleport', 'claims');
		expect(unknown.status).toBe(404);
		expect(unknown.body.errors![0]).toMatchObject({ extensions: { code: 'UNKNOWN_ACTION' } });
		expect(unknown.body.errors![0]!.message).toBe('claims has no action "teleport"; its actions: submit, take, request-information, resume-review, approve, refer-to-manager, reject, pay, withdraw');

		const notNow = await perform('claims', claim, 'pay', 'administration', { payment_reference: 'X-1' });
		expect(notNow.status).toBe(400);
		expect(notNow.body.errors![0]).toMatchObject({ message: `claims ${claim} is Submitted: "pay" is not possible now; possible: none`, extensions: { code: 'TRANSITION_NOT_ALLOWED' } });

		const notGranted = await perform('claims', claim, 'take', 'callcenter');
		expect(notGranted.status).toBe(403);
		expect(notGranted.body.errors![0]!.extensions['code']).toBe('FORBIDDEN');

		await perform('claims', claim, 'take', 'claims');
		const noMessage = await perform('claims', claim, 'request-information', 'claims', {});
		expect(noMessage.status).toBe(400);
		expect(noMessage.body.errors![0]!.message).toBe('"message" is required');
		const extra = await perform('claims', claim, 'reject', 'claims', { decision_note: 'No', status: 'Paid' });
		expect(extra.body.errors![0]!.message).toBe('"status" is not allowed');
		expect(await statusOf('claims', claim)).toBe('InReview');

		// Another client's claim does not exist for this one.
		expect((await call('GET', `/claims/${claim}/actions`, 'clientB')).status).toBe(404);
		expect((await perform('claims', claim, 'withdraw', 'clientB')).status).toBe(404);
		const collection = await call('GET', `/payments/1/actions`, 'admin');
		expect(collection.status).toBe(400);
		expect(collection.body.errors![0]!.message).toMatch(/^"collection" must be one of \[policies, master_policies/);
		expect((await call('GET', '/claims/abc/actions', 'admin')).body.errors![0]!.message).toBe('"id" must be a number');
	});
});

describe('contract actions', () => {
	it('offers a cancellation with the reason types possible now, and performs it', async () => {
		const policy = await insertPolicy({ status: 'InForce' });
		const actions = await actionsOf('policies', policy, 'administration');
		expect(actions.map(({ action, to }) => `${action} -> ${to}`)).toEqual(['withdraw -> Withdraw', 'cancel -> null']);
		const cancel = actions.find((a) => a.action === 'cancel')!;
		expect(cancel.inputs).toEqual([
			{
				name: 'reason_type',
				label: 'Reason type',
				type: 'choice',
				required: true,
				choices: [
					{ value: 'DeclineByScreening', label: 'Decline by screening', to: 'DeclineScreening' },
					{ value: 'Withdrawal', label: 'Withdrawal', to: 'WithdrawClientRequest' },
					{ value: 'Surrender', label: 'Surrender', to: 'Surrendered' },
					{ value: 'ClosedByClaim', label: 'Closed by claim', to: 'ClosedByClaim' },
				],
			},
			{ name: 'effective_date', label: 'Effective date', type: 'date', required: true },
			{ name: 'note', label: 'Note', type: 'text', required: false, maxLength: 2000 },
		]);
		expect(await offered('policies', policy, 'claims')).toEqual([]);
		expect(await offered('policies', policy, 'client')).toEqual([]);

		const bad = await perform('policies', policy, 'cancel', 'administration', { reason_type: 'Surrender' });
		expect(bad.body.errors![0]!.message).toBe('"effective_date" is required');
		const done = await perform('policies', policy, 'cancel', 'administration', { reason_type: 'Surrender', effective_date: '2026-06-30', note: 'Asked by phone' });
		expect(done.status, JSON.stringify(done.body)).toBe(200);
		expect(done.body.data).toEqual({ item: policy, from: 'InForce', to: 'Surrendered', action: 'cancel' });
		expect(await testDatabase()('cancellation_requests').where('policy', policy).select('reason_type', 'resulting_status')).toEqual([{ reason_type: 'Surrender', resulting_status: 'Surrendered' }]);
	});

	it('enforces an issued policy with its reason, as the transition endpoint does', async () => {
		const policy = await insertPolicy({ status: 'Issued' });
		expect(await offered('policies', policy, 'manager')).toEqual(['enforce -> InForce', 'cancel -> null']);
		const done = await perform('policies', policy, 'enforce', 'manager', { reason: 'Medical screening passed' });
		expect(done.body.data).toMatchObject({ from: 'Issued', to: 'InForce' });
		expect((await testDatabase()('policies').where('id', policy).first('status_reason')).status_reason).toBe('Medical screening passed');
	});

	it('binds a master policy in Proposal, and offers the change request buttons per role', async () => {
		const master = await insertMasterPolicy({ status: 'Proposal' });
		expect(await offered('master_policies', master, 'administration')).toEqual(['quote-and-bind -> Issued']);
		expect(await offered('master_policies', master, 'business')).toEqual([]);
		// A collection the caller may not read at all.
		expect((await call('GET', `/master_policies/${master}/actions`, 'client')).status).toBe(403);
		expect((await perform('master_policies', master, 'quote-and-bind', 'administration', {})).body.data).toMatchObject({ from: 'Proposal', to: 'Issued' });

		const change = await insertChangeRequest(await insertPolicy());
		expect(await offered('policy_change_requests', change, 'callcenter')).toEqual(['register -> Registered', 'cancel -> Cancelled']);
		expect((await perform('policy_change_requests', change, 'register', 'callcenter')).body.data).toMatchObject({ to: 'Registered' });
		expect(await offered('policy_change_requests', change, 'callcenter')).toEqual(['cancel -> Cancelled']);
		expect(await offered('policy_change_requests', change, 'manager')).toEqual(['cancel -> Cancelled', 'accept -> Accepted', 'decline -> Declined']);
		expect((await perform('policy_change_requests', change, 'accept', 'callcenter')).status).toBe(403);
	});

	it('offers nothing on an installment: only payments and jobs move it', async () => {
		const policy = await insertPolicy();
		const [row] = await testDatabase()('installments').insert({ policy, sequence: 1, due_date: dbDate('2026-08-15'), status: 'OnTime', amount: 100, paid_amount: 0 }).returning('id');
		const installment = Number(typeof row === 'object' ? row.id : row);
		expect(await actionsOf('installments', installment, 'admin')).toEqual([]);
		const none = await perform('installments', installment, 'pay', 'admin');
		expect(none.status).toBe(404);
		expect(none.body.errors![0]!.message).toBe('installments has no action "pay"; its actions: none');
	});
});
