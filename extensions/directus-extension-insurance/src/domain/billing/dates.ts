// Calendar dates with luxon. Policy dates (begin, end, due, proposal) are calendar dates
// 'YYYY-MM-DD' without a time; time zones only matter when an instant (now, a timestamp)
// has to become the insurer's local calendar date, e.g. the daily job running at 00:30 in
// Europe/Bucharest is still the previous day in UTC. `localDate` is the one place that happens.

import { DateTime, IANAZone } from 'luxon';
import { DomainError } from './errors';
import type { IsoDate } from './types';

export const DEFAULT_TIME_ZONE = 'UTC';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/**
 * Results of the pure date functions, by their arguments (DateTimes are immutable, so they are
 * shared): a job page works on thousands of rows' dates drawn from a few hundred distinct days.
 * Past `kept` entries the memory starts afresh. Only results are kept, never a refusal.
 */
function remembered<T>(kept = 20_000) {
	const results = new Map<string, T>();
	return (key: string, compute: () => T): T => {
		const known = results.get(key);
		if (known !== undefined) return known;
		const result = compute();
		if (results.size >= kept) results.clear();
		results.set(key, result);
		return result;
	};
}

const parsedDates = remembered<DateTime<true>>();
const shiftedDates = remembered<IsoDate>();

/** Zones already checked: validating builds an Intl formatter, too slow to repeat per date. */
const knownZones = new Set<string>(['UTC']);

/** Throws a DomainError naming `field` unless `zone` is an IANA zone luxon knows ('UTC' included). */
export function assertTimeZone(zone: string, field = 'time_zone'): void {
	if (knownZones.has(zone)) return;
	if (typeof zone !== 'string' || !IANAZone.isValidZone(zone)) {
		throw new DomainError(field, `${field} must be an IANA time zone such as "Europe/Bucharest", got "${String(zone)}"`);
	}
	knownZones.add(zone);
}

/**
 * Parses a strict 'YYYY-MM-DD' calendar date as the start of that day in `zone`.
 * Impossible dates ('2025-02-30') and anything else (timestamps, Date objects) are refused.
 */
export function parseIsoDate(value: unknown, field: string, zone: string = DEFAULT_TIME_ZONE): DateTime<true> {
	const notADate = () => new DomainError(field, `${field} must be a date 'YYYY-MM-DD', got ${describe(value)}`);
	if (typeof value !== 'string') throw notADate();
	return parsedDates(`${zone} ${value}`, () => {
		const match = ISO_DATE.exec(value);
		if (!match) throw notADate();
		assertTimeZone(zone);
		// fromObject rather than fromISO: same result for a bare date, a third of the cost.
		const parsed = DateTime.fromObject({ year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) }, { zone });
		if (!parsed.isValid) throw new DomainError(field, `${field} is not a valid calendar date: "${value}"`);
		return parsed;
	});
}

/** Validates a calendar date and returns it unchanged. */
export function assertIsoDate(value: unknown, field: string): IsoDate {
	return toIsoDate(parseIsoDate(value, field));
}

export function toIsoDate(dateTime: DateTime<true>): IsoDate {
	return dateTime.toISODate();
}

/** `date` plus `days` calendar days (negative goes back). */
export function addDays(date: IsoDate, days: number, field = 'date'): IsoDate {
	assertWholeNumber(days, 'days');
	return shiftedDates(`${date} ${days}d`, () => toIsoDate(parseIsoDate(date, field).plus({ days })));
}

/**
 * `date` plus `months` calendar months; a day that does not exist in the target month is
 * clamped to its last day (Jan 31 + 1 month = Feb 28, or Feb 29 in a leap year).
 */
export function addMonths(date: IsoDate, months: number, field = 'date'): IsoDate {
	assertWholeNumber(months, 'months');
	return shiftedDates(`${date} ${months}m`, () => toIsoDate(parseIsoDate(date, field).plus({ months })));
}

/**
 * Day number of a DateTime's calendar date (days since 1970-01-01), whatever its zone and time
 * of day: the calendar date is re-read in UTC, where every day has exactly 24 hours.
 */
export function epochDay(dateTime: DateTime<true>): number {
	return DateTime.utc(dateTime.year, dateTime.month, dateTime.day).toMillis() / MS_PER_DAY;
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). Zone-free. */
export function daysBetween(from: IsoDate, to: IsoDate, fromField = 'from', toField = 'to'): number {
	return epochDay(parseIsoDate(to, toField, 'UTC')) - epochDay(parseIsoDate(from, fromField, 'UTC'));
}

/** -1, 0 or 1 as `a` is before, on or after `b`. */
export function compareDates(a: IsoDate, b: IsoDate, aField = 'date', bField = 'date'): -1 | 0 | 1 {
	const left = parseIsoDate(a, aField, 'UTC').toMillis();
	const right = parseIsoDate(b, bField, 'UTC').toMillis();
	return left < right ? -1 : left > right ? 1 : 0;
}

/** True when `asOf` is `date` or later: the usual "reached" test of the daily jobs. */
export function isOnOrAfter(asOf: IsoDate, date: IsoDate, dateField = 'date'): boolean {
	return compareDates(asOf, date, 'as_of', dateField) >= 0;
}

/**
 * The calendar date an instant falls on in `timeZone`. Accepts a Date, epoch milliseconds, a
 * luxon DateTime or an ISO timestamp; a timestamp without an offset is read as UTC (Directus
 * stores timestamps in UTC).
 */
export function localDate(instant: Date | number | string | DateTime, timeZone: string = DEFAULT_TIME_ZONE): IsoDate {
	assertTimeZone(timeZone);
	let at: DateTime;
	if (instant instanceof DateTime) at = instant;
	else if (instant instanceof Date) at = DateTime.fromJSDate(instant);
	else if (typeof instant === 'number') at = DateTime.fromMillis(instant);
	else if (typeof instant === 'string') at = DateTime.fromISO(instant, { zone: 'UTC' });
	else throw new DomainError('as_of', `cannot read an instant from ${describe(instant)}`);
	const local = at.setZone(timeZone);
	if (!local.isValid) throw new DomainError('as_of', `not a valid instant: ${describe(instant)}`);
	return local.toISODate();
}

/**
 * Resolves the `as_of` date of a job run: an explicit date wins (catch-up after downtime),
 * otherwise the insurer's local date of `now`.
 */
export function resolveAsOf(asOf: IsoDate | null | undefined, now: Date | number | string | DateTime, timeZone: string): IsoDate {
	if (asOf !== null && asOf !== undefined) return assertIsoDate(asOf, 'as_of');
	return localDate(now, timeZone);
}

function assertWholeNumber(value: number, field: string): void {
	if (!Number.isSafeInteger(value)) throw new DomainError(field, `${field} must be a whole number, got ${String(value)}`);
}

function describe(value: unknown): string {
	if (typeof value === 'string') return `"${value}"`;
	if (value instanceof Date) return 'a Date object';
	return String(value);
}
