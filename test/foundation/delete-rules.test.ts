// The delete rules on every delete path: an item others document is refused with a 409 that
// names them, nothing is deleted; what exists only inside its parent goes with it.
import { beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, DEMO_LOGINS, directusUrl, loginAs } from '../helpers/clients';
import { dbDate, insertPolicy, testDatabase } from '../helpers/fixtures';

let token: string;

const api = async (method: string, path: string, body?: unknown, bearer = token) => {
	const response = await fetch(`${directusUrl()}${path}`, {
		method,
		headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : null };
};

const insert = async (table: string, row: Record<string, unknown>) => {
	const [created] = await testDatabase()(table).insert(row).returning('id');
	return Number(typeof created === 'object' ? created.id : created);
};

/** A policy with one claim (and its line) and one installment. */
async function policyWithClaim() {
	const policy = await insertPolicy();
	const { client } = await testDatabase()('policies').where('id', policy).first('client');
	const claim = await insert('claims', { status: 'Draft', policy, client, channel: 'portal', total_claimed: 0 });
	await insert('claim_lines', { claim, kind: 'other', description: 'Bandages', service_date: dbDate('2026-03-01'), quantity: 1, unit_amount: 5 });
	await insert('installments', { policy, sequence: 1, due_date: dbDate('2026-02-15'), status: 'OnTime', amount: 100, paid_amount: 0 });
	return { policy, claim, client };
}

const exists = async (table: string, id: number) => Boolean(await testDatabase()(table).where('id', id).first('id'));

beforeAll(async () => {
	token = (await (await asAdmin()).getToken())!;
});

describe('deleting a policy that has a claim', () => {
	const DELETE_PATHS: Record<string, (policy: number, other: number) => Promise<{ status: number; message?: string; code?: string }>> = {
		'REST single': async (policy) => summarize(await api('DELETE', `/items/policies/${policy}`)),
		'REST batch': async (policy, other) => summarize(await api('DELETE', '/items/policies', [other, policy])),
		'REST by query': async (policy, other) => summarize(await api('DELETE', '/items/policies', { query: { filter: { id: { _in: [other, policy] } } } })),
		'GraphQL mutation': async (policy) => {
			const result = await api('POST', '/graphql', { query: `mutation { delete_policies_item(id: ${policy}) { id } }` });
			const error = result.body.errors?.[0];
			return { status: error ? 409 : 200, message: error?.message, code: error?.extensions?.code };
		},
	};

	for (const [path, remove] of Object.entries(DELETE_PATHS)) {
		it(`is refused naming the claim, nothing deleted: ${path}`, async () => {
			const { policy, claim } = await policyWithClaim();
			const other = await insertPolicy();
			const result = await remove(policy, other);
			expect(result.status, JSON.stringify(result)).toBe(409);
			expect(result.message).toMatch(new RegExp(`^policies ${policy} cannot be deleted: 1 claims refer to it`));
			expect(result.message).not.toMatch(/constraint|sqlite|insert|delete from/i);
			if (result.code) expect(result.code).toBe('DELETE_RESTRICTED');
			for (const [table, id] of [['policies', policy], ['policies', other], ['claims', claim]] as const) expect(await exists(table, id), `${table} ${id}`).toBe(true);
		});
	}

	it('is refused through the client too: deselecting it there would leave it without a holder', async () => {
		const { policy, client } = await policyWithClaim();
		const result = summarize(await api('PATCH', `/items/clients/${client}`, { policies: { create: [], update: [], delete: [policy] } }));
		expect(result.status, JSON.stringify(result)).toBe(400);
		expect(result.message).toContain('"client"');
		expect((await testDatabase()('policies').where('id', policy).first('client')).client).toBe(client);
	});

	it('goes through once the claim is gone, taking the installments with it', async () => {
		const { policy, claim } = await policyWithClaim();
		expect((await api('DELETE', `/items/claims/${claim}`)).status).toBe(204);
		expect(await testDatabase()('claim_lines').where('claim', claim).first('id')).toBeUndefined();
		expect((await api('DELETE', `/items/policies/${policy}`)).status).toBe(204);
		expect(await testDatabase()('installments').where('policy', policy).first('id')).toBeUndefined();
	});
});

describe('who hears what keeps an item', () => {
	it('someone who may not delete it gets 403 and learns nothing of what refers to it', async () => {
		const { policy } = await policyWithClaim();
		const client = (await (await loginAs(DEMO_LOGINS.Client)).getToken())!;
		const refused = await api('DELETE', `/items/policies/${policy}`, undefined, client);
		expect(refused.status).toBe(403);
		expect(JSON.stringify(refused.body)).not.toContain('claims');
	});

	it('a role an administrator lets delete policies hears the same 409', async () => {
		const { policy } = await policyWithClaim();
		const manager = (await api('GET', '/policies?filter[name][_eq]=Manager&fields=id')).body.data[0].id;
		const granted = await api('POST', '/permissions', { policy: manager, collection: 'policies', action: 'delete', fields: ['*'], permissions: {} });
		expect(granted.status, JSON.stringify(granted.body)).toBe(200);
		try {
			const bearer = (await (await loginAs(DEMO_LOGINS.Manager)).getToken())!;
			const refused = await api('DELETE', `/items/policies/${policy}`, undefined, bearer);
			expect(refused.status).toBe(409);
			expect(refused.body.errors[0].message).toBe(`policies ${policy} cannot be deleted: 1 claims refer to it; nothing was deleted`);
		} finally {
			await api('DELETE', `/permissions/${granted.body.data.id}`);
		}
	});
});

describe('deleting a payment that is allocated', () => {
	it('is refused until its allocations are deleted, which gives the money back', async () => {
		const policy = await insertPolicy();
		const { client } = await testDatabase()('policies').where('id', policy).first('client');
		const installment = await insert('installments', { policy, sequence: 1, due_date: dbDate('2026-02-15'), status: 'OnTime', amount: 100, paid_amount: 0 });
		const payment = (await api('POST', '/items/payments', { client, amount: 100, received_at: '2026-02-10T09:00:00Z', reference: `DEL-${policy}` })).body.data.id;
		const allocation = await api('POST', '/items/payment_allocations', { payment, installment, amount: 100 });
		expect(allocation.status, JSON.stringify(allocation.body)).toBe(200);

		const refused = await api('DELETE', `/items/payments/${payment}`);
		expect(refused.status).toBe(409);
		expect(refused.body.errors[0].message).toBe(`payments ${payment} cannot be deleted: 1 payment_allocations refer to it; nothing was deleted`);
		expect(refused.body.errors[0].extensions).toMatchObject({ code: 'DELETE_RESTRICTED', collection: 'payments', item: String(payment), references: [{ collection: 'payment_allocations', field: 'payment', count: 1 }] });

		expect((await api('DELETE', `/items/payment_allocations/${allocation.body.data.id}`)).status).toBe(204);
		expect(Number((await testDatabase()('installments').where('id', installment).first('paid_amount')).paid_amount)).toBe(0);
		expect((await api('DELETE', `/items/payments/${payment}`)).status).toBe(204);
	});
});

describe('deleting reference data in use', () => {
	it('refuses a product and a client that contracts refer to', async () => {
		const policy = await insertPolicy();
		const { client, product } = await testDatabase()('policies').where('id', policy).first('client', 'product');
		const productDelete = await api('DELETE', `/items/products/${product}`);
		expect(productDelete.status).toBe(409);
		expect(productDelete.body.errors[0].message).toMatch(new RegExp(`^products ${product} cannot be deleted: \\d+ policies`));
		const clientDelete = await api('DELETE', `/items/clients/${client}`);
		expect(clientDelete.status).toBe(409);
		expect(clientDelete.body.errors[0].message).toMatch(new RegExp(`^clients ${client} cannot be deleted: .*policies`));
	});
});

function summarize(result: { status: number; body: { errors?: { message: string; extensions?: { code?: string } }[] } | null }) {
	return { status: result.status, message: result.body?.errors?.[0]?.message, code: result.body?.errors?.[0]?.extensions?.code };
}
