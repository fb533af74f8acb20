// Applies the schema snapshot additively: collections, fields and relations that are missing
// are created; nothing that exists is changed or dropped, so fields a business admin added
// and metadata they tuned survive every start.
import type { Snapshot, SnapshotDiff } from '@directus/types';
import type { SetupContext, Say } from './types';
import { SYSTEM_ADMIN } from './types';

const isAddition = (entry: { diff: { kind: string }[] }) => entry.diff[0]?.kind === 'N';

export function additionsOnly(diff: SnapshotDiff): SnapshotDiff {
	return {
		collections: diff.collections.filter(isAddition),
		fields: diff.fields.filter(isAddition),
		systemFields: [],
		relations: diff.relations.filter(isAddition),
	};
}

export async function applySchemaAdditions(ctx: SetupContext, snapshot: Snapshot, say: Say): Promise<number> {
	const schema = await ctx.getSchema({ database: ctx.database, bypassCache: true });
	const service = new ctx.services.SchemaService({ knex: ctx.database, schema, accountability: SYSTEM_ADMIN });
	const current = await service.snapshot();
	// The snapshot is vendor-neutral (it only uses Directus types), hence force.
	const diff = await service.diff(snapshot, { currentSnapshot: current, force: true });
	if (!diff) return 0;
	const additions = additionsOnly(diff);
	const count = additions.collections.length + additions.fields.length + additions.relations.length;
	if (count === 0) return 0;
	say(`schema: creating ${additions.collections.length} collections, ${additions.fields.length} fields, ${additions.relations.length} relations`);
	await service.apply({ hash: service.getHashedSnapshot(current).hash, diff: additions });
	return count;
}

/** Uniqueness over several columns, which a Directus snapshot cannot express. */
const COMPOSITE_UNIQUES = [
	{ table: 'product_benefits', columns: ['product', 'kind'] },
	{ table: 'transition_permissions', columns: ['lifecycle', 'action', 'policy'] },
];

/**
 * Backs the checks of the hooks in the database: two concurrent writes that each passed the
 * hook (one benefit per product and kind) cannot both commit.
 */
export async function ensureCompositeUniques(ctx: SetupContext) {
	for (const { table, columns } of COMPOSITE_UNIQUES) {
		const name = `${table}_${columns.join('_')}_unique`;
		await ctx.database.raw(`create unique index if not exists ?? on ?? (${columns.map(() => '??').join(', ')})`, [name, table, ...columns]);
	}
}

export type DeleteRule = 'RESTRICT' | 'CASCADE' | 'SET NULL';

/**
 * Sets the ON DELETE rule of existing relations through Directus' schema service: on SQLite it
 * rebuilds each table with its rows (foreign key checks off, the way Directus alters columns),
 * elsewhere it replaces the constraint; all in one transaction. Must run outside a transaction.
 * Returns how many relations changed (0 when every rule is already in place).
 */
export async function setDeleteRules(ctx: SetupContext, rules: { collection: string; field: string; onDelete: DeleteRule }[]): Promise<number> {
	const schema = await ctx.getSchema({ database: ctx.database, bypassCache: true });
	const service = new ctx.services.SchemaService({ knex: ctx.database, schema, accountability: SYSTEM_ADMIN });
	const current: Snapshot = await service.snapshot();
	const target = structuredClone(current);
	for (const relation of target.relations) {
		const rule = rules.find((r) => r.collection === relation.collection && r.field === relation.field);
		if (!rule || !relation.schema) continue;
		relation.schema.on_delete = rule.onDelete;
		// What the app does when an item is deselected from the one-to-many list.
		if (relation.meta) relation.meta.one_deselect_action = rule.onDelete === 'CASCADE' ? 'delete' : 'nullify';
	}
	const diff = await service.diff(target, { currentSnapshot: current, force: true });
	if (!diff || diff.relations.length === 0) return 0;
	await service.apply({ hash: service.getHashedSnapshot(current).hash, diff: { collections: [], fields: [], systemFields: [], relations: diff.relations } });
	return diff.relations.length;
}
