// Date arithmetic the candidate queries need, in each database's own terms. SQLite holds
// Directus dates as epoch milliseconds, Postgres as real dates.
import type { Knex } from 'knex';

const MS_PER_DAY = 86_400_000;

export const isSqlite = (db: Knex) => db.client.config.client === 'sqlite3';

/**
 * SQL for `dateColumn + days` where days is an SQL integer expression (a column, a coalesce of
 * parameter levels...). Compared with dateValue(db, asOf) it tells whether a rule's day is reached.
 */
export function plusDays(db: Knex, dateColumn: string, daysSql: string): Knex.Raw {
	return isSqlite(db) ? db.raw(`(${dateColumn} + (${daysSql}) * ${MS_PER_DAY})`) : db.raw(`(${dateColumn} + (${daysSql})::integer)`);
}

/**
 * Runs a job's selection of what is due, which its index answers, with the sequential scan
 * ruled out (for that one transaction). The planner takes a status and a date as independent,
 * yet OnTime installments are the future ones: on a large book it expects a fifth of the table
 * due and scans all of it, a cost that grows with the portfolio while nothing is due. The same
 * estimate would have the statement compiled (JIT, tens of milliseconds) to read a few rows.
 */
export function fromIndex<T>(db: Knex, select: (db: Knex) => Promise<T>): Promise<T> {
	if (isSqlite(db)) return select(db);
	return db.transaction(async (trx) => {
		await trx.raw("select set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)");
		return select(trx);
	});
}

/** Locks the rows of `table` a candidate query re-reads inside a batch (SQLite has one writer). */
export function lockRows(db: Knex, query: Knex.QueryBuilder, table: string): Knex.QueryBuilder {
	return isSqlite(db) ? query : query.forUpdate(table);
}

/** `column` is one of `keys`: on Postgres one array parameter, not one per key (less to bind and plan). */
export function whereKeyIn(query: Knex.QueryBuilder, db: Knex, column: string, keys: readonly (number | string)[]): Knex.QueryBuilder {
	return isSqlite(db) ? query.whereIn(column, keys as (number | string)[]) : query.whereRaw('?? = any(?::bigint[])', [column, keys.map(Number)]);
}
