// A transition made by the engine is announced like any Directus update: realtime
// subscribers see it at once, whatever path made it.
import { authentication, createDirectus, realtime, rest } from '@directus/sdk';
import { describe, expect, it } from 'vitest';
import { ADMIN, directusUrl } from '../helpers/clients';
import { insertPolicy } from '../helpers/fixtures';

describe('transition events', () => {
	it('reach a realtime subscriber of the collection', async () => {
		const id = await insertPolicy({ status: 'InForce' });
		const client = createDirectus(directusUrl()).with(authentication('json')).with(rest()).with(realtime({ authMode: 'handshake', heartbeat: false }));
		await client.login({ email: ADMIN.email, password: ADMIN.password });
		await client.connect();
		try {
			const { subscription } = await client.subscribe('policies', { event: 'update', query: { fields: ['id', 'status'] } });
			const received = (async () => {
				for await (const message of subscription) {
					const data = (message as { event?: string; data?: { id: number; status: string }[] }).data ?? [];
					const mine = data.find((row) => Number(row.id) === id);
					if (message.event === 'update' && mine) return mine;
				}
				return undefined;
			})();
			const token = await client.getToken();
			const response = await fetch(`${directusUrl()}/insurance/policies/${id}/transition`, {
				method: 'POST',
				headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
				body: JSON.stringify({ to: 'Withdraw' }),
			});
			expect(response.status).toBe(200);
			const update = await Promise.race([received, new Promise((resolve) => setTimeout(() => resolve('timeout'), 10_000))]);
			expect(update).toEqual({ id, status: 'Withdraw' });
		} finally {
			client.disconnect();
		}
	});
});
