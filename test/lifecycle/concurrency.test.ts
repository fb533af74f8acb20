// Many requests racing to move the same policy: exactly one wins, every other one gets a
// clear 4xx (409 when it lost the race), and the history holds exactly one transition.
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
		const attempts = Array.from({ length: 50 }, (_, i) => {
			switch (i % 3) {
				case 0:
					return request('PATCH', `/items/policies/${id}`, { status: 'Withdraw' });
				case 1:
					return request('POST', `/insurance/policies/${id}/cancel`, { reason_type: 'Surrender', effective_date: '2026-11-30' });
				default:
					return request('POST', `/insurance/policies/${id}/transition`, { to: 'Withdraw' });
			}
		});
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
		expect(Number(cancellationRows[0]!.n)).toBe(history[0]!.to_status === 'Surrendered' ? 1 : 0);
	});
});
