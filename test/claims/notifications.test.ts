// Who hears about a claim, once, whichever path moved it: the handler when the client answers an
// information request (through the messages endpoint or a plain REST message), the managers when
// a claim waits for their approval (the approve action above the limit, or a status write):
// whoever holds the right to decide above the limit, a role name decides nothing.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directusUrl } from '../helpers/clients';
import { dbDate, FULL_COVER, insertPolicy, statusOf, testDatabase } from '../helpers/fixtures';
import { post, tokenFor } from './api';

const tokens = new Map<string, string>();
const token = async (email: string) => {
	if (!tokens.has(email)) tokens.set(email, await tokenFor(directusUrl(), email));
	return tokens.get(email)!;
};
const userId = async (email: string) => (await testDatabase()('directus_users').where('email', email).first('id')).id as string;
const idOf = (row: unknown) => Number(typeof row === 'object' && row ? (row as { id: number }).id : row);

let policy: number;
let handler: string;
/** The demo Manager, and a senior handler whose own access policy was granted the right. */
let managers: string[];
const senior = { user: randomUUID(), policy: randomUUID() };
beforeAll(async () => {
	const db = testDatabase();
	policy = await insertPolicy({}, FULL_COVER);
	handler = await userId('claims@example.com');
	await db('directus_policies').insert({ id: senior.policy, name: `Senior claims handler ${process.pid}`, icon: 'badge', admin_access: false, app_access: true });
	await db('directus_users').insert({ id: senior.user, email: `senior.${process.pid}@example.com`, first_name: 'Sam', status: 'active' });
	await db('directus_access').insert({ id: randomUUID(), user: senior.user, policy: senior.policy });
	await db('transition_permissions').insert({ lifecycle: 'claim', action: 'decide-above-limit', policy: senior.policy });
	managers = [await userId('manager@example.com'), senior.user];
});
afterAll(async () => {
	const db = testDatabase();
	await db('transition_permissions').where('policy', senior.policy).delete();
	await db('directus_access').where('policy', senior.policy).delete();
	await db('directus_notifications').where('recipient', senior.user).delete();
	await db('directus_users').where('id', senior.user).delete();
	await db('directus_policies').where('id', senior.policy).delete();
});

/** A claim taken by the demo handler, in `status`, with one line of `amount`, written straight into the database. */
async function insertClaim(status: string, amount = 80) {
	const db = testDatabase();
	const { client } = await db('policies').where('id', policy).first('client');
	const id = idOf((await db('claims').insert({ policy, client, status, channel: 'portal', claim_number: `NOTIFY-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`, assigned_to: handler, total_claimed: amount }).returning('id'))[0]);
	const line = idOf(
		(await db('claim_lines').insert({ claim: id, kind: 'hospital', description: 'Day hospital', service_date: dbDate('2026-06-01'), quantity: 1, unit_amount: amount, amount_claimed: amount, amount_benefit: amount }).returning('id'))[0],
	);
	return { id, line };
}

/** Notifications about the claim whose subject says `about`, per recipient. */
async function notified(claim: number, about: string): Promise<Record<string, number>> {
	const rows: { recipient: string }[] = await testDatabase()('directus_notifications').where({ collection: 'claims', item: String(claim) }).where('subject', 'like', `%${about}%`).select('recipient');
	return rows.reduce<Record<string, number>>((count, row) => ({ ...count, [row.recipient]: (count[row.recipient] ?? 0) + 1 }), {});
}

/**
 * Waits for the notifications of `recipients` (they are sent once the transaction has committed),
 * then a little longer, so a second one sent for the same event would be seen; answers the count
 * per recipient.
 */
async function settled(claim: number, about: string, recipients: string[]) {
	await expect
		.poll(
			async () => {
				const counts = await notified(claim, about);
				return recipients.filter((user) => !(user in counts));
			},
			{ timeout: 15_000, interval: 200 },
		)
		.toEqual([]);
	await new Promise((resolve) => setTimeout(resolve, 1500));
	return notified(claim, about);
}

