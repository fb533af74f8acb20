import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../billing/dates';
import { DomainError } from '../billing/errors';
import { addBusinessDays, businessDaysBetween, isBusinessDay } from './business-days';

// 2025-03-03 is a Monday.
describe('addBusinessDays', () => {
	it.each([
		['Mon + 1', '2025-03-03', 1, '2025-03-04'],
		['Mon + 4 = Fri', '2025-03-03', 4, '2025-03-07'],
		['Mon + 5 = next Mon', '2025-03-03', 5, '2025-03-10'],
		['Fri + 1 = Mon', '2025-03-07', 1, '2025-03-10'],
		['Sat + 1 = Mon', '2025-03-08', 1, '2025-03-10'],
		['Sun + 1 = Mon', '2025-03-09', 1, '2025-03-10'],
		['Fri + 10 = two weeks later', '2025-03-07', 10, '2025-03-21'],
		['0 leaves a weekday', '2025-03-05', 0, '2025-03-05'],
		['0 leaves even a Saturday', '2025-03-08', 0, '2025-03-08'],
		['Mon - 1 = Fri', '2025-03-10', -1, '2025-03-07'],
		['Sun - 1 = Fri', '2025-03-09', -1, '2025-03-07'],
		['over the leap day', '2024-02-28', 2, '2024-03-01'],
		['over the year end', '2025-12-31', 2, '2026-01-02'],
		['over a DST change (Europe, 2025-03-30)', '2025-03-28', 1, '2025-03-31'],
	] as const)('%s: %s + %i = %s', (_label, date, n, expected) => {
		expect(addBusinessDays(date, n)).toBe(expected);
	});

	it('skips holidays (array or set)', () => {
		expect(addBusinessDays('2025-12-24', 1, ['2025-12-25', '2025-12-26'])).toBe('2025-12-29');
		expect(addBusinessDays('2025-12-29', -1, new Set(['2025-12-25', '2025-12-26']))).toBe('2025-12-24');
	});

	it('refuses bad input', () => {
		expect(() => addBusinessDays('2025-03-03', 1.5)).toThrow(DomainError);
		expect(() => addBusinessDays('2025-03-03', 1_000_000)).toThrow(DomainError);
		expect(() => addBusinessDays('03/03/2025', 1)).toThrow(expect.objectContaining({ field: 'date' }));
	});

	it('property: the result is a business day, and the count between them is n', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 3650 }), fc.integer({ min: 1, max: 60 }), (offset, n) => {
				const start = addDays('2020-01-01', offset);
				const due = addBusinessDays(start, n);
				expect(isBusinessDay(due)).toBe(true);
				expect(businessDaysBetween(start, due)).toBe(n);
				expect(businessDaysBetween(start, addDays(due, -1))).toBe(n - 1);
			}),
		);
	});
});

describe('businessDaysBetween / isBusinessDay', () => {
	it.each([
		['2025-03-03', '2025-03-03', 0],
		['2025-03-03', '2025-03-04', 1],
		['2025-03-07', '2025-03-10', 1],
		['2025-03-08', '2025-03-09', 0],
		['2025-03-03', '2025-03-17', 10],
		['2025-03-10', '2025-03-03', 0],
	] as const)('from %s to %s: %i', (from, to, expected) => {
		expect(businessDaysBetween(from, to)).toBe(expected);
	});

	it('knows weekends and holidays', () => {
		expect(isBusinessDay('2025-03-08')).toBe(false);
		expect(isBusinessDay('2025-03-09')).toBe(false);
		expect(isBusinessDay('2025-03-10')).toBe(true);
		expect(isBusinessDay('2025-12-25', ['2025-12-25'])).toBe(false);
	});
});
