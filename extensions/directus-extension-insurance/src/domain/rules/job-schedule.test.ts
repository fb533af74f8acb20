import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { dailyRunDate } from './job-schedule';

const at = (iso: string) => DateTime.fromISO(iso, { setZone: true });

describe('dailyRunDate', () => {
	it('is null before the local job hour and the local date from it on', () => {
		expect(dailyRunDate(at('2026-03-10T02:59:00Z'), 'Europe/Paris', 4)).toBeNull(); // 03:59 Paris
		expect(dailyRunDate(at('2026-03-10T03:00:00Z'), 'Europe/Paris', 4)).toBe('2026-03-10');
		expect(dailyRunDate(at('2026-03-10T22:30:00Z'), 'Europe/Paris', 4)).toBe('2026-03-10');
	});

	it('uses the local date, not the UTC one', () => {
		expect(dailyRunDate(at('2026-03-10T23:30:00Z'), 'Europe/Paris', 0)).toBe('2026-03-11');
		expect(dailyRunDate(at('2026-03-11T02:00:00Z'), 'America/New_York', 4)).toBe('2026-03-10'); // 22:00 on the 10th
	});

	it('still runs on a day whose job hour a DST change skips', () => {
		// Paris springs forward on 2026-03-29 from 02:00 to 03:00: a 02:00 job runs at 03:00.
		expect(dailyRunDate(at('2026-03-29T00:59:00Z'), 'Europe/Paris', 2)).toBeNull();
		expect(dailyRunDate(at('2026-03-29T01:00:00Z'), 'Europe/Paris', 2)).toBe('2026-03-29');
	});

	it('accepts a Date and refuses a bad hour or zone naming the field', () => {
		expect(dailyRunDate(new Date('2026-06-01T12:00:00Z'), 'UTC', 4)).toBe('2026-06-01');
		expect(() => dailyRunDate(new Date(), 'UTC', 24)).toThrow(/job_hour/);
		expect(() => dailyRunDate(new Date(), 'Mars/Base', 4)).toThrow(/time_zone/);
	});
});
