// One setup at a time per database, across processes and hosts: a lock row with a lease. Works
// the same on SQLite and Postgres; a holder that died is replaced once its lease runs out.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Say } from './types';

export const LOCK_TABLE = 'insurance_setup_lock';
const LEASE_MS = 60_000;
const RENEW_MS = 15_000;
const POLL_MS = 500;
const WAIT_MS = 15 * 60_000;

/** Another writer holds the row or the database: try again shortly. */
function isContention(error: unknown) {
	const { code, message } = (error ?? {}) as { code?: string; message?: string };
	return code === '23505' || code === 'SQLITE_BUSY' || (code === 'SQLITE_CONSTRAINT' && /UNIQUE|PRIMARY/i.test(message ?? ''));
}

/** Creates a table once, even when another process creates it at the same moment. */
export async function ensureTable(db: Knex, table: string, define: (t: Knex.CreateTableBuilder) => void) {
	if (await db.schema.hasTable(table)) return;
	try {
		await db.schema.createTable(table, define);
	} catch (error) {
		if (!(await db.schema.hasTable(table))) throw error;
	}
}

async function tryAcquire(db: Knex, holder: string): Promise<{ holder: string } | null> {
	try {
		const current = await db(LOCK_TABLE).where('name', 'setup').first('holder', 'lease_until');
		if (current && Number(current.lease_until) > Date.now()) return { holder: current.holder };
		if (current) await db(LOCK_TABLE).where({ name: 'setup', holder: current.holder }).delete();
		await db(LOCK_TABLE).insert({ name: 'setup', holder, lease_until: Date.now() + LEASE_MS });
		return null;
	} catch (error) {
		if (isContention(error)) return { holder: 'another instance' };
		throw error;
	}
}

export async function withSetupLock<T>(db: Knex, say: Say, work: () => Promise<T>): Promise<T> {
	await ensureTable(db, LOCK_TABLE, (t) => {
		t.string('name', 32).primary();
		t.string('holder', 128).notNullable();
		t.bigInteger('lease_until').notNullable();
	});
	const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
	const giveUpAt = Date.now() + WAIT_MS;
	let waitingFor: string | null = null;
	for (let other = await tryAcquire(db, holder); other; other = await tryAcquire(db, holder)) {
		if (waitingFor === null) say(`setup: waiting for ${other.holder} to finish its setup`);
		waitingFor = other.holder;
		if (Date.now() > giveUpAt) throw new Error(`the setup lock is still held by ${other.holder} after ${WAIT_MS / 60_000} minutes; nothing was changed`);
		await new Promise((resolve) => setTimeout(resolve, POLL_MS));
	}
	const renew = setInterval(() => {
		db(LOCK_TABLE).where({ name: 'setup', holder }).update({ lease_until: Date.now() + LEASE_MS }).catch(() => {});
	}, RENEW_MS);
	renew.unref();
	try {
		return await work();
	} finally {
		clearInterval(renew);
		await db(LOCK_TABLE).where({ name: 'setup', holder }).delete();
	}
}
