// Claim rules hold on the plain REST path too (a status PATCH goes through the lifecycle guard
// and the same consequences): a submission is numbered, dated and queued; an approval above
// the limit needs a Manager.
import { beforeAll, describe, expect, it } from 'vitest';
import { directusUrl } from '../helpers/clients';
import { dbDate, historyOf, insertPolicy, statusOf, testDatabase } from '../helpers/fixtures';
import { tokenFor } from './api';

let policy: number;
beforeAll(async () => {
	policy = await insertPolicy({ begin_date: dbDate('2026-01-01'), end_date: dbDate('2030-01-01') });
});

async function insertClaim(fields: Record<string, unknown>) {
	const db = testDatabase();
	const { client } = await db('policies').where('id', policy).first('client');
	const [row] = await db('claims').insert({ policy, client, channel: 'portal', total_claimed: 1500, ...fields }).returning('id');
	return Number(typeof row === 'object' ? row.id : row);
}

async function patch(id: number, body: unknown, email: string) {
	const response = await fetch(`${directusUrl()}/items/claims/${id}`, {
		method: 'PATCH',
		headers: { authorization: `Bearer ${await tokenFor(directusUrl(), email)}`, 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json()) as { errors?: { message: string }[] } };
}

describe('claims through REST', () => {
	it('an approval above the approval limit by the Claims Department is refused; a Manager may approve it', async () => {
		const id = await insertClaim({ status: 'InReview', total_approved: 1500 });
		const refused = await patch(id, { status: 'Approved' }, 'claims@example.com');
		expect(refused.status).toBe(409);
		expect(refused.body.errors![0]!.message).toBe(`claims ${id}: approved total 1500.00 is above the approval limit 1000.00; only a Manager approves it (POST /insurance/claims/${id}/approve refers it to one)`);
		expect(await statusOf('claims', id)).toBe('InReview');
		expect(await historyOf('claims', id)).toEqual([]);
		const approved = await patch(id, { status: 'Approved' }, 'manager@example.com');
		expect(approved.status, JSON.stringify(approved.body)).toBe(200);
		expect(await statusOf('claims', id)).toBe('Approved');
	});

	it('within the limit the Claims Department approves', async () => {
		const id = await insertClaim({ status: 'InReview', total_approved: 999.99 });
		expect((await patch(id, { status: 'Approved' }, 'claims@example.com')).status).toBe(200);
	});
});
