// What keeps an item from being deleted, read from the schema's own delete rules: rows that
// refer to it through a RESTRICT (or NO ACTION) foreign key, or through a required key the
// database would have to clear, directly or below a parent the database would cascade to.
// Asked before the delete, so the caller hears a sentence instead of a constraint failure.
import type { Knex } from 'knex';
import type { Accountability, PrimaryKey, Relation, SchemaOverview } from '@directus/types';
import type { Blocker } from '../domain/deletes';

const CHUNK = 500;

function blocks(relation: Relation, schema: SchemaOverview) {
	const rule = relation.schema?.on_delete?.toUpperCase();
	if (rule === 'RESTRICT' || rule === 'NO ACTION') return true;
	return rule === 'SET NULL' && schema.collections[relation.collection]?.fields[relation.field]?.nullable === false;
}

async function referencing(db: Knex, relation: Relation, keys: PrimaryKey[], columns: string[]) {
	const rows: Record<string, unknown>[] = [];
	for (let index = 0; index < keys.length; index += CHUNK) {
		rows.push(...(await db(relation.collection).whereIn(relation.field, keys.slice(index, index + CHUNK)).select(columns)));
	}
	return rows;
}

/** For each key that cannot be deleted, what refers to it. */
export async function findDeleteBlockers(
	db: Knex,
	schema: SchemaOverview,
	collection: string,
	keys: PrimaryKey[],
	through: string[] = [],
): Promise<Map<string, Blocker[]>> {
	const found = new Map<string, Blocker[]>();
	const add = (key: string, blocker: Blocker) => found.set(key, [...(found.get(key) ?? []), blocker]);
	for (const relation of schema.relations.filter((r) => r.related_collection === collection && r.schema)) {
		if (blocks(relation, schema)) {
			const counts = new Map<string, number>();
			for (const row of await referencing(db, relation, keys, [relation.field])) counts.set(String(row[relation.field]), (counts.get(String(row[relation.field])) ?? 0) + 1);
			for (const [key, count] of counts) add(key, { collection: relation.collection, field: relation.field, count, through });
		} else if (relation.schema!.on_delete?.toUpperCase() === 'CASCADE' && !through.includes(relation.collection) && relation.collection !== collection) {
			const primary = schema.collections[relation.collection]!.primary;
			const children = await referencing(db, relation, keys, [primary, relation.field]);
			if (children.length === 0) continue;
			const parentOf = new Map(children.map((row) => [String(row[primary]), String(row[relation.field])]));
			const below = await findDeleteBlockers(db, schema, relation.collection, [...parentOf.keys()], [...through, relation.collection]);
			for (const [child, blockers] of below) for (const blocker of blockers) add(parentOf.get(child)!, blocker);
		}
	}
	return found;
}

type ValidateAccess = (options: { accountability: Accountability; action: 'update' | 'delete'; collection: string; primaryKeys: PrimaryKey[] }, context: { knex: Knex; schema: SchemaOverview }) => Promise<void>;
let directusValidateAccess: Promise<ValidateAccess> | undefined;

/**
 * Directus' own permission check for an update or a delete, which it makes only after the
 * filters: asked first, so someone who may not write an item learns nothing of why it could not
 * be written (what refers to it, the status it is in). Resolved at run time from the Directus
 * installation, like the emitter in engine.ts.
 */
export async function checkWriteAccess(action: 'update' | 'delete', accountability: Accountability, collection: string, keys: PrimaryKey[], context: { knex: Knex; schema: SchemaOverview }) {
	const specifier = '@directus/api/permissions/modules/validate-access/validate-access';
	directusValidateAccess ??= import(/* @vite-ignore */ specifier).then((module: { validateAccess: ValidateAccess }) => module.validateAccess);
	await (await directusValidateAccess)({ accountability, action, collection, primaryKeys: keys }, context);
}
