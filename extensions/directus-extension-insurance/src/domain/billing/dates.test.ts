import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
	addDays,
	addMonths,
	assertIsoDate,
	assertTimeZone,
	compareDates,
	daysBetween,
	isOnOrAfter,
	localDate,
	parseIsoDate,
	resolveAsOf,
} from './dates';
import { DomainError } from './errors';

describe('parseIsoDate', () => {
	it.each(['2025-02-30', '2025-13-01', '2025-00-10', '2023-02-29', '2025-2-3', '20250203', '2025-01-01T00:00:00Z', '', ' 2025-01-01'])(
		'rejects %j naming the field',
		(value) => {
			expect(() => parseIsoDate(value, 'begin_date')).toThrow(expect.objectContaining({ field: 'begin_date' }));
		},
	);

	it('rejects non-strings (Date objects, null)', () => {
		expect(() => parseIsoDate(new Date(), 'due_date')).toThrow(DomainError);
		expect(() => parseIsoDate(null, 'due_date')).toThrow(DomainError);
	});

	it('accepts a leap day in a leap year', () => {
		expect(assertIsoDate('2024-02-29', 'd')).toBe('2024-02-29');
	});

	it('is the start of the day in the given zone', () => {
		const parsed = parseIsoDate('2025-06-01', 'd', 'Europe/Bucharest');
		expect(parsed.toISO()).toBe('2025-06-01T00:00:00.000+03:00');
	});

	it('gives the same date again in each zone, and refuses a bad one every time', () => {
		// Parsed dates are remembered by zone and text.
		for (let round = 0; round < 2; round++) {
			expect(parseIsoDate('2025-06-01', 'd', 'Europe/Bucharest').toISO()).toBe('2025-06-01T00:00:00.000+03:00');
			expect(parseIsoDate('2025-06-01', 'd', 'UTC').toISO()).toBe('2025-06-01T00:00:00.000Z');
			expect(() => parseIsoDate('2025-02-30', 'due_date')).toThrow(expect.objectContaining({ field: 'due_date' }));
		}
	});

	it('keeps the calendar date where midnight does not exist (DST at midnight)', () => {
		// America/Santiago jumped from 2024-09-08 00:00 to 01:00.
		const parsed = parseIsoDate('2024-09-08', 'd', 'America/Santiago');
		expect(parsed.toISODate()).toBe('2024-09-08');
	});
});

describe('assertTimeZone', () => {
	it.each(['UTC', 'Europe/Bucharest', 'America/New_York'])('accepts %s', (zone) => {
		expect(() => assertTimeZone(zone)).not.toThrow();
	});
	it.each(['Mars/Olympus', '', 'GMT+25'])('rejects %j', (zone) => {
		expect(() => assertTimeZone(zone)).toThrow(expect.objectContaining({ field: 'time_zone' }));
	});
});

describe('addMonths clamps to the month end', () => {
	it.each([
		['2025-01-31', 1, '2025-02-28'],
		['2024-01-31', 1, '2024-02-29'],
		['2025-01-31', 2, '2025-03-31'],
		['2025-03-31', 1, '2025-04-30'],
		['2024-02-29', 12, '2025-02-28'],
		['2024-02-29', 48, '2028-02-29'],
		['2025-12-15', 1, '2026-01-15'],
		['2025-03-31', -1, '2025-02-28'],
	] as const)('%s + %i months = %s', (date, months, expected) => {
		expect(addMonths(date, months)).toBe(expected);
	});

	it('refuses fractional months', () => {
		expect(() => addMonths('2025-01-01', 1.5)).toThrow(DomainError);
	});
});

