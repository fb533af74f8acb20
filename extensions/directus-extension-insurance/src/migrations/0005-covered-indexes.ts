// Release 0.3.0: single-column indexes that a composite job index covers are dropped (see
// snapshots/model.mjs). Each one is one more index page written for every row a nightly job
// moves. The composites themselves (seed/flows.yaml) are created by the setup step that
// follows, if missing.
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
		const names = Object.entries(COVERED_INDEXES).flatMap(([table, fields]) => fields.map((field) => `${table}_${field}_index`));
		for (const name of names) await ctx.database.raw('drop index if exists ??', [name]);
		say(`migration 0005 covered-indexes: ${names.join(', ')} dropped where present (the job indexes cover them)`);
	},
};
