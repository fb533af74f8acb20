// Versioned migrations of the insurance schema, recorded in insurance_migrations.
//
// - An installation made before migrations existed (release 0.1.0) or by an earlier release
//   runs every migration it has not recorded, in version order, before the snapshot's additions.
// - A fresh installation (none of the snapshot's collections exists yet) gets the snapshot,
//   which already has the effect of every migration shipped in the same package: they are
//   recorded as "baseline" without running. A model change therefore always lands twice, in
//   snapshots/model.mjs for fresh installs and as a migration for existing ones; the upgrade
//   test checks that both give the same schema.
// - A migration keeps data, and is a no-op when its effect is already there, so a setup that
//   stopped between a change and its record finishes on the next run.
import type { Knex } from 'knex';
import { ensureTable } from './lock';
import type { Say, SetupContext } from './types';

export const MIGRATIONS_TABLE = 'insurance_migrations';

export interface Migration {
	/** Sorts in the order migrations run, e.g. "0001". */
	version: string;
	name: string;
	up(ctx: SetupContext, say: Say): Promise<void>;
}

async function recorded(db: Knex): Promise<Set<string>> {
	await ensureTable(db, MIGRATIONS_TABLE, (t) => {
		t.string('version', 32).primary();
		t.string('name', 128).notNullable();
		t.string('mode', 16).notNullable().comment('applied: ran on this database; baseline: installed by the snapshot');
		t.timestamp('applied_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
	});
	return new Set((await db(MIGRATIONS_TABLE).select('version')).map((row) => String(row.version)));
}

/** Whether any collection of the snapshot already exists: then this is an upgrade, not a fresh install. */
export async function isInstalled(db: Knex, collections: string[]) {
	for (const collection of collections) if (await db.schema.hasTable(collection)) return true;
	return false;
}

export async function runMigrations(ctx: SetupContext, migrations: Migration[], say: Say): Promise<number> {
	const done = await recorded(ctx.database);
	let count = 0;
	for (const migration of [...migrations].sort((a, b) => a.version.localeCompare(b.version))) {
		if (done.has(migration.version)) continue;
		say(`migration ${migration.version} ${migration.name}: applying`);
		await migration.up(ctx, say);
		await ctx.database(MIGRATIONS_TABLE).insert({ version: migration.version, name: migration.name, mode: 'applied' });
		count++;
	}
	return count;
}

export async function recordBaseline(db: Knex, migrations: Migration[]) {
	const done = await recorded(db);
	const rows = migrations.filter((m) => !done.has(m.version)).map((m) => ({ version: m.version, name: m.name, mode: 'baseline' }));
	if (rows.length > 0) await db(MIGRATIONS_TABLE).insert(rows);
}
