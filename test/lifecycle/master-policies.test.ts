// A group contract made entirely through the API: created in Draft, moved to Proposal by its
// first member policy on every write path (in the member's transaction), and issued by the
// quote-and-bind request only — never by a status write or the generic transition endpoint.
import { beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, directusUrl, loginAs } from '../helpers/clients';
import { historyOf, statusOf, testDatabase } from '../helpers/fixtures';

let adminToken: string;
let managerToken: string;
let client: number;
let product: number;

const api = async (method: string, path: string, body?: unknown, token = adminToken) => {
	const response = await fetch(`${directusUrl()}${path}`, {
		method,
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : null } as { status: number; body: { data?: any; errors?: { message: string; extensions: Record<string, unknown> }[] } };
};
const graphql = (query: string, token = adminToken) => api('POST', '/graphql', { query }, token);

let sequence = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${++sequence}`;
const TERM = { begin_date: '2027-01-01', end_date: '2028-01-01' };
const masterPayload = () => ({ master_policy_number: unique('API-M'), client, product, ...TERM });
const memberPayload = (fields: Record<string, unknown> = {}) => ({ policy_number: unique('API-P'), client, product, premium_amount: 1200, ...TERM, ...fields });

async function createMaster(): Promise<number> {
	const created = await api('POST', '/items/master_policies', masterPayload());
	expect(created.status, JSON.stringify(created.body)).toBe(200);
	expect(created.body.data.status).toBe('Draft');
	return created.body.data.id;
}

const outboxOf = (master: number) => testDatabase()('insurance_events').where({ collection: 'master_policies', item: String(master) }).orderBy('id').select('type', 'from_status', 'to_status', 'trigger');
const membersOf = (master: number) => testDatabase()('policies').where('master_policy', master).pluck('id');

/** Draft → Proposal recorded once, after the creation, with its outbox event. */
async function expectProposedOnce(master: number) {
	expect(await statusOf('master_policies', master)).toBe('Proposal');
	const history = await historyOf('master_policies', master);
	expect(history.map((h) => `${h.from_status ?? '(none)'}→${h.to_status} ${h.trigger}`)).toEqual(['(none)→Draft created', 'Draft→Proposal automatic']);
	expect(history[1]!.reason).toBe('Member policies generated');
	expect(await outboxOf(master)).toEqual([
		{ type: 'master_policies.status_changed', from_status: null, to_status: 'Draft', trigger: 'created' },
		{ type: 'master_policies.status_changed', from_status: 'Draft', to_status: 'Proposal', trigger: 'automatic' },
	]);
	const { proposal_date } = await testDatabase()('master_policies').where('id', master).first('proposal_date');
	expect(proposal_date).not.toBeNull();
}

beforeAll(async () => {
	adminToken = (await (await asAdmin()).getToken())!;
	managerToken = (await (await loginAs('manager@example.com')).getToken())!;
	const db = testDatabase();
	client = (await db('clients').where('email', 'hr@acme.example').first('id')).id;
	product = (await db('products').where('code', 'GROUP-HEALTH').first('id')).id;
});

describe('a master policy created through the API', () => {
	it('moves Draft → Proposal with its first member, issues by quote-and-bind only, and refuses every other way', async () => {
		const master = await createMaster();
		await new Promise((r) => setTimeout(r, 200)); // the creation history is written after the commit
		expect(await historyOf('master_policies', master)).toEqual([expect.objectContaining({ from_status: null, to_status: 'Draft', trigger: 'created' })]);

		const first = await api('POST', '/items/policies', memberPayload({ master_policy: master }));
		expect(first.status, JSON.stringify(first.body)).toBe(200);
		await expectProposedOnce(master);
		const second = await api('POST', '/items/policies', memberPayload({ master_policy: master }));
		expect(second.status, JSON.stringify(second.body)).toBe(200);
		await expectProposedOnce(master); // later members change nothing

		const refusals = {
			'REST PATCH': await api('PATCH', `/items/master_policies/${master}`, { status: 'Issued' }, managerToken),
			'REST batch': await api('PATCH', '/items/master_policies', { keys: [master], data: { status: 'Issued' } }, managerToken),
			'transition endpoint': await api('POST', `/insurance/master-policies/${master}/transition`, { to: 'Issued' }, managerToken),
			'transition endpoint (admin)': await api('POST', `/insurance/master-policies/${master}/transition`, { to: 'Issued' }),
		};
		for (const [path, refused] of Object.entries(refusals)) {
			expect(refused.status, path).toBe(400);
			expect(refused.body.errors![0]!.extensions['code'], path).toBe('TRANSITION_NOT_ALLOWED');
			expect(refused.body.errors![0]!.message, path).toBe(`master_policies ${master}: transition from "Proposal" to "Issued" is not allowed; allowed targets: none`);
		}
		const viaGraphql = await graphql(`mutation { update_master_policies_item(id: ${master}, data: { status: "Issued" }) { id status } }`, managerToken);
		expect(viaGraphql.body.errors?.[0]?.extensions['code']).toBe('TRANSITION_NOT_ALLOWED');
		expect(await statusOf('master_policies', master)).toBe('Proposal');
		expect(await historyOf('master_policies', master)).toHaveLength(2);

		const bound = await api('POST', `/insurance/master-policies/${master}/quote-and-bind`, {}, managerToken);
		expect(bound.status, JSON.stringify(bound.body)).toBe(200);
		expect(bound.body.data).toMatchObject({ item: master, from: 'Proposal', to: 'Issued', action: 'quote-and-bind' });
		expect(await statusOf('master_policies', master)).toBe('Issued');
		expect((await historyOf('master_policies', master)).at(-1)).toMatchObject({ from_status: 'Proposal', to_status: 'Issued', trigger: 'quote-and-bind' });
	});

	it('cannot be moved out of Draft by hand: Draft → Proposal is automatic', async () => {
		const master = await createMaster();
		const patched = await api('PATCH', `/items/master_policies/${master}`, { status: 'Proposal' });
		expect(patched.status).toBe(400);
		expect(patched.body.errors![0]!.message).toBe(`master_policies ${master}: transition from "Draft" to "Proposal" is not allowed; allowed targets: none`);
		const bound = await api('POST', `/insurance/master-policies/${master}/quote-and-bind`, {});
		expect(bound.status).toBe(400);
		expect(await statusOf('master_policies', master)).toBe('Draft');
	});

	it('cannot be created straight in Proposal or Issued by a person', async () => {
		for (const status of ['Proposal', 'Issued']) {
			const created = await api('POST', '/items/master_policies', { ...masterPayload(), status });
			expect(created.status, status).toBe(400);
			expect(created.body.errors![0]!.extensions['code']).toBe('TRANSITION_NOT_ALLOWED');
		}
	});
});

describe('the first member moves its Draft master on every write path', () => {
	const PATHS: Record<string, (master: number) => Promise<{ status: number; body: any }>> = {
		'REST create': (master) => api('POST', '/items/policies', memberPayload({ master_policy: master })),
		'REST create, relation as an object': (master) => api('POST', '/items/policies', memberPayload({ master_policy: { id: master } })),
		'REST batch create': (master) => api('POST', '/items/policies', [memberPayload({ master_policy: master }), memberPayload({ master_policy: master })]),
		'nested under a new master': async () => {
			const created = await api('POST', '/items/master_policies', { ...masterPayload(), policies: [memberPayload(), memberPayload()] });
			return { ...created, master: created.body.data?.id };
		},
		'nested create on the master': (master) => api('PATCH', `/items/master_policies/${master}`, { policies: { create: [memberPayload()], update: [], delete: [] } }),
		'attaching an existing policy': async (master) => {
			const loose = await api('POST', '/items/policies', memberPayload());
			return api('PATCH', `/items/policies/${loose.body.data.id}`, { master_policy: master });
		},
		import: async (master) => {
			const form = new FormData();
			form.append('file', new Blob([JSON.stringify([memberPayload({ master_policy: master })])], { type: 'application/json' }), 'members.json');
			const response = await fetch(`${directusUrl()}/utils/import/policies`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}` }, body: form });
			const text = await response.text();
			return { status: response.status === 204 ? 200 : response.status, body: text };
		},
		'GraphQL, attaching an existing policy': async (master) => {
			const loose = await api('POST', '/items/policies', memberPayload());
			const result = await graphql(`mutation { update_policies_item(id: ${loose.body.data.id}, data: { master_policy: { id: ${master} } }) { id } }`);
			return { status: result.body.errors ? 400 : 200, body: result.body };
		},
	};

	it.each(Object.keys(PATHS))('%s', async (path) => {
		const master = await createMaster();
		const result = (await PATHS[path]!(master)) as { status: number; body: any; master?: number };
		expect(result.status, JSON.stringify(result.body)).toBe(200);
		const moved = result.master ?? master;
		expect((await membersOf(moved)).length).toBeGreaterThan(0);
		await new Promise((r) => setTimeout(r, 200)); // a later creation history must not follow
		await expectProposedOnce(moved);
	});

	it('rolls the move back with a member that is refused', async () => {
		const master = await createMaster();
		const refused = await api('POST', '/items/policies', memberPayload({ master_policy: master, premium_amount: 'lots' }));
		expect(refused.status).toBe(400);
		const noSchedule = await api('POST', '/items/policies', memberPayload({ master_policy: master, end_date: '2026-01-01' }));
		expect(noSchedule.status).toBe(400);
		const nested = await api('PATCH', `/items/master_policies/${master}`, { policies: [memberPayload({ policy_number: null })] });
		expect(nested.status).toBe(400);
		expect(await statusOf('master_policies', master)).toBe('Draft');
		expect(await membersOf(master)).toEqual([]);
		expect(await historyOf('master_policies', master)).toHaveLength(1);
		expect(await outboxOf(master)).toHaveLength(1);
	});

	it('refuses a master created inside its own member policy, writing nothing', async () => {
		const number = unique('API-M');
		const refused = await api('POST', '/items/policies', memberPayload({ master_policy: { ...masterPayload(), master_policy_number: number } }));
		expect(refused.status).toBe(400);
		expect(refused.body.errors![0]!.message).toBe('"master_policy" must be an existing master policy: create the master policy first, then its member policies');
		expect(await testDatabase()('master_policies').where('master_policy_number', number).first()).toBeUndefined();
	});
});
