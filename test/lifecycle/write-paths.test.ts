// The guard refuses an illegal status change on every write path, writes nothing when it does,
// and lets a legal one through with exactly one history row.
import { updateItem, createFlow, createOperation, updateFlow } from '@directus/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, directusUrl, loginAs } from '../helpers/clients';
import { historyOf, insertPolicy, statusOf } from '../helpers/fixtures';

type Admin = Awaited<ReturnType<typeof asAdmin>>;
let admin: Admin;
let token: string;
let flowId: string;

const api = async (method: string, path: string, body?: unknown, bearer = token) => {
	const response = await fetch(`${directusUrl()}${path}`, {
		method,
		headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : null };
};

/** Each path changes one policy's status to `status`; returns HTTP status and error message. */
const WRITE_PATHS: Record<string, (id: number, status: string) => Promise<{ status: number; message?: string }>> = {
	'REST single': async (id, status) => summarize(await api('PATCH', `/items/policies/${id}`, { status })),
	'REST batch by keys': async (id, status) => summarize(await api('PATCH', '/items/policies', { keys: [id], data: { status } })),
	'REST batch of items': async (id, status) => summarize(await api('PATCH', '/items/policies', [{ id, status }])),
	'REST by query': async (id, status) => summarize(await api('PATCH', '/items/policies', { query: { filter: { id: { _eq: id } } }, data: { status } })),
	'GraphQL mutation': async (id, status) => {
		const result = await api('POST', '/graphql', { query: `mutation { update_policies_item(id: ${id}, data: { status: "${status}" }) { id status } }` });
		return { status: result.body.errors ? 400 : 200, message: result.body.errors?.[0]?.message };
	},
	SDK: async (id, status) => {
		try {
			await admin.request(updateItem('policies', id, { status }));
			return { status: 200 };
		} catch (error) {
			const e = error as { response?: Response; errors?: { message: string }[] };
			return { status: e.response?.status ?? 500, message: e.errors?.[0]?.message };
		}
	},
	'Flow operation': async (id, status) => {
		// The run ends on the operation's result; a refusal is that result, with its message.
		const { body } = await api('POST', `/flows/trigger/${flowId}`, { item: id, status });
		return body?.code ? { status: body.status, message: body.message } : { status: 200 };
	},
};

function summarize(result: { status: number; body: { errors?: { message: string }[] } | null }) {
	return { status: result.status, message: result.body?.errors?.[0]?.message };
}

beforeAll(async () => {
	admin = await asAdmin();
	token = (await admin.getToken())!;
	const flow = await admin.request(
		createFlow({ name: 'Test: transition from a webhook', status: 'active', trigger: 'webhook', accountability: 'all', options: { method: 'POST', async: false, return: '$last' } }),
	);
	flowId = flow.id;
	const operation = await admin.request(
		createOperation({
			flow: flow.id,
			key: 'transition',
			name: 'Transition item',
			type: 'insurance-transition-item',
			position_x: 19,
			position_y: 1,
			options: { collection: 'policies', item: '{{$trigger.body.item}}', status: '{{$trigger.body.status}}' },
		}),
	);
	await admin.request(updateFlow(flow.id, { operation: operation.id }));
});

describe.each(Object.entries(WRITE_PATHS))('%s', (_path, write) => {
	it('refuses InForce → Lapsed (a job-only transition), naming item, statuses and allowed targets; writes nothing', async () => {
		const id = await insertPolicy({ status: 'InForce' });
		const result = await write(id, 'Lapsed');
		expect(result.status).toBeGreaterThanOrEqual(400);
		expect(result.status).toBeLessThan(500);
		expect(result.message).toContain(`policies ${id}: transition from "InForce" to "Lapsed" is not allowed; allowed targets: Withdraw`);
		expect(await statusOf('policies', id)).toBe('InForce');
		expect(await historyOf('policies', id)).toEqual([]);
	});

	it('refuses a status outside the table (Proposal → Maturity)', async () => {
		const id = await insertPolicy({ status: 'Proposal' });
		const result = await write(id, 'Maturity');
		expect(result.status).toBe(400);
		expect(result.message).toContain(`policies ${id}: transition from "Proposal" to "Maturity" is not allowed; allowed targets: none`);
		expect(await statusOf('policies', id)).toBe('Proposal');
	});

	it('lets InForce → Withdraw (manual) through and records exactly one history row', async () => {
		const id = await insertPolicy({ status: 'InForce' });
		const result = await write(id, 'Withdraw');
		expect(result.status, result.message).toBeLessThan(300);
		expect(await statusOf('policies', id)).toBe('Withdraw');
		const history = await historyOf('policies', id);
		expect(history).toHaveLength(1);
		expect(history[0]).toMatchObject({ from_status: 'InForce', to_status: 'Withdraw', trigger: 'manual' });
	});
});

describe('the guard', () => {
	it('checks every item of a batch against its own current status and writes none when one fails', async () => {
		const good = await insertPolicy({ status: 'InForce' });
		const bad = await insertPolicy({ status: 'Issued' });
		const result = await api('PATCH', '/items/policies', { keys: [good, bad], data: { status: 'Withdraw' } });
		expect(result.status).toBe(400);
		expect(result.body.errors[0].message).toContain(`policies ${bad}: transition from "Issued" to "Withdraw"`);
		expect(await statusOf('policies', good)).toBe('InForce');
		expect(await historyOf('policies', good)).toEqual([]);
	});

	it('writes other fields with an allowed transition, and leaves fields-only updates alone', async () => {
		const id = await insertPolicy({ status: 'InForce' });
		expect((await api('PATCH', `/items/policies/${id}`, { status: 'Withdraw', status_reason: 'Duplicate of another contract' })).status).toBe(200);
		const history = await historyOf('policies', id);
		expect(history[0]).toMatchObject({ reason: 'Duplicate of another contract' });
		expect((await api('PATCH', `/items/policies/${id}`, { coverage_limit: 1000 })).status).toBe(200);
		expect(await historyOf('policies', id)).toHaveLength(1);
	});

	it('records one activity and one revision per status PATCH, like any other update', async () => {
		const id = await insertPolicy({ status: 'InForce' });
		expect((await api('PATCH', `/items/policies/${id}`, { status: 'Withdraw', status_reason: 'Moved abroad' })).status).toBe(200);
		const activity = await api('GET', `/activity?filter[collection][_eq]=policies&filter[item][_eq]=${id}&fields=action,revisions.delta,revisions.data`);
		expect(activity.body.data).toHaveLength(1);
		expect(activity.body.data[0].action).toBe('update');
		const [revision] = activity.body.data[0].revisions;
		expect(activity.body.data[0].revisions).toHaveLength(1);
		expect(revision.delta).toEqual({ status_reason: 'Moved abroad' });
		expect(revision.data).toMatchObject({ status: 'Withdraw', status_reason: 'Moved abroad' });
	});

	it('creates items only in their initial status', async () => {
		const result = await api('POST', '/items/policies', { policy_number: 'TEST-CREATE-INFORCE', client: 1, product: 1, status: 'InForce', begin_date: '2026-01-01', end_date: '2027-01-01', premium_amount: 100 });
		expect(result.status).toBe(400);
		expect(result.body.errors[0].message).toContain('transition from "(none)" to "InForce" is not allowed; allowed targets: Proposal');
	});

	it('refuses automatic transitions to an administrator (Proposal → Issued happens on payment)', async () => {
		const id = await insertPolicy({ status: 'Proposal' });
		const result = await api('PATCH', `/items/policies/${id}`, { status: 'Issued' });
		expect(result.status).toBe(400);
		expect(result.body.errors[0].extensions).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED', from: 'Proposal', to: 'Issued', allowed: [] });
	});

	it('refuses a client any policy status change', async () => {
		const id = await insertPolicy({ status: 'InForce' });
		const client = await loginAs('client@example.com');
		const clientToken = (await client.getToken())!;
		const result = await api('PATCH', `/items/policies/${id}`, { status: 'Withdraw' }, clientToken);
		expect(result.status).toBeGreaterThanOrEqual(400);
		expect(result.status).toBeLessThan(500);
		expect(await statusOf('policies', id)).toBe('InForce');
	});

	it('keeps status_history append-only, for administrators too', async () => {
		const id = await insertPolicy({ status: 'InForce' });
		await api('PATCH', `/items/policies/${id}`, { status: 'Withdraw' });
		const rows = await api('GET', `/items/status_history?filter[collection][_eq]=policies&filter[item][_eq]=${id}`);
		const historyId = rows.body.data[0].id;
		for (const [method, path, body] of [
			['PATCH', `/items/status_history/${historyId}`, { to_status: 'InForce' }],
			['DELETE', `/items/status_history/${historyId}`, undefined],
			['POST', '/items/status_history', { collection: 'policies', item: String(id), to_status: 'Lapsed', trigger: 'manual', occurred_at: '2026-01-01T00:00:00Z' }],
		] as const) {
			const result = await api(method, path, body);
			expect(result.status, `${method} ${path}`).toBe(403);
			expect(result.body.errors[0].message).toContain('append-only');
		}
		expect(await historyOf('policies', id)).toHaveLength(1);
	});
});
