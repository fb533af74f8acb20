// The installed product: schema, relations, roles and seed, read over HTTP as users see them.
import { readCollections, readFieldsByCollection, readItems, readPolicies, readRelations, readRoles, readMe, readUsers, serverPing, aggregate } from '@directus/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { collections, oneToMany } from '../../snapshots/model.mjs';
import { inject } from 'vitest';
import { asAdmin, DEMO_LOGINS, directusUrl, loginAs, withToken } from '../helpers/clients';

const isSqlite = inject('directusEnv')['DB_CLIENT'] === 'sqlite3';

type Admin = Awaited<ReturnType<typeof asAdmin>>;
let admin: Admin;
beforeAll(async () => {
	admin = await asAdmin();
});

describe('the running product', () => {
	it('answers /server/ping and serves the transition tables at /insurance/lifecycles', async () => {
		expect(await admin.request(serverPing())).toBe('pong');
		const response = await fetch(`${directusUrl()}/insurance/lifecycles`);
		expect(response.status).toBe(200);
		const { data } = (await response.json()) as { data: Record<string, { statuses: string[]; initial: string }> };
		expect(Object.keys(data).sort()).toEqual(['change_request', 'claim', 'installment', 'master_policy', 'policy', 'refund']);
		expect(data['policy']!.initial).toBe('Proposal');
		expect(data['claim']!.statuses).toContain('InformationRequested');
		expect(data['refund']).toMatchObject({ initial: 'Pending', statuses: ['Pending', 'Paid'], final: ['Paid'] });
	});

	it('has every collection of the data model with its fields and metadata', async () => {
		const installed = new Map((await admin.request(readCollections())).map((c) => [c.collection, c]));
		for (const model of collections) {
			const collection = installed.get(model.collection);
			expect(collection, model.collection).toBeDefined();
			expect(collection!.meta?.icon).toBe(model.icon);
			const fields = new Map((await admin.request(readFieldsByCollection(model.collection))).map((f) => [f.field, f]));
			for (const field of model.fields) {
				// SQLite has no decimal or uuid type: Directus reports those columns as float and string there.
				const sqliteAlias: Record<string, string> = { decimal: 'float', uuid: 'string' };
				const expected = isSqlite && sqliteAlias[field.type] ? [field.type, sqliteAlias[field.type]] : [field.type];
				expect(expected, `${model.collection}.${field.field}`).toContain(fields.get(field.field)?.type);
			}
		}
	});

	it('links collections with relations, including the one-to-many aliases integrators use', async () => {
		const relations = await admin.request(readRelations());
		for (const [one, alias, many, foreignKey] of oneToMany) {
			const relation = relations.find((r) => r.collection === many && r.field === foreignKey);
			expect(relation?.related_collection, `${many}.${foreignKey}`).toBe(one);
			expect(relation?.meta?.one_field, `${one}.${alias}`).toBe(alias);
		}
		const [policy] = await admin.request(readItems('policies', { fields: ['policy_number', { installments: ['sequence', 'status'] }], filter: { policy_number: { _eq: 'DEMO-P-0001' } } }));
		expect((policy!['installments'] as unknown[]).length).toBeGreaterThan(0);
		const [claim] = await admin.request(readItems('claims', { fields: ['claim_number', { lines: ['kind'] }, { messages: ['body'] }], filter: { claim_number: { _eq: 'DEMO-C-0004' } } }));
		expect((claim!['lines'] as unknown[]).length).toBe(2);
		expect((claim!['messages'] as unknown[]).length).toBe(1);
		const [master] = await admin.request(readItems('master_policies', { fields: [{ policies: ['id'] }, { installments: ['status'] }], filter: { master_policy_number: { _eq: 'DEMO-M-0001' } } }));
		expect((master!['policies'] as unknown[]).length).toBe(3);
		expect((master!['installments'] as unknown[]).length).toBe(12);
	});

	it('seeds one role and one access policy per role name of the specification', async () => {
		const expected = ['Administrator', 'Business Admin', 'Claims Department', 'Call Center', 'Manager', 'Administration', 'Client', 'Integrator'];
		const roles = (await admin.request(readRoles({ fields: ['name'] }))).map((r) => r.name);
		const policies = (await admin.request(readPolicies({ fields: ['name'] }))).map((p) => p.name);
		for (const name of expected) {
			expect(roles).toContain(name);
			expect(policies).toContain(name);
		}
	});

	it('seeds settings, products, portfolios and demo data in every status', async () => {
		const settings = await admin.request(readItems('insurance_settings'));
		expect(settings).toMatchObject({ job_hour: 4, time_zone: 'Europe/Paris' });
		// Other test files add products of their own: the three demo products are there.
		expect((await admin.request(readItems('products', { fields: ['code'] }))).map((p) => p.code)).toEqual(expect.arrayContaining(['HEALTH-IND', 'HEALTH-PLUS', 'GROUP-HEALTH']));
		expect(await admin.request(readItems('portfolios', { fields: ['name'] }))).toHaveLength(2);

		const statuses = async (collection: string) =>
			new Set(((await admin.request(aggregate(collection, { aggregate: { count: '*' }, groupBy: ['status'] }))) as { status: string }[]).map((r) => r.status));
		const lifecycles = (await (await fetch(`${directusUrl()}/insurance/lifecycles`)).json()).data;
		expect([...(await statuses('policies'))].sort()).toEqual([...lifecycles.policy.statuses].sort());
		expect([...(await statuses('claims'))].sort()).toEqual([...lifecycles.claim.statuses].sort());
		expect([...(await statuses('installments'))].sort()).toEqual(['OnTime', 'Paid', 'StatementIssued', 'Unpaid']);
		const masters = await statuses('master_policies');
		expect(masters).toContain('InForce');
		expect(masters).toContain('Draft');

		// Other test files lapse policies of their own on the same server: the demo's lapsed one is asked for.
		const [lapsed] = await admin.request(readItems('policies', { fields: ['id'], filter: { policy_number: { _eq: 'DEMO-P-0006' } } }));
		const history = await admin.request(readItems('status_history', { filter: { collection: { _eq: 'policies' }, item: { _eq: String(lapsed!['id']) }, to_status: { _eq: 'Lapsed' } } }));
		expect(history).toHaveLength(1);
		expect(history[0]).toMatchObject({ from_status: 'InForce', trigger: 'lapse-policies' });

		// A refund pending and one paid, and the schedules the issued demo policies were sent.
		const refunds = await admin.request(readItems('refunds', { filter: { policy: { policy_number: { _starts_with: 'DEMO-' } } }, fields: ['status', 'payment_reference', 'policy.policy_number'], limit: -1 }));
		expect(refunds.map((r) => r.status)).toEqual(expect.arrayContaining(['Pending', 'Paid']));
		expect(refunds).toContainEqual({ status: 'Paid', payment_reference: 'DEMO-REFUND-0001', policy: { policy_number: 'DEMO-P-0008' } });
		const schedules = await admin.request(readItems('policy_documents', { filter: { kind: { _eq: 'policy_schedule' }, policy: { policy_number: { _eq: 'DEMO-P-0001' } } }, fields: ['file.type'] }));
		expect(schedules).toEqual([{ file: { type: 'application/pdf' } }]);
	});

	it('lets every demo login sign in with its role', async () => {
		const users = await admin.request(readUsers({ fields: ['email', { role: ['name'] }], limit: -1 }));
		for (const [role, email] of Object.entries(DEMO_LOGINS)) {
			const client = await loginAs(email);
			expect((await client.request(readMe({ fields: ['email'] }))).email).toBe(email);
			expect(users.find((u) => u.email === email)?.role, email).toMatchObject({ name: role });
		}
		const integrator = await withToken('demo-integrator-token').request(readMe({ fields: ['email'] }));
		expect(integrator.email).toBe('integrator@example.com');
	});

	it('shows a client its own policies only', async () => {
		const chloe = await loginAs('client@example.com');
		const [own] = await admin.request(readItems('clients', { fields: ['id'], filter: { email: { _eq: 'client@example.com' } } }));
		const policies = await chloe.request(readItems('policies', { fields: ['policy_number', 'client'], limit: -1 }));
		// Other test files add policies to this client; every one returned must be hers.
		expect(policies.every((p) => p['client'] === own!['id'])).toBe(true);
		expect(policies.map((p) => p['policy_number'])).toEqual(expect.arrayContaining(['DEMO-P-0001', 'DEMO-P-0002', 'DEMO-P-0003']));
		expect(policies.map((p) => p['policy_number'])).not.toContain('DEMO-P-0004');
	});
});
