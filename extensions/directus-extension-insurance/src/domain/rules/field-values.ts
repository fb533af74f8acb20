// Whether a value fits a column, by the column's type as the data model declares it. Every
// write path checks its payload with this before anything is written, so a bad value is a 400
// naming its field on every database, never a driver error (or, on SQLite, text silently
// stored in a number column).
import { DateTime } from 'luxon';

export interface ColumnShape {
	type: string;
	precision?: number | null;
	scale?: number | null;
}

/** 'integer' columns are 32-bit on Postgres: the same range holds on every database. */
export const INTEGER_RANGE = { min: -2147483648, max: 2147483647 } as const;

const INTEGER_TEXT = /^[+-]?\d+$/;
const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DAY_AND_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What Directus' boolean cast reads as true or false. */
const BOOLEANS = new Set<unknown>([true, false, 1, 0, '1', '0', 'true', 'false']);

const shown = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : typeof value === 'object' ? 'an object' : String(value));

function integerProblem(value: unknown, min: number, max: number): string | null {
	const problem = `must be an integer from ${min} to ${max}, got ${shown(value)}`;
	if (typeof value === 'number') return Number.isInteger(value) && value >= min && value <= max ? null : problem;
	if (typeof value === 'string' && INTEGER_TEXT.test(value)) {
		const number = BigInt(value);
		return number >= BigInt(min) && number <= BigInt(max) ? null : problem;
	}
	return problem;
}

function numberOf(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'string' && DECIMAL_TEXT.test(value.trim())) {
		const number = Number(value);
		return Number.isFinite(number) ? number : null;
	}
	return null;
}

function decimalProblem(value: unknown, precision: number | null | undefined, scale: number | null | undefined): string | null {
	const number = numberOf(value);
	if (number === null) return `must be a decimal number, got ${shown(value)}`;
	if (!precision) return null;
	const digits = precision - (scale ?? 0);
	// Rounding to the scale is the database's; more whole digits than it holds is an error.
	if (Math.abs(number) >= 10 ** digits) return `must be less than ${10 ** digits} in size (at most ${digits} digits before the decimal point), got ${shown(value)}`;
	return null;
}

function validDate(value: unknown): boolean {
	return value instanceof Date && !Number.isNaN(value.getTime());
}

function dateProblem(value: unknown): string | null {
	if (validDate(value)) return null;
	if (typeof value === 'string' && (ISO_DAY.test(value) || ISO_DAY_AND_TIME.test(value)) && DateTime.fromISO(value.replace(' ', 'T')).isValid) return null;
	return `must be a date as YYYY-MM-DD, got ${shown(value)}`;
}

function dateTimeProblem(value: unknown): string | null {
	if (validDate(value)) return null;
	// Epoch milliseconds, as SQLite stores timestamps and some integrations send them.
	if (typeof value === 'number' && validDate(new Date(value))) return null;
	if (typeof value === 'string' && (ISO_DAY.test(value) || ISO_DAY_AND_TIME.test(value)) && DateTime.fromISO(value.replace(' ', 'T')).isValid) return null;
	return `must be a date and time in ISO 8601 (e.g. 2026-01-15T09:30:00Z), got ${shown(value)}`;
}

function timeProblem(value: unknown): string | null {
	return typeof value === 'string' && TIME_OF_DAY.test(value) ? null : `must be a time of day as HH:MM or HH:MM:SS, got ${shown(value)}`;
}

/**
 * What is wrong with `value` for a column of this shape, or null when it fits. Missing and
 * null values are left to the required / not-null checks.
 */
export function fieldValueProblem(column: ColumnShape, value: unknown): string | null {
	if (value === null || value === undefined) return null;
	switch (column.type) {
		case 'integer':
			return integerProblem(value, INTEGER_RANGE.min, INTEGER_RANGE.max);
		case 'bigInteger':
			return integerProblem(value, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
		case 'float':
			return numberOf(value) === null ? `must be a number, got ${shown(value)}` : null;
		case 'decimal':
			return decimalProblem(value, column.precision, column.scale);
		case 'date':
			return dateProblem(value);
		case 'dateTime':
		case 'timestamp':
			return dateTimeProblem(value);
		case 'time':
			return timeProblem(value);
		case 'boolean':
			return BOOLEANS.has(value) ? null : `must be true or false, got ${shown(value)}`;
		case 'uuid':
			return typeof value === 'string' && UUID.test(value) ? null : `must be a UUID, got ${shown(value)}`;
		default:
			return null;
	}
}
