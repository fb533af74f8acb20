// Test data written straight into the test database: a policy already InForce, a change
// request already Registered... The behaviour under test is then exercised over HTTP only.
import knex, { type Knex } from 'knex';
import { inject } from 'vitest';

let connection: Knex | undefined;

export function testDatabase(): Knex {
	if (connection) return connection;
	const env = inject('directusEnv');
	connection =
		env['DB_CLIENT'] === 'pg'
			? knex({ client: 'pg', connection: env['DB_CONNECTION_STRING'], pool: { min: 0, max: 4 } })
			: knex({ client: 'sqlite3', connection: { filename: env['DB_FILENAME']! }, useNullAsDefault: true });
	return connection;
}

const isSqlite = () => testDatabase().client.config.client === 'sqlite3';
/** Dates as Directus stores them: epoch milliseconds on SQLite. */
export const dbDate = (iso: string) => (isSqlite() ? Date.parse(`${iso}T00:00:00Z`) : iso);

let sequence = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${++sequence}`;

/**
 * A product that reimburses every kind in full, with no deductible and no automatic approval:
 * its proposals equal the amounts claimed and every claim waits for a person, for tests of the
 * workflow rather than of adjudication. Otherwise the same as HEALTH-IND.
 */
export const FULL_COVER = 'TEST-FULL-COVER';

export async function ensureFullCover(db: Knex) {
	if (await db('products').where('code', FULL_COVER).first('id')) return;
	const { id: _id, code: _code, name: _name, ...template } = await db('products').where('code', 'HEALTH-IND').first();
	const [row] = await db('products').insert({ ...template, code: FULL_COVER, name: 'Full cover (tests)', annual_deductible: 0, auto_approve_limit: null }).returning('id');
	const product = Number(typeof row === 'object' ? row.id : row);
	const kinds: string[] = await db('claim_line_kinds').pluck('code');
	await db('product_benefits').insert(kinds.map((kind) => ({ product, kind, coverage_percent: 100 })));
}

/** A contract of a demo client on a demo product, InForce for 2026 unless `fields` say otherwise. */
async function insertContract(table: 'policies' | 'master_policies', base: { client: string; product: string; number: Record<string, string>; premium: number }, fields: Record<string, unknown>) {
	const db = testDatabase();
	if (base.product === FULL_COVER) await ensureFullCover(db);
	const client = await db('clients').where('email', base.client).first('id');
	const product = await db('products').where('code', base.product).first('id');
	const [row] = await db(table)
		.insert({
			...base.number,
			client: client.id,
			product: product.id,
			status: 'InForce',
			proposal_date: dbDate('2026-01-01'),
			begin_date: dbDate('2026-01-15'),
			end_date: dbDate('2027-01-15'),
			premium_amount: base.premium,
			...fields,
		})
		.returning('id');
	return Number(typeof row === 'object' ? row.id : row);
}

export const insertPolicy = (fields: Record<string, unknown> = {}, product = 'HEALTH-IND') =>
	insertContract('policies', { client: 'client@example.com', product, number: { policy_number: unique('TEST-P') }, premium: 1200 }, { coverage_limit: 20000, currency: 'EUR', ...fields });

export const insertMasterPolicy = (fields: Record<string, unknown> = {}) =>
	insertContract('master_policies', { client: 'hr@acme.example', product: 'GROUP-HEALTH', number: { master_policy_number: unique('TEST-M') }, premium: 2400 }, fields);

export async function insertChangeRequest(policy: number, fields: Record<string, unknown> = {}): Promise<number> {
	const [row] = await testDatabase()('policy_change_requests')
		.insert({ policy, status: 'Draft', effective_date: dbDate('2026-06-01'), ...fields })
		.returning('id');
	return Number(typeof row === 'object' ? row.id : row);
}

export async function historyOf(collection: string, item: number | string) {
	return testDatabase()('status_history').where({ collection, item: String(item) }).orderBy('id').select('from_status', 'to_status', 'trigger', 'actor', 'reason');
}

export async function statusOf(collection: string, item: number) {
	return (await testDatabase()(collection).where('id', item).first('status'))?.status as string | undefined;
}
