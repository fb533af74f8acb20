// Release 0.3.0: single-column indexes that a composite job index covers are dropped (see
// snapshots/model.mjs). Each one is one more index page written for every row a nightly job
// moves. The composites themselves (seed/flows.yaml) are created by the setup step that
// follows, if missing.
import type { Knex } from 'knex';
import type { Migration } from '../setup/migrate';

/** Directus' names of the indexes it created for these fields' `is_indexed`. */
const COVERED_INDEXES: Record<string, string[]> = {
	policies: ['status', 'end_date'],
	master_policies: ['status'],
	installments: ['status', 'due_date', 'policy'],
	master_installments: ['status', 'due_date', 'master_policy'],
};

export const coveredIndexes: Migration = {
	version: '0005',
	name: 'covered-indexes',
	async up(ctx, say) {
		let dropped = 0;
		for (const [table, fields] of Object.entries(COVERED_INDEXES)) {
			for (const field of fields) {
				const name = `${table}_${field}_index`;
				if (!(await hasIndex(ctx.database, table, name))) continue;
				await ctx.database.raw('drop index ??', [name]);
				dropped++;
			}
		}
		say(`migration 0005 covered-indexes: ${dropped} single-column indexes covered by the job indexes dropped`);
	},
};

async function hasIndex(db: Knex, table: string, name: string): Promise<boolean> {
	if (db.client.config.client === 'pg') return (await db('pg_indexes').where({ tablename: table, indexname: name }).first('indexname')) !== undefined;
	return (await db('sqlite_master').where({ type: 'index', tbl_name: table, name }).first('name')) !== undefined;
}
