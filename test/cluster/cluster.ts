// Several Directus instances sharing one Postgres database and one Redis, configured as the
// README's production deployment. Postgres is used whatever TEST_DB says: SQLite cannot be
// shared between processes.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knex, { type Knex } from 'knex';
import { startInstance, type Instance } from '../helpers/instance';

export const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export interface SharedDatabase {
	env: Record<string, string>;
	db: Knex;
	drop(): Promise<void>;
}

export async function sharedPostgres(label: string): Promise<SharedDatabase> {
	const server = process.env['TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432';
	const name = `insurance_${label}_${process.pid}_${Date.now()}`;
	const admin = knex({ client: 'pg', connection: `${server}/postgres` });
	await admin.raw(`create database "${name}"`);
	await admin.destroy();
	const url = `${server}/${name}`;
	const db = knex({ client: 'pg', connection: url, pool: { min: 0, max: 4 } });
	return {
		env: { DB_CLIENT: 'pg', DB_CONNECTION_STRING: url, INSURANCE_DATA_DIR: mkdtempSync(join(tmpdir(), `insurance-${label}-`)), LOG_LEVEL: 'warn' },
		db,
		drop: async () => {
			await db.destroy();
			const again = knex({ client: 'pg', connection: `${server}/postgres` });
			await again.raw(`drop database if exists "${name}" with (force)`);
			await again.destroy();
		},
	};
}

/** Cache, synchronization, bus, locks and rate limiter in Redis, namespaced to this run only. */
export function redisEnv(run = randomUUID().slice(0, 8)): Record<string, string> {
	const prefix = `insurance-test-${run}`;
	return {
		REDIS: REDIS_URL,
		CACHE_ENABLED: 'true',
		CACHE_STORE: 'redis',
		CACHE_NAMESPACE: `${prefix}-cache`,
		SYNCHRONIZATION_STORE: 'redis',
		SYNCHRONIZATION_NAMESPACE: `${prefix}-sync`,
		RATE_LIMITER_STORE: 'redis',
		REDIS_BUS_NAMESPACE: `${prefix}:bus`,
		REDIS_LOCK_NAMESPACE: `${prefix}:lock`,
		REDIS_COUNTERS_NAMESPACE: `${prefix}:counters`,
		REDIS_PERMISSIONS_NAMESPACE: `${prefix}-permissions`,
		WEBSOCKETS_ENABLED: 'true',
	};
}

/** `count` instances on one environment, each started after the previous one finished its setup. */
export async function startCluster(count: number, env: Record<string, string>): Promise<Instance[]> {
	const instances: Instance[] = [];
	for (let index = 0; index < count; index++) instances.push(await startInstance(env));
	return instances;
}
