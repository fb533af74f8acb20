// Business days (Monday to Friday, minus optional holidays) for claim service levels:
// "decided within N business days of submission".

import { DomainError } from '../billing/errors';
import { parseIsoDate, toIsoDate } from '../billing/dates';
import type { IsoDate } from '../billing/types';

/** Refuse absurd spans instead of looping for ages. */
const MAX_BUSINESS_DAYS = 100_000;

export type Holidays = ReadonlySet<IsoDate> | readonly IsoDate[];

function holidaySet(holidays: Holidays | undefined): ReadonlySet<IsoDate> {
	if (!holidays) return new Set();
	return holidays instanceof Set ? holidays : new Set(holidays as readonly IsoDate[]);
}

/** Saturday, Sunday or a listed holiday. */
export function isBusinessDay(date: IsoDate, holidays?: Holidays): boolean {
	const day = parseIsoDate(date, 'date');
	return day.weekday <= 5 && !holidaySet(holidays).has(toIsoDate(day));
}

/**
 * `date` moved by `n` business days: each step goes to the next (or, for negative n, the
 * previous) business day. n = 0 returns `date` unchanged, even on a weekend. A claim submitted
 * on Saturday with a 1-business-day target is due Monday; on Friday, due Monday too.
 */
export function addBusinessDays(date: IsoDate, n: number, holidays?: Holidays): IsoDate {
	if (!Number.isSafeInteger(n) || Math.abs(n) > MAX_BUSINESS_DAYS) {
		throw new DomainError('days', `business days must be a whole number up to ${MAX_BUSINESS_DAYS}, got ${String(n)}`);
	}
	const closed = holidaySet(holidays);
	const direction = n < 0 ? -1 : 1;
	let day = parseIsoDate(date, 'date');
	for (let left = Math.abs(n); left > 0; ) {
		day = day.plus({ days: direction });
		if (day.weekday <= 5 && !closed.has(toIsoDate(day))) left -= 1;
	}
	return toIsoDate(day);
}

/**
 * Business days after `from` up to and including `to` (0 when to <= from): the age of a claim
 * in business days, so a claim is overdue when businessDaysBetween(submitted, asOf) > target.
 */
export function businessDaysBetween(from: IsoDate, to: IsoDate, holidays?: Holidays): number {
	const closed = holidaySet(holidays);
	const end = parseIsoDate(to, 'to');
	let day = parseIsoDate(from, 'from');
	let count = 0;
	for (let steps = 0; day.toMillis() < end.toMillis(); steps += 1) {
		if (steps > MAX_BUSINESS_DAYS * 2) throw new DomainError('to', 'date range too long for a business-day count');
		day = day.plus({ days: 1 });
		if (day.weekday <= 5 && !closed.has(toIsoDate(day))) count += 1;
	}
	return count;
}
