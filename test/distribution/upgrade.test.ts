// Upgrading in place: a database of release 0.1.0 with rows in it, then this release's
// `directus insurance:setup` from the packed extension. Each migration runs once, no row is
// lost or changed, the result has the shipped snapshot's delete rules and indexes, and a second run (or a
// second instance starting at the same moment) changes nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '../../extensions/directus-extension-insurance/src/migrations';
import { scratchDatabase } from '../helpers/instance';
import { ADMIN, createProject, requestJson, type Installation } from './project';
import { dumpRows, fillRelease010, installRelease010, RELEASE_010_SNAPSHOT } from './release-0.1.0';

interface SnapshotFile {
	collections: { collection: string }[];
	relations: { collection: string; field: string; schema: { on_delete: string } }[];
	fields: { collection: string; field: string; schema: { is_indexed: boolean } | null }[];
}

const release010 = parse(readFileSync(RELEASE_010_SNAPSHOT, 'utf8')) as SnapshotFile;
const TABLES = [...release010.collections.map((c) => c.collection), 'directus_files'];
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
	for (const drop of drops.reverse()) await drop();
});

async function legacyProject(label: string, installation: Installation) {
	const database = await scratchDatabase(label);
	drops.push(database.drop);
	const project = await createProject(label, database.env, installation);
	await installRelease010(project);
	const db = database.db();
	drops.push(() => db.destroy());
	const rows = await fillRelease010(db);
	return { project, db, rows };
}

const count = (text: string, needle: string) => text.split(needle).length - 1;
/** Every migration of this release, each applied once (none was installed by release 0.1.0). */
const APPLIED = migrations.map((m) => ({ version: m.version, mode: 'applied' })).sort((a, b) => a.version.localeCompare(b.version));
const applying = (output: string) => migrations.map((m) => count(output, `migration ${m.version} ${m.name}: applying`));
// Bootstrap, schema apply and two setups of a real Directus: minutes on a busy machine.
const SLOW = { timeout: 600_000 };

