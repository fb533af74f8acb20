// A database as release 0.1.0 left it: its schema (the pinned snapshot, applied with Directus'
// own `schema apply`, which is what 0.1.0's setup did on an empty database) and rows in every
// table its relations connect. 0.1.0 kept no record of migrations.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { expect } from 'vitest';
import { projectRoot } from '../helpers/instance';
import type { DirectusProject } from './project';

export const RELEASE_010_SNAPSHOT = join(projectRoot, 'test', 'fixtures', 'release-0.1.0', 'schema.yaml');

export async function installRelease010(project: DirectusProject) {
	for (const args of [['bootstrap'], ['schema', 'apply', '--yes', RELEASE_010_SNAPSHOT]]) {
		const result = await project.directus(args);
		expect(result.code, `directus ${args.join(' ')}:\n${result.output}`).toBe(0);
	}
}

export async function fillRelease010(db: Knex) {
	const sqlite = db.client.config.client === 'sqlite3';
	// Dates as Directus stores them: epoch milliseconds on SQLite.
	const day = (iso: string) => (sqlite ? Date.parse(`${iso}T00:00:00Z`) : iso);
	const at = (iso: string) => (sqlite ? Date.parse(iso) : new Date(iso));
	const insert = async (table: string, row: Record<string, unknown>) => {
		const [created] = await db(table).insert(row).returning('id');
		return typeof created === 'object' ? created.id : created;
	};
	const contract = { begin_date: day('2026-01-15'), end_date: day('2027-01-15') };

	await insert('insurance_settings', { time_zone: 'Europe/Paris' });
	const product = await insert('products', { code: 'LEGACY-HEALTH', name: 'Health cover of 0.1.0', premium_frequency: 'monthly', coverage_limit: 10000, currency: 'EUR' });
	const portfolio = await insert('portfolios', { name: 'Legacy' });
	const holder = await insert('clients', { type: 'individual', name: 'Legacy holder', email: 'holder@legacy.example.com', portfolio });
	const company = await insert('clients', { type: 'enterprise', name: 'Legacy company', email: 'hr@legacy.example.com', portfolio });
	const master = await insert('master_policies', { master_policy_number: 'LEGACY-M1', status: 'InForce', client: company, product, ...contract, premium_amount: 2400 });
	const policy = await insert('policies', { policy_number: 'LEGACY-P1', status: 'InForce', client: holder, product, portfolio, ...contract, premium_amount: 1200, coverage_limit: 10000, currency: 'EUR' });
	const member = await insert('policies', { policy_number: 'LEGACY-P2', status: 'InForce', client: company, product, master_policy: master, ...contract, premium_amount: 2400, currency: 'EUR' });
	const withdrawn = await insert('policies', { policy_number: 'LEGACY-P3', status: 'WithdrawClientRequest', client: holder, product, ...contract, premium_amount: 600, currency: 'EUR' });
	const masterInstallment = await insert('master_installments', { master_policy: master, sequence: 1, due_date: day('2026-01-15'), status: 'OnTime', amount: 200, paid_amount: 0 });
	const paid = await insert('installments', { policy, sequence: 1, due_date: day('2026-01-15'), status: 'Paid', amount: 100, paid_amount: 100 });
	await insert('installments', { policy, sequence: 2, due_date: day('2026-02-15'), status: 'OnTime', amount: 100, paid_amount: 0 });
	await insert('installments', { policy: member, sequence: 1, due_date: day('2026-01-15'), status: 'OnTime', amount: 200, paid_amount: 0, master_installment: masterInstallment });
	const payment = await insert('payments', { client: holder, amount: 100, currency: 'EUR', received_at: at('2026-01-10T09:00:00Z'), reference: 'LEGACY-PAY-1' });
	await insert('payment_allocations', { payment, installment: paid, amount: 100 });
	await insert('policy_change_requests', { policy, status: 'Draft', effective_date: day('2026-06-01'), premium_amount: 1300 });
	await insert('cancellation_requests', { policy: withdrawn, reason_type: 'Withdrawal', effective_date: day('2026-01-20'), resulting_status: 'WithdrawClientRequest' });
	const receipt = randomUUID();
	await db('directus_files').insert({ id: receipt, storage: 'local', filename_disk: `${receipt}.png`, filename_download: 'receipt.png', type: 'image/png' });
	const submitted = await insert('claims', { claim_number: 'LEGACY-C1', status: 'Submitted', policy, client: holder, channel: 'portal', total_claimed: 54.8, submitted_at: at('2026-03-02T10:00:00Z') });
	const draft = await insert('claims', { status: 'Draft', policy, client: holder, channel: 'portal', total_claimed: 0 });
	await insert('claim_lines', { claim: submitted, kind: 'medication', description: 'Antibiotics', service_date: day('2026-03-01'), quantity: 2, unit_amount: 12.4, amount_claimed: 24.8, receipt });
	await insert('claim_lines', { claim: submitted, kind: 'consultation', description: 'GP visit', service_date: day('2026-03-01'), quantity: 1, unit_amount: 30, amount_claimed: 30 });
	await insert('claim_lines', { claim: draft, kind: 'other', description: 'Bandages', service_date: day('2026-03-05'), quantity: 1, unit_amount: 5 });
	await insert('claim_messages', { claim: submitted, kind: 'note', body: 'Receipt attached.' });
	await insert('status_history', { collection: 'policies', item: String(policy), from_status: 'Issued', to_status: 'InForce', trigger: 'manual', occurred_at: at('2026-01-15T08:00:00Z') });
	const event = await insert('insurance_events', { type: 'policies.status_changed', collection: 'policies', item: String(policy), from_status: 'Issued', to_status: 'InForce', trigger: 'manual', occurred_at: at('2026-01-15T08:00:00Z') });
	const subscription = await insert('webhook_subscriptions', { name: 'Partner', url: 'https://partner.example.com/hook', secret: 'legacy-secret', active: true });
	await insert('webhook_deliveries', { subscription, event, collection: 'policies', item: String(policy), status: 'delivered', attempts: 1 });
	await insert('job_runs', { job: 'all', as_of: day('2026-03-01'), state: 'done', source: 'flow', started_at: at('2026-03-01T03:00:00Z') });
	return { policy: Number(policy), draftClaim: Number(draft), receipt };
}

/** Every row of the given tables, by table, in primary key order. */
export async function dumpRows(db: Knex, tables: string[]) {
	const dump: Record<string, Record<string, unknown>[]> = {};
	for (const table of tables) dump[table] = await db(table).select().orderBy('id');
	return dump;
}
