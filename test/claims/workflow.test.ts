// The claims workflow end to end, on its own Directus with its own SMTP server: a claim goes
// through every status; the Claims Department is notified and mailed a link that opens the
// claim; approvals above the limit wait for a Manager; paying the claim that uses up the
// coverage closes the policy (ClosedByClaim); overdue claims are escalated to the managers once.
import { DateTime } from 'luxon';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchDatabase, startInstance, type Instance } from '../helpers/instance';
import { startInbox, type Inbox } from '../helpers/mail';
import { ensureFullCover, FULL_COVER } from '../helpers/fixtures';
import { post, tokenFor } from './api';

let inbox: Inbox;
let instance: Instance;
let db: Knex;
let drop: () => Promise<void>;
const tokens: Record<string, string> = {};
const SECOND_HANDLER = 'claims.two@example.com';
const mailsTo = (address: string, subject: string, count?: number, timeout?: number) => inbox.mailsTo(address, subject, count, timeout);

const url = () => instance.url;
const act = (claim: number, action: string, body: unknown, who: string) => post(url(), `/insurance/claims/${claim}/${action}`, body, tokens[who]);
const today = DateTime.now().setZone('Europe/Paris').startOf('day');
const day = (offset: number) => today.plus({ days: offset }).toISODate()!;
const money = (value: unknown) => Number(value).toFixed(2);
const asDbDate = (iso: string) => (db.client.config.client === 'sqlite3' ? Date.parse(`${iso}T00:00:00Z`) : iso);
const statusOf = async (collection: string, id: number) => (await db(collection).where('id', id).first('status')).status as string;
const history = (collection: string, id: number) => db('status_history').where({ collection, item: String(id) }).orderBy('id').select('from_status', 'to_status', 'trigger', 'actor', 'reason');

beforeAll(async () => {
	inbox = await startInbox();
	const database = await scratchDatabase('claims');
	drop = database.drop;
	instance = await startInstance({ ...database.env, EMAIL_SMTP_HOST: '127.0.0.1', EMAIL_SMTP_PORT: String(inbox.port) });
	db = database.db();

	tokens['admin'] = await tokenFor(url(), 'admin@example.com', 'insurance-admin');
	const team = await db('directus_roles').where('name', 'Claims Department').first('id');
	const created = await fetch(`${url()}/users`, {
		method: 'POST',
		headers: { authorization: `Bearer ${tokens['admin']}`, 'content-type': 'application/json' },
		body: JSON.stringify({ email: SECOND_HANDLER, password: 'insurance-demo', role: team.id, status: 'active', first_name: 'Carl' }),
	});
	expect(created.status).toBe(200);
	for (const [who, email] of Object.entries({ client: 'client@example.com', clientB: 'client.b@example.com', claims: 'claims@example.com', manager: 'manager@example.com', administration: 'administration@example.com', callcenter: 'callcenter@example.com' })) {
		tokens[who] = await tokenFor(url(), email);
	}
}, 300_000);

afterAll(async () => {
	await instance?.stop();
	await db?.destroy();
	await drop?.();
	await inbox?.close();
});

/** On a product that reimburses in full: the workflow is under test here, not adjudication. */
async function insertPolicy(coverageLimit: number) {
	await ensureFullCover(db);
	const client = await db('clients').where('email', 'client@example.com').first('id');
	const product = await db('products').where('code', FULL_COVER).first('id');
	const [row] = await db('policies')
		.insert({ policy_number: `E2E-P-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`, client: client.id, product: product.id, status: 'InForce', proposal_date: asDbDate(day(-120)), begin_date: asDbDate(day(-100)), end_date: asDbDate(day(265)), premium_amount: 1200, coverage_limit: coverageLimit, currency: 'EUR' })
		.returning('id');
	return Number(typeof row === 'object' ? row.id : row);
}

const lines = {
	medication: { kind: 'medication', description: 'Amoxicillin 1 g', service_date: day(-3), quantity: 2, unit_amount: '12.40' },
	consultation: { kind: 'consultation', description: 'GP consultation', service_date: day(-3), quantity: 1, unit_amount: '30.00' },
	hospital: { kind: 'hospital', description: 'Day hospital', service_date: day(-10), quantity: 1, unit_amount: '1850.00' },
};