describe('upgrading a database of release 0.1.0', () => {
	it('applies each migration once, keeps every row and ends with the shipped schema', SLOW, async () => {
		const { project, db, rows } = await legacyProject('upgrade', 'extensions');
		const before = await dumpRows(db, TABLES);
		expect(await db.schema.hasTable('insurance_migrations')).toBe(false);

		const upgrade = await project.directus(['insurance:setup']);
		expect(upgrade.code, upgrade.output).toBe(0);
		expect(applying(upgrade.output)).toEqual(migrations.map(() => 1));
		expect(upgrade.output).toContain(`insurance: migrations: ${migrations.length} applied`);
		expect(await db('insurance_migrations').orderBy('version').select('version', 'mode')).toEqual(APPLIED);
		// The staff app's metadata: statuses read-only labels, item titles with names.
		const status = await db('directus_fields').where({ collection: 'claims', field: 'status' }).first('readonly', 'display');
		expect([Boolean(status.readonly), status.display]).toEqual([true, 'labels']);
		expect((await db('directus_collections').where('collection', 'claims').first('display_template')).display_template).toContain('{{client.name}}');

		const after = await dumpRows(db, TABLES);
		for (const table of TABLES) {
			const kept = new Map(after[table]!.map((row) => [String(row['id']), row]));
			// Every column the release had keeps its value; columns this release adds may follow.
			const asBefore = (row: Record<string, unknown>, was: Record<string, unknown>) => row && Object.fromEntries(Object.keys(was).map((column) => [column, row[column]]));
			expect(before[table]!.map((row) => asBefore(kept.get(String(row['id']))!, row)), `rows of ${table}`).toEqual(before[table]);
		}

		// The transition permissions come with the upgrade, seeded once from the rights of the roles.
		const grants = async () => (await db('transition_permissions as t').join('directus_policies as p', 'p.id', 't.policy').orderBy(['p.name', 't.lifecycle', 't.action']).select('p.name', 't.lifecycle', 't.action')).map((r) => `${r.name} ${r.lifecycle} ${r.action}`);
		const granted = await grants();
		expect(granted).toContain('Claims Department claim take');
		expect(granted).toContain('Manager claim decide-above-limit');
		expect(upgrade.output).toContain(`access: ${granted.length} transition permissions granted`);

		// Revoked between two starts, a grant stays revoked.
		await db('transition_permissions').whereIn('policy', db('directus_policies').where('name', 'Manager').select('id')).where({ lifecycle: 'claim', action: 'take' }).delete();
		const kept = granted.filter((grant) => grant !== 'Manager claim take');

		const recorded = await db('insurance_migrations').select();
		const again = await project.directus(['insurance:setup']);
		expect(again.code, again.output).toBe(0);
		expect(again.output).toContain('insurance: migrations: up to date');
		expect(again.output).toContain('insurance: schema: up to date');
		expect(await db('insurance_migrations').select()).toEqual(recorded);
		expect(await dumpRows(db, TABLES)).toEqual(after);
		expect(await grants()).toEqual(kept);

		const instance = await project.start();
		try {
			const call = (method: string, path: string, token?: string, body?: unknown) => requestJson(instance.url, path, { method, token, body });
			const token = (await call('POST', '/auth/login', undefined, ADMIN)).body.data.access_token as string;

			// The upgraded database has the delete rules a fresh install gets from the shipped snapshot.
			const shipped = parse(readFileSync(join(project.extensionDir, 'dist', 'setup', 'schema.yaml'), 'utf8')) as SnapshotFile;
			const live = new Map(
				(await call('GET', '/relations', token)).body.data.map((r: { collection: string; field: string; schema: { on_delete: string } | null }) => [`${r.collection}.${r.field}`, r.schema?.on_delete]),
			);
			expect(Object.fromEntries(shipped.relations.map((r) => [`${r.collection}.${r.field}`, live.get(`${r.collection}.${r.field}`)]))).toEqual(
				Object.fromEntries(shipped.relations.map((r) => [`${r.collection}.${r.field}`, r.schema.on_delete])),
			);

			// And its indexes: none of those the job indexes cover (migration 0005), all the others.
			const indexed = new Map(
				(await call('GET', '/fields', token)).body.data.map((f: { collection: string; field: string; schema: { is_indexed: boolean } | null }) => [`${f.collection}.${f.field}`, f.schema?.is_indexed]),
			);
			const withColumns = shipped.fields.filter((f) => f.schema);
			expect(Object.fromEntries(withColumns.map((f) => [`${f.collection}.${f.field}`, indexed.get(`${f.collection}.${f.field}`)]))).toEqual(
				Object.fromEntries(withColumns.map((f) => [`${f.collection}.${f.field}`, f.schema!.is_indexed])),
			);
			expect(indexed.get('policies.status')).toBe(false);

			const policy = await call('DELETE', `/items/policies/${rows.policy}`, token);
			expect(policy.status).toBe(409);
			const message = policy.body.errors[0].message as string;
			expect(message).toMatch(new RegExp(`^policies ${rows.policy} cannot be deleted: .+ refer to it; nothing was deleted$`));
			expect(message).toContain('2 claims');
			expect(message).toContain('1 policy_change_requests');
			expect(JSON.stringify(policy.body)).not.toMatch(/constraint|SQLITE|sql/i);
			const receipt = await call('DELETE', `/files/${rows.receipt}`, token);
			expect(receipt.status).toBe(409);
			expect(receipt.body.errors[0].message).toContain('1 claim_lines refer to it');
			// Cascades survive the table rebuilds: a deleted claim takes its lines.
			expect((await call('DELETE', `/items/claims/${rows.draftClaim}`, token)).status).toBe(204);
			expect(Number((await db('claim_lines').where('claim', rows.draftClaim).count({ n: '*' }))[0]!.n)).toBe(0);
		} finally {
			await instance.stop();
		}
	});

	it('two instances setting up at once apply each migration once (the package installed as a dependency)', SLOW, async () => {
		const { project, db } = await legacyProject('upgrade-race', 'dependency');
		const results = await Promise.all([project.directus(['insurance:setup']), project.directus(['insurance:setup'])]);
		for (const result of results) expect(result.code, result.output).toBe(0);
		const outputs = results.map((r) => r.output).join('\n');
		expect(applying(outputs)).toEqual(migrations.map(() => 1));
		expect(count(outputs, 'insurance: migrations: up to date')).toBe(1);
		expect(outputs).toContain('setup: waiting for');
		expect(await db('insurance_migrations').orderBy('version').select('version', 'mode')).toEqual(APPLIED);
		const roles = await db('directus_roles').select('name');
		expect(roles.length).toBe(new Set(roles.map((r) => r.name)).size);
		expect(Number((await db('insurance_settings').count({ n: '*' }))[0]!.n)).toBe(1);
		expect(Number((await db('insurance_setup_lock').count({ n: '*' }))[0]!.n)).toBe(0);
	});
});
