// Databases and Directus servers for the benchmark, prepared and started by the project's own
// start code (scripts/start.mjs: bootstrap, schema, seed), exactly as `npm start` does.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knex from 'knex';
import { freePort, runStart, stopProcess } from '../test/helpers/instance.ts';
import { api } from './measure.mjs';

export const PG_SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const BENCH_SECRET = 'insurance-bench-secret-0123456789abcdef';

/** A Postgres database of the given name, created (or dropped and created again). */
export async function freshDatabase(name) {
	const admin = knex({ client: 'pg', connection: `${PG_SERVER}/postgres` });
	await admin.raw(`drop database if exists ?? with (force)`, [name]);
	await admin.raw(`create database ??`, [name]);
	await admin.destroy();
	return `${PG_SERVER}/${name}`;
}

export async function dropDatabase(name) {
	const admin = knex({ client: 'pg', connection: `${PG_SERVER}/postgres` });
	await admin.raw(`drop database if exists ?? with (force)`, [name]);
	await admin.destroy();
}

export const connect = (url, max = 4) => knex({ client: 'pg', connection: url, pool: { min: 0, max } });

/** Production-like Directus on the database: no demo data, no rate limiter, quiet logs. */
export async function startServer(url, extraEnv = {}) {
	const port = String(await freePort());
	const env = {
		SECRET: BENCH_SECRET,
		DB_CLIENT: 'pg',
		DB_CONNECTION_STRING: url,
		PORT: port,
		PUBLIC_URL: `http://127.0.0.1:${port}`,
		SEED_DEMO: 'false',
		INSURANCE_DATA_DIR: mkdtempSync(join(tmpdir(), 'insurance-bench-')),
		LOG_LEVEL: 'warn',
		// Hundreds of portal clients at once lag the event loop past Directus' pressure limit, which
		// answers 503: the benchmark measures the latency of that load instead of its refusal.
		PRESSURE_LIMITER_ENABLED: 'false',
		...extraEnv,
	};
	const started = Date.now();
	const { child, ready } = runStart(env);
	const result = await ready;
	if (result.code !== null) throw new Error(`npm start exited with ${result.code}:\n${result.output}`);
	return { url: `http://127.0.0.1:${port}`, startSeconds: (Date.now() - started) / 1000, stop: () => stopProcess(child) };
}

/** The server settings the figures depend on, written beside them. */
export async function postgresSettings(db) {
	const names = ['server_version', 'shared_buffers', 'work_mem', 'max_wal_size', 'checkpoint_timeout', 'wal_compression', 'synchronous_commit'];
	const { rows } = await db.raw('select name, current_setting(name) as value from pg_settings where name = any(?) order by name', [names]);
	return Object.fromEntries(rows.map((row) => [row.name, row.value]));
}

/**
 * Turns the job Flows off: their hourly tick would run the nightly jobs on a portfolio still being
 * generated, or between two measured runs. The benchmark runs the jobs itself.
 */
export async function pauseScheduledFlows(baseUrl, token) {
	const request = api(baseUrl, token);
	const flows = await request('GET', '/flows?filter[trigger][_eq]=schedule&fields=id&limit=-1');
	const keys = flows.body.data.map((flow) => flow.id);
	const paused = await request('PATCH', '/flows', { keys, data: { status: 'inactive' } });
	if (paused.status !== 200) throw new Error(`pausing the scheduled Flows: ${paused.status} ${JSON.stringify(paused.body)}`);
	return keys.length;
}