describe('addDays / daysBetween / compareDates', () => {
	it.each([
		['2025-02-28', 1, '2025-03-01'],
		['2024-02-28', 1, '2024-02-29'],
		['2025-12-31', 1, '2026-01-01'],
		['2025-03-30', 1, '2025-03-31'], // DST change in Europe: a calendar day is a day
		['2025-03-01', -1, '2025-02-28'],
	] as const)('%s + %i days = %s', (date, days, expected) => {
		expect(addDays(date, days)).toBe(expected);
	});

	it.each([
		['2025-01-01', '2026-01-01', 365],
		['2024-01-01', '2025-01-01', 366],
		['2025-03-29', '2025-03-31', 2],
		['2025-10-25', '2025-10-27', 2],
		['2025-02-01', '2025-01-01', -31],
		['2025-02-01', '2025-02-01', 0],
	] as const)('from %s to %s is %i days', (from, to, days) => {
		expect(daysBetween(from, to)).toBe(days);
	});

	it('compares', () => {
		expect(compareDates('2025-01-01', '2025-01-02')).toBe(-1);
		expect(compareDates('2025-01-02', '2025-01-02')).toBe(0);
		expect(compareDates('2025-01-03', '2025-01-02')).toBe(1);
		expect(isOnOrAfter('2025-01-02', '2025-01-02')).toBe(true);
		expect(isOnOrAfter('2025-01-01', '2025-01-02')).toBe(false);
	});
});

describe('localDate: the insurer-local date of an instant', () => {
	it.each([
		// 00:30 in Bucharest (UTC+3 in summer) is still the previous day in UTC
		['2025-03-31T21:30:00Z', 'Europe/Bucharest', '2025-04-01'],
		['2025-03-31T21:30:00Z', 'UTC', '2025-03-31'],
		['2025-03-31T20:59:59Z', 'Europe/Bucharest', '2025-03-31'],
		['2025-03-31T21:00:00Z', 'Europe/Bucharest', '2025-04-01'],
		// winter: UTC+2
		['2025-01-14T22:00:00Z', 'Europe/Bucharest', '2025-01-15'],
		['2025-01-14T21:59:59Z', 'Europe/Bucharest', '2025-01-14'],
		// the night of the spring-forward and fall-back changes
		['2025-03-29T22:30:00Z', 'Europe/Bucharest', '2025-03-30'],
		['2025-10-25T21:30:00Z', 'Europe/Bucharest', '2025-10-26'],
		['2025-10-25T20:59:59Z', 'Europe/Bucharest', '2025-10-25'],
		// an instant with its own offset
		['2025-04-01T00:30:00+03:00', 'UTC', '2025-03-31'],
		// no offset: read as UTC
		['2025-03-31T21:30:00', 'Europe/Bucharest', '2025-04-01'],
	] as const)('%s in %s is %s', (instant, zone, expected) => {
		expect(localDate(instant, zone)).toBe(expected);
	});

	it('accepts Date, epoch millis and DateTime', () => {
		const instant = Date.UTC(2025, 2, 31, 21, 30);
		expect(localDate(new Date(instant), 'Europe/Bucharest')).toBe('2025-04-01');
		expect(localDate(instant, 'Europe/Bucharest')).toBe('2025-04-01');
		expect(localDate(DateTime.fromMillis(instant, { zone: 'America/New_York' }), 'Europe/Bucharest')).toBe('2025-04-01');
		expect(localDate(instant)).toBe('2025-03-31');
	});

	it('rejects an invalid instant or zone', () => {
		expect(() => localDate('not a date', 'UTC')).toThrow(DomainError);
		expect(() => localDate(new Date(Number.NaN), 'UTC')).toThrow(DomainError);
		expect(() => localDate('2025-01-01T00:00:00Z', 'Nowhere/Else')).toThrow(DomainError);
	});
});

describe('resolveAsOf', () => {
	it('prefers an explicit date (catch-up runs)', () => {
		expect(resolveAsOf('2025-01-10', '2025-03-31T21:30:00Z', 'Europe/Bucharest')).toBe('2025-01-10');
	});
	it('otherwise takes the local date of now', () => {
		expect(resolveAsOf(undefined, '2025-03-31T21:30:00Z', 'Europe/Bucharest')).toBe('2025-04-01');
		expect(resolveAsOf(null, '2025-03-31T21:30:00Z', 'UTC')).toBe('2025-03-31');
	});
	it('validates the explicit date as as_of', () => {
		expect(() => resolveAsOf('2025-02-30', Date.now(), 'UTC')).toThrow(expect.objectContaining({ field: 'as_of' }));
	});
});
