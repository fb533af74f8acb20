// Column values as the drivers return them, normalised for the domain.
import type { Knex } from 'knex';
import { DateTime } from 'luxon';

/**
 * A date column as 'YYYY-MM-DD'. Postgres gives strings or Date objects, SQLite gives what
 * Directus stored: an ISO string or epoch milliseconds.
 */
export function isoDate(value: string | number | Date): string {
	// node-postgres reads a date column as local midnight of that day: its calendar date is local.
	if (value instanceof Date) return DateTime.fromJSDate(value).toISODate()!;
	if (typeof value === 'number') return DateTime.fromMillis(value, { zone: 'UTC' }).toISODate()!;
	return value.slice(0, 10);
}

/** A 'YYYY-MM-DD' date as the database stores it (SQLite: epoch milliseconds, like Directus). */
export function dateValue(db: Knex, date: string): string | number {
	return db.client.config.client === 'sqlite3' ? DateTime.fromISO(date, { zone: 'UTC' }).toMillis() : date;
}
