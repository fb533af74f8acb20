// Many requests racing to move the same policy to different statuses: exactly one wins, every
// other one gets a clear 4xx (409 when it lost the race), and the history holds exactly one
// transition. (A PATCH that sets the status an item already has is no transition: it succeeds
// without history, so racing PATCHes to one target may all answer 200 — see the last test.)
import { beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, directusUrl } from '../helpers/clients';
import { historyOf, insertPolicy, statusOf, testDatabase } from '../helpers/fixtures';

let token: string;
beforeAll(async () => {
	token = (await (await asAdmin()).getToken())!;
});

const request = (method: string, path: string, body: unknown) =>
	fetch(`${directusUrl()}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({
		status: r.status,
		body: (await r.json()) as { errors?: { extensions: { code: string } }[] },
	}));

describe('concurrent transitions of one policy', () => {
	it.each([1, 2, 3])('round %i: 50 parallel conflicting requests, exactly one wins', async () => {
		const id = await insertPolicy({ status: 'InForce' });
		const reasons = ['Surrender', 'Withdrawal', 'DeclineByScreening', 'ClosedByClaim'];
		const attempts = Array.from({ length: 50 }, (_, i) =>
			i % 5 === 4
				? request('POST', `/insurance/policies/${id}/transition`, { to: 'Withdraw' })
				: request('POST', `/insurance/policies/${id}/cancel`, { reason_type: reasons[i % 5], effective_date: '2026-11-30' }),
		);
		const results = await Promise.all(attempts);
		const winners = results.filter((r) => r.status === 200);
		const losers = results.filter((r) => r.status !== 200);
		expect(winners).toHaveLength(1);
		for (const loser of losers) {
			expect([400, 409], JSON.stringify(loser.body)).toContain(loser.status);
			expect(['TRANSITION_CONFLICT', 'TRANSITION_NOT_ALLOWED', 'BUSINESS_RULE_VIOLATION']).toContain(loser.body.errors?.[0]?.extensions.code);
		}
		const history = await historyOf('policies', id);
		expect(history).toHaveLength(1);
		expect(history[0]!.to_status).toBe(await statusOf('policies', id));
		const cancellationRows = await testDatabase()('cancellation_requests').where('policy', id).count({ n: '*' });
		expect(Number(cancellationRows[0]!.n)).toBe(history[0]!.to_status === 'Withdraw' ? 0 : 1);
	});

	it('treats racing PATCHes to the same status as one transition and idempotent repeats', async () => {
		const id = await insertPolicy({ status: 'InForce' });
		const results = await Promise.all(Array.from({ length: 20 }, () => request('PATCH', `/items/policies/${id}`, { status: 'Withdraw' })));
		for (const result of results) expect([200, 409], JSON.stringify(result.body)).toContain(result.status);
		expect(await historyOf('policies', id)).toHaveLength(1);
		expect(await statusOf('policies', id)).toBe('Withdraw');
	});
});