describe('claims workflow', () => {
	let policy: number;
	const reached = new Set<string>();
	const track = async (claim: number) => (await history('claims', claim)).forEach((row) => reached.add(row.to_status));

	beforeAll(async () => {
		// Coverage exactly what the two claims below will be paid: the second payment uses it up.
		policy = await insertPolicy(1900.8);
	});

	it('a claim from submission to payment: notified and mailed with its link, reviewed, information asked and answered, decided line by line, paid', async () => {
		const filed = await post(url(), '/insurance/claims', { policy, lines: [lines.medication, lines.consultation] }, tokens['client']);
		expect(filed.status, JSON.stringify(filed.body)).toBe(201);
		const claim = filed.body.data;
		const link = `${url()}/admin/content/claims/${claim.id}`;

		// Every member of the Claims Department: a Directus notification and an email with the link.
		for (const member of ['claims@example.com', SECOND_HANDLER]) {
			const [mail] = await mailsTo(member, `New claim ${claim.claim_number}`);
			expect(mail, `email to ${member}`).toBeDefined();
			expect(mail!.html).toContain(`href="${link}"`);
			expect(mail!.html).toContain('Chloé Martin');
			const user = await db('directus_users').where('email', member).first('id');
			expect(Number((await db('directus_notifications').where({ recipient: user.id, collection: 'claims', item: String(claim.id) }).count('* as n').first())!.n)).toBe(1);
		}
		expect(await mailsTo('manager@example.com', claim.claim_number, 1, 0)).toEqual([]);
		// The link opens the Directus app, where the handler's session reads that claim.
		const app = await fetch(link);
		expect(app.status).toBe(200);
		expect(app.headers.get('content-type')).toContain('text/html');
		const seenByHandler = await fetch(`${url()}/items/claims/${link.split('/').at(-1)}?fields=claim_number,status`, { headers: { authorization: `Bearer ${tokens['claims']}` } });
		expect(((await seenByHandler.json()) as { data: unknown }).data).toEqual({ claim_number: claim.claim_number, status: 'Submitted' });

		const taken = await act(claim.id, 'take', {}, 'claims');
		expect(taken.status, JSON.stringify(taken.body)).toBe(200);
		const handler = await db('directus_users').where('email', 'claims@example.com').first('id');
		expect(taken.body.data).toMatchObject({ status: 'InReview', assigned_to: handler.id });

		const asked = await act(claim.id, 'request-information', { message: 'Please send the prescription.' }, 'claims');
		expect(asked.body.data.status).toBe('InformationRequested');
		// The client reads the question, answers it, and the claim is back in review by itself.
		const answer = await post(url(), `/insurance/claims/${claim.id}/messages`, { body: 'Prescription attached to line 1.' }, tokens['client']);
		expect(answer.status, JSON.stringify(answer.body)).toBe(201);
		expect(answer.body.data.map((m: { kind: string; body: string }) => [m.kind, m.body])).toEqual([
			['information_request', 'Please send the prescription.'],
			['answer', 'Prescription attached to line 1.'],
		]);
		expect(await statusOf('claims', claim.id)).toBe('InReview');
		// The handler who asked hears the answer: a notification and an email with the link, once.
		const [told] = await mailsTo('claims@example.com', `Client answered on claim ${claim.claim_number}`);
		expect(told, 'email to the handler').toBeDefined();
		expect(told!.html).toContain(`href="${link}"`);
		expect(told!.html).toContain('Prescription attached to line 1.');
		expect(await mailsTo(SECOND_HANDLER, `Client answered on claim ${claim.claim_number}`, 1, 0)).toEqual([]);
		const note = await post(url(), `/insurance/claims/${claim.id}/messages`, { body: 'Client called to confirm.' }, tokens['callcenter']);
		expect(note.body.data.at(-1)).toMatchObject({ kind: 'note' });
		expect(await statusOf('claims', claim.id)).toBe('InReview');

		// Line decisions: never above the amount claimed, a reason whenever reduced; a refusal writes nothing.
		const [medication, consultation] = claim.lines as { id: number }[];
		const tooMuch = await act(claim.id, 'approve', { lines: [{ id: medication!.id, amount_approved: '24.81' }, { id: consultation!.id, amount_approved: 30 }] }, 'claims');
		expect(tooMuch.status).toBe(400);
		expect(tooMuch.body.errors![0]!.message).toBe('"lines[0].amount_approved" must not exceed the amount claimed (24.80)');
		const noReason = await act(claim.id, 'approve', { lines: [{ id: medication!.id, amount_approved: '20.80' }, { id: consultation!.id, amount_approved: 30 }] }, 'claims');
		expect(noReason.body.errors![0]!.message).toBe('"lines[0].rejection_reason" is required when less than the amount claimed is approved');
		const byCallCenter = await act(claim.id, 'approve', { lines: [{ id: medication!.id, amount_approved: '24.80' }, { id: consultation!.id, amount_approved: 30 }] }, 'callcenter');
		expect(byCallCenter.status).toBe(400);
		expect(await statusOf('claims', claim.id)).toBe('InReview');
		expect((await db('claim_lines').where('claim', claim.id).whereNotNull('amount_approved')).length).toBe(0);

		const approved = await act(
			claim.id,
			'approve',
			{ lines: [{ id: medication!.id, amount_approved: '20.80', rejection_reason: 'Generic price' }, { id: consultation!.id, amount_approved: 30 }], decision_note: 'Generic reimbursed' },
			'claims',
		);
		expect(approved.status, JSON.stringify(approved.body)).toBe(200);
		expect(approved.body.data).toMatchObject({ status: 'Approved', decision_note: 'Generic reimbursed' });
		expect(money(approved.body.data.total_approved)).toBe('50.80');
		expect(approved.body.data.lines.map((l: Record<string, unknown>) => [money(l.amount_approved), l.rejection_reason])).toEqual([
			['20.80', 'Generic price'],
			['30.00', null],
		]);
		expect((await act(claim.id, 'withdraw', {}, 'client')).status).toBe(400);
		expect((await act(claim.id, 'pay', { payment_reference: 'PAY-1' }, 'claims')).status).toBe(400);
		expect((await act(claim.id, 'pay', {}, 'administration')).body.errors![0]!.message).toBe('"payment_reference" is required');

		const paid = await act(claim.id, 'pay', { payment_reference: 'BANK-2026-0001' }, 'administration');
		expect(paid.body.data).toMatchObject({ status: 'Paid', payment_reference: 'BANK-2026-0001' });
		expect(await statusOf('policies', policy)).toBe('InForce');
		expect((await history('claims', claim.id)).map((h) => [h.from_status, h.to_status, h.trigger])).toEqual([
			[null, 'Draft', 'created'],
			['Draft', 'Submitted', 'manual'],
			['Submitted', 'InReview', 'manual'],
			['InReview', 'InformationRequested', 'manual'],
			['InformationRequested', 'InReview', 'automatic'],
			['InReview', 'Approved', 'manual'],
			['Approved', 'Paid', 'manual'],
		]);
		await track(claim.id);
	});

	it('above the approval limit a handler only refers the claim; a Manager approves; paying it uses up the coverage and closes the policy', async () => {
		const filed = await post(url(), '/insurance/claims', { policy, lines: [lines.hospital] }, tokens['client']);
		const claim = filed.body.data;
		await act(claim.id, 'take', {}, 'claims');
		const decision = { lines: [{ id: claim.lines[0].id, amount_approved: '1850.00' }] };
		const referred = await act(claim.id, 'approve', decision, 'claims');
		expect(referred.status, JSON.stringify(referred.body)).toBe(200);
		expect(referred.body.data).toMatchObject({ status: 'PendingApproval', decided_at: null });
		expect((await history('claims', claim.id)).at(-1)).toMatchObject({ from_status: 'InReview', to_status: 'PendingApproval', trigger: 'automatic', reason: 'Approved total 1850.00 is above the approval limit 1000.00: a Manager decides' });
		expect((await act(claim.id, 'approve', decision, 'claims')).status).toBe(400);
		expect(await statusOf('claims', claim.id)).toBe('PendingApproval');
		// The manager hears of it, by notification and email, once.
		const [waiting] = await mailsTo('manager@example.com', `Claim ${claim.claim_number} waits for approval`);
		expect(waiting, 'email to the manager').toBeDefined();
		expect(waiting!.html).toContain(`href="${url()}/admin/content/claims/${claim.id}"`);
		await new Promise((r) => setTimeout(r, 1000));
		expect(await mailsTo('manager@example.com', `Claim ${claim.claim_number} waits for approval`, 2, 0)).toHaveLength(1);

		const approved = await act(claim.id, 'approve', {}, 'manager');
		expect(approved.status, JSON.stringify(approved.body)).toBe(200);
		expect(approved.body.data.status).toBe('Approved');
		expect(money(approved.body.data.total_approved)).toBe('1850.00');

		const paid = await act(claim.id, 'pay', { payment_reference: 'BANK-2026-0002' }, 'administration');
		expect(paid.status, JSON.stringify(paid.body)).toBe(200);
		expect(await statusOf('policies', policy)).toBe('ClosedByClaim');
		expect((await history('policies', policy)).at(-1)).toMatchObject({ from_status: 'InForce', to_status: 'ClosedByClaim', trigger: 'cancellation', actor: 'claims-coverage' });
		expect(await db('cancellation_requests').where('policy', policy).select('reason_type', 'resulting_status')).toEqual([{ reason_type: 'ClosedByClaim', resulting_status: 'ClosedByClaim' }]);
		const refused = await post(url(), '/insurance/claims', { policy, lines: [lines.consultation] }, tokens['client']);
		expect(refused.body.errors![0]!.message).toBe('"policy" is ClosedByClaim; claims are filed on InForce policies only');
		await track(claim.id);
	});

	it('rejections, withdrawals, drafts submitted later, and overdue claims escalated to the managers once', async () => {
		const open = await insertPolicy(50_000);
		const file = async () => (await post(url(), '/insurance/claims', { policy: open, lines: [lines.consultation] }, tokens['client'])).body.data;

		const rejected = await file();
		await act(rejected.id, 'take', {}, 'claims');
		expect((await act(rejected.id, 'reject', {}, 'claims')).body.errors![0]!.message).toBe('"decision_note" is required');
		const rejection = await act(rejected.id, 'reject', { decision_note: 'Not covered by the product' }, 'claims');
		expect(rejection.body.data).toMatchObject({ status: 'Rejected', decision_note: 'Not covered by the product' });
		expect(rejection.body.data.lines.map((l: Record<string, unknown>) => [money(l.amount_approved), l.rejection_reason])).toEqual([['0.00', 'Not covered by the product']]);
		await track(rejected.id);

		const withdrawn = await file();
		expect((await act(withdrawn.id, 'withdraw', {}, 'clientB')).status).toBe(404);
		expect((await act(withdrawn.id, 'withdraw', { reason: 'Paid by my other insurer' }, 'client')).body.data.status).toBe('Withdrawn');
		await track(withdrawn.id);

		// A draft (e.g. saved in the portal) is numbered, dated and queued when it is submitted.
		const client = await db('clients').where('email', 'client@example.com').first('id');
		const [row] = await db('claims').insert({ policy: open, client: client.id, status: 'Draft', channel: 'portal', total_claimed: 30 }).returning('id');
		const draft = Number(typeof row === 'object' ? row.id : row);
		await db('claim_lines').insert({ claim: draft, kind: 'consultation', description: 'GP', service_date: asDbDate(day(-1)), quantity: 1, unit_amount: 30, amount_claimed: 30 });
		const submitted = await act(draft, 'submit', {}, 'client');
		expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
		expect(submitted.body.data).toMatchObject({ status: 'Submitted', claim_number: expect.stringMatching(/^CLM-\d{4}-\d{6}$/) });
		expect(submitted.body.data.decision_due_date).toEqual(expect.any(String));
		expect(await mailsTo('claims@example.com', submitted.body.data.claim_number)).toHaveLength(1);
		await track(draft);

		// Overdue: due yesterday and still undecided. Flagged and escalated once, however often the check runs.
		await db('claims').where('id', draft).update({ decision_due_date: asDbDate(day(-1)) });
		const notYet = await post(url(), '/insurance/claims/escalate-overdue', {}, tokens['manager']);
		expect(notYet.status).toBe(403);
		const first = await post(url(), '/insurance/claims/escalate-overdue', {}, tokens['admin']);
		expect(first.body.data.escalated).toContain(draft);
		const second = await post(url(), '/insurance/claims/escalate-overdue', {}, tokens['admin']);
		expect(second.body.data.escalated).not.toContain(draft);
		expect(Boolean((await db('claims').where('id', draft).first('overdue')).overdue)).toBe(true);
		const escalation = await mailsTo('manager@example.com', `Overdue claim ${submitted.body.data.claim_number}`);
		expect(escalation).toHaveLength(1);
		expect(escalation[0]!.html).toContain(`href="${url()}/admin/content/claims/${draft}"`);
		await new Promise((r) => setTimeout(r, 1000));
		expect(await mailsTo('manager@example.com', `Overdue claim ${submitted.body.data.claim_number}`, 2, 0)).toHaveLength(1);
	});

	it('reached every claim status', () => {
		expect([...reached].sort()).toEqual(['Approved', 'Draft', 'InReview', 'InformationRequested', 'Paid', 'PendingApproval', 'Rejected', 'Submitted', 'Withdrawn'].sort());
	});
});
