// npm start on its own databases: idempotent restarts and one-line failures.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { collections } from '../../snapshots/model.mjs';
import { runStart, scratchDatabase, startInstance } from '../helpers/instance';

const COUNTED = [
	...collections.map((c) => c.collection),
	'directus_roles',
	'directus_policies',
	'directus_access',
	'directus_permissions',
	'directus_users',
	'directus_collections',
	'directus_fields',
	'directus_relations',
	'directus_flows',
	'directus_operations',
	'directus_dashboards',
	'directus_panels',
];

describe('npm start', () => {
	// Two full starts with the demo portfolio: minutes on a busy machine.
	it('is idempotent: a second start on the same database duplicates and changes nothing', { timeout: 300_000 }, async () => {
		const database = await scratchDatabase('restart');
		const counts = async () => {
			const db = database.db();
			try {
				const result: Record<string, number> = {};
				for (const table of COUNTED) result[table] = Number((await db(table).count({ n: '*' }))[0]!.n);
				return result;
			} finally {
				await db.destroy();
			}
		};
		try {
			const first = await startInstance(database.env);
			await first.stop();
			const before = await counts();
			expect(before['policies']).toBeGreaterThan(10);

			const second = await startInstance(database.env);
			await second.stop();
			expect(second.output).toContain('schema: up to date');
			expect(await counts()).toEqual(before);
		} finally {
			await database.drop();
		}
	});

	it('refuses a database whose tables conflict with ours, naming the conflict and changing nothing', async () => {
		const database = await scratchDatabase('conflict');
		try {
			const db = database.db();
			await db.schema.createTable('policies', (t) => {
				t.string('id', 10).primary();
				t.integer('foo');
			});
			await db.destroy();
			const { ready } = runStart(database.env);
			const result = await ready;
			expect(result.code).toBe(1);
			expect(result.output).toMatch(/Error: .*conflicts.*table "policies" already exists/);
			expect(result.output).not.toMatch(/\n\s+at /);

			const after = database.db();
			const tables = await after.schema.hasTable('directus_collections');
			expect(tables).toBe(false);
			expect(Object.keys(await after('policies').columnInfo()).sort()).toEqual(['foo', 'id']);
			await after.destroy();
		} finally {
			await database.drop();
		}
	});

	it('says in one line that the database cannot be reached', async () => {
		const { ready } = runStart({ DB_CLIENT: 'pg', DB_CONNECTION_STRING: 'postgres://nobody@127.0.0.1:9/nowhere', INSURANCE_DATA_DIR: '/tmp/insurance-unreachable' });
		const result = await ready;
		expect(result.code).toBe(1);
		const errors = result.output.split('\n').filter((line) => line.startsWith('Error:'));
		expect(errors).toHaveLength(1);
		expect(errors[0]).toMatch(/Cannot reach the pg database at 127\.0\.0\.1:9/);
	});

	const hostNode = '/usr/bin/node';
	const hostMajor = Number(execFileSync(hostNode, ['-p', 'process.versions.node.split(".")[0]']).toString());
	it.runIf(hostMajor < 22)('stops with a clear message under an older Node', async () => {
		const { ready } = runStart({}, hostNode);
		const result = await ready;
		expect(result.code).toBe(1);
		expect(result.output.trim()).toMatch(/^Error: Directus 11\.17 needs Node\.js 22 or newer, this is Node\.js 2\d\./);
	});
});