/** Each recipient exactly once, and nobody twice. */
function onceEach(counts: Record<string, number>, recipients: string[]) {
	for (const user of recipients) expect(counts[user], user).toBe(1);
	expect(Object.values(counts).every((n) => n === 1)).toBe(true);
}

describe('the handler hears the client’s answer', () => {
	it('through the messages endpoint: the claim is back in review, the handler is notified once', async () => {
		const { id } = await insertClaim('InformationRequested');
		const answer = await post(directusUrl(), `/insurance/claims/${id}/messages`, { body: 'Here is the prescription.' }, await token('client@example.com'));
		expect(answer.status, JSON.stringify(answer.body)).toBe(201);
		expect(await statusOf('claims', id)).toBe('InReview');
		expect(await settled(id, 'Client answered', [handler])).toEqual({ [handler]: 1 });
		const [row] = await testDatabase()('directus_notifications').where({ collection: 'claims', item: String(id), recipient: handler }).select('message');
		expect(row.message).toContain('Here is the prescription.');
	});

	it('through a plain REST message: the same answer, the same single notification', async () => {
		const { id } = await insertClaim('InformationRequested');
		const response = await fetch(`${directusUrl()}/items/claim_messages`, {
			method: 'POST',
			headers: { authorization: `Bearer ${await token('client@example.com')}`, 'content-type': 'application/json' },
			body: JSON.stringify({ claim: id, body: 'Sent through the API.' }),
		});
		expect(response.status, await response.clone().text()).toBe(200);
		expect(await statusOf('claims', id)).toBe('InReview');
		expect(await testDatabase()('claim_messages').where('claim', id).pluck('kind')).toEqual(['answer']);
		expect(await settled(id, 'Client answered', [handler])).toEqual({ [handler]: 1 });
	});

	it('not when the handler resumes the review without an answer, nor for a message on a claim in review', async () => {
		const { id } = await insertClaim('InformationRequested');
		const resumed = await post(directusUrl(), `/insurance/claims/${id}/resume-review`, {}, await token('claims@example.com'));
		expect(resumed.status, JSON.stringify(resumed.body)).toBe(200);
		const message = await post(directusUrl(), `/insurance/claims/${id}/messages`, { body: 'One more thing.' }, await token('client@example.com'));
		expect(message.status).toBe(201);
		expect(await testDatabase()('claim_messages').where('claim', id).pluck('kind')).toEqual(['note']);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(await notified(id, 'Client answered')).toEqual({});
	});
});

describe('the managers hear of a claim waiting for their approval', () => {
	it('when a handler approves above the limit (the approve action): each manager once', async () => {
		const { id, line } = await insertClaim('InReview', 1850);
		const approved = await post(directusUrl(), `/insurance/claims/${id}/approve`, { lines: [{ id: line, amount_approved: '1850.00' }] }, await token('claims@example.com'));
		expect(approved.status, JSON.stringify(approved.body)).toBe(200);
		expect(await statusOf('claims', id)).toBe('PendingApproval');
		const counts = await settled(id, 'waits for approval', managers);
		onceEach(counts, managers);
		expect(counts).not.toHaveProperty(handler);
	});

	it('when a handler refers it through a REST status write: each manager once', async () => {
		const { id } = await insertClaim('InReview', 1850);
		const response = await fetch(`${directusUrl()}/items/claims/${id}`, {
			method: 'PATCH',
			headers: { authorization: `Bearer ${await token('claims@example.com')}`, 'content-type': 'application/json' },
			body: JSON.stringify({ status: 'PendingApproval' }),
		});
		expect(response.status, await response.clone().text()).toBe(200);
		expect(await statusOf('claims', id)).toBe('PendingApproval');
		onceEach(await settled(id, 'waits for approval', managers), managers);
	});

	it('not for an approval within the limit', async () => {
		const { id, line } = await insertClaim('InReview', 120);
		const approved = await post(directusUrl(), `/insurance/claims/${id}/approve`, { lines: [{ id: line, amount_approved: '120.00' }] }, await token('claims@example.com'));
		expect(approved.status, JSON.stringify(approved.body)).toBe(200);
		expect(await statusOf('claims', id)).toBe('Approved');
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(await notified(id, 'waits for approval')).toEqual({});
	});
});
