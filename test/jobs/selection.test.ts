// A job's selection of what is due stays on its index however the planner misjudges how much is
// due (data/jobs/sql.ts fromIndex): on Postgres the statement runs without sequential scans or
// JIT, and those settings end with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromIndex } from '../../extensions/directus-extension-insurance/src/data/jobs/sql';
import { testDatabase } from '../helpers/fixtures';

const TABLE = 'selection_probe_installments';
const setting = (name: string) => `select current_setting('${name}') as value`;

describe.skipIf(process.env['TEST_DB'] !== 'postgres')('a job selection on Postgres', () => {
	const db = testDatabase();

	beforeAll(async () => {
		await db.schema.dropTableIfExists(TABLE);
		// As in a book: per policy one installment paid in the past, three OnTime in the future.
		await db.raw(`create table ?? as select n as id, case when n % 4 = 0 then 'Paid' else 'OnTime' end as status,
			current_date + case when n % 4 = 0 then -60 else 30 + 91 * (n % 4) end as due_date from generate_series(1, 200000) n`, [TABLE]);
		await db.raw('create index on ?? (status, due_date)', [TABLE]);
		await db.raw('analyze ??', [TABLE]);
	});
	afterAll(() => db.schema.dropTableIfExists(TABLE));

	it('runs without sequential scans or JIT, and leaves the connection as it was', async () => {
		const inside = await fromIndex(db, async (trx) => [(await trx.raw(setting('enable_seqscan'))).rows[0].value, (await trx.raw(setting('jit'))).rows[0].value]);
		expect(inside).toEqual(['off', 'off']);
		const after = await db.transaction(async (trx) => (await trx.raw(setting('enable_seqscan'))).rows[0].value);
		expect(after).toBe('on');
	});

	it('reads nothing but the index range of what is due when nothing is due', async () => {
		const query = (trx: typeof db) => trx(TABLE).where('status', 'OnTime').where('due_date', '<=', db.raw('current_date + 14')).distinct('id');
		const [{ 'QUERY PLAN': [plan] }] = (await fromIndex(db, (trx) => trx.raw(`explain (format json, analyze, buffers) ${query(trx).toQuery()}`))).rows;
		const nodes = JSON.stringify(plan);
		expect(nodes).not.toContain('Seq Scan');
		expect(nodes).toContain(`${TABLE}_status_due_date_idx`);
		expect(plan['Plan']['Actual Rows']).toBe(0);
	});
});
