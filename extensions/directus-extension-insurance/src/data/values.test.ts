import { afterEach, describe, expect, it } from 'vitest';
import { isoDate } from './values';

describe('isoDate', () => {
	const zone = process.env['TZ'];
	afterEach(() => {
		if (zone === undefined) delete process.env['TZ'];
		else process.env['TZ'] = zone;
	});

	it('reads the calendar date of a Postgres date column in any server time zone', () => {
		// node-postgres builds a date column's value as local midnight: east of UTC that instant is still the day before in UTC.
		for (const tz of ['UTC', 'Europe/Bucharest', 'Pacific/Auckland', 'America/Los_Angeles']) {
			process.env['TZ'] = tz;
			expect(isoDate(new Date(2026, 0, 31)), tz).toBe('2026-01-31');
			expect(isoDate(new Date(2026, 2, 29)), tz).toBe('2026-03-29');
		}
	});

	it('reads SQLite values: ISO text and epoch milliseconds', () => {
		expect(isoDate('2026-01-31')).toBe('2026-01-31');
		expect(isoDate('2026-01-31T00:00:00.000Z')).toBe('2026-01-31');
		expect(isoDate(Date.UTC(2026, 0, 31))).toBe('2026-01-31');
	});
});
