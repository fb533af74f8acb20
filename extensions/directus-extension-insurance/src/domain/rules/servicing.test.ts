import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../billing/dates';
import { DomainError } from '../billing/errors';
import type { InstallmentStatus } from '../billing/types';
import { lapseDate } from './policy-rules';
import { isDueForRenewal, isReminderDue, isRenewable, reminderDate, renewalNumber, renewalTerm } from './servicing';

const installment = (due_date: string, status: InstallmentStatus = 'StatementIssued') => ({ status, due_date });

describe('payment reminders', () => {
	it('opens the window reminder_days_before_due before the due date', () => {
		expect(reminderDate('2027-03-15', 7)).toBe('2027-03-08');
		expect(reminderDate('2027-03-03', 7)).toBe('2027-02-24');
		expect(reminderDate('2028-03-03', 7)).toBe('2028-02-25'); // leap year: Feb 29 counts
		expect(reminderDate('2027-03-15', 0)).toBe('2027-03-15');
	});

	it('is due from the window start through the due date, not before, not after', () => {
		const due = installment('2027-03-15');
		expect(isReminderDue(due, 7, '2027-03-07')).toBe(false);
		expect(isReminderDue(due, 7, '2027-03-08')).toBe(true);
		// A day the job did not run is caught up on the next run.
		expect(isReminderDue(due, 7, '2027-03-10')).toBe(true);
		expect(isReminderDue(due, 7, '2027-03-15')).toBe(true);
		expect(isReminderDue(due, 7, '2027-03-16')).toBe(false);
		expect(isReminderDue(due, 0, '2027-03-15')).toBe(true);
		expect(isReminderDue(due, 0, '2027-03-14')).toBe(false);
	});

	it('reminds only of what is still to be paid', () => {
		for (const status of ['OnTime', 'StatementIssued'] as const) expect(isReminderDue(installment('2027-03-15', status), 7, '2027-03-10')).toBe(true);
		for (const status of ['Paid', 'Unpaid'] as const) expect(isReminderDue(installment('2027-03-15', status), 7, '2027-03-10')).toBe(false);
	});

	it('refuses a negative or fractional number of days, naming the field', () => {
		for (const days of [-1, 1.5, Number.NaN]) {
			expect(() => isReminderDue(installment('2027-03-15'), days, '2027-03-10')).toThrow(DomainError);
			try {
				reminderDate('2027-03-15', days);
			} catch (error) {
				expect((error as DomainError).field).toBe('reminder_days_before_due');
			}
		}
	});

	it('is due on exactly days + 1 calendar days for any due date and window', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 60 }), (offset, days) => {
				const due = addDays('2026-01-01', offset);
				const window = [...Array(days + 40).keys()].map((n) => addDays(due, n - days - 20)).filter((day) => isReminderDue(installment(due), days, day));
				expect(window).toHaveLength(days + 1);
				expect(window[0]).toBe(reminderDate(due, days));
				expect(window.at(-1)).toBe(due);
			}),
		);
	});
});

describe('overdue notices', () => {
	it('name the lapse date: due date + days after unpaid due date', () => {
		expect(lapseDate({ due_date: '2027-03-15' }, 30)).toBe('2027-04-14');
		expect(lapseDate({ due_date: '2027-01-31' }, 30)).toBe('2027-03-02');
		expect(lapseDate({ due_date: '2028-01-31' }, 30)).toBe('2028-03-01'); // leap year
		expect(lapseDate({ due_date: '2027-12-20' }, 15)).toBe('2028-01-04');
	});
});

describe('renewal terms', () => {
	it('begins the day after the end date and keeps a yearly term', () => {
		expect(renewalTerm({ begin_date: '2027-01-15', end_date: '2028-01-15' })).toEqual({ begin_date: '2028-01-16', end_date: '2029-01-16' });
	});

	it('keeps whole months across month ends and leap years', () => {
		// One month from Jan 31 ends Feb 28; the renewal starts Mar 1 for one month.
		expect(renewalTerm({ begin_date: '2027-01-31', end_date: '2027-02-28' })).toEqual({ begin_date: '2027-03-01', end_date: '2027-04-01' });
		// A year from Feb 29 ends Feb 28; the next starts Mar 1.
		expect(renewalTerm({ begin_date: '2028-02-29', end_date: '2029-02-28' })).toEqual({ begin_date: '2029-03-01', end_date: '2030-03-01' });
		// Ending on Feb 28 of a leap year: the renewal starts on Feb 29.
		expect(renewalTerm({ begin_date: '2027-02-28', end_date: '2028-02-28' })).toEqual({ begin_date: '2028-02-29', end_date: '2029-02-28' });
		// Ending on Jan 30: the renewal starts Jan 31; a quarter later is Apr 30.
		expect(renewalTerm({ begin_date: '2026-10-30', end_date: '2027-01-30' })).toEqual({ begin_date: '2027-01-31', end_date: '2027-04-30' });
		expect(renewalTerm({ begin_date: '2027-04-15', end_date: '2027-07-15' })).toEqual({ begin_date: '2027-07-16', end_date: '2027-10-16' });
	});

	it('keeps the days of a term that is not whole months', () => {
		expect(renewalTerm({ begin_date: '2027-01-01', end_date: '2027-03-12' })).toEqual({ begin_date: '2027-03-13', end_date: '2027-05-22' });
	});

	it('refuses a term that does not end after it begins', () => {
		expect(() => renewalTerm({ begin_date: '2027-01-01', end_date: '2027-01-01' })).toThrow(DomainError);
	});

	it('never overlaps the old term and lasts as long (in months or days)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 800 }), (offset, length) => {
				const begin_date = addDays('2025-01-01', offset);
				const end_date = addDays(begin_date, length);
				const next = renewalTerm({ begin_date, end_date });
				expect(daysBetween(end_date, next.begin_date)).toBe(1);
				const days = daysBetween(next.begin_date, next.end_date);
				// Whole months may differ by the month-length of the calendar (at most 3 days a month).
				expect(Math.abs(days - length)).toBeLessThanOrEqual(Math.ceil(length / 28) * 3);
			}),
		);
	});
});

describe('renewal due', () => {
	const product = { renewable: true, renewal_notice_days: 30 };
	const policy = { status: 'InForce', end_date: '2028-01-15' };

	it('is due from renewal_notice_days before the end date, once', () => {
		expect(isDueForRenewal(policy, product, false, '2027-12-15')).toBe(false);
		expect(isDueForRenewal(policy, product, false, '2027-12-16')).toBe(true);
		expect(isDueForRenewal(policy, product, false, '2028-01-10')).toBe(true);
		expect(isDueForRenewal(policy, product, true, '2027-12-16')).toBe(false);
	});

	it('needs an InForce policy of a renewable product', () => {
		expect(isDueForRenewal({ ...policy, status: 'Issued' }, product, false, '2027-12-20')).toBe(false);
		expect(isDueForRenewal(policy, { ...product, renewable: false }, false, '2027-12-20')).toBe(false);
		expect(isDueForRenewal(policy, { ...product, renewable: 1 }, false, '2027-12-20')).toBe(true);
		expect(() => isDueForRenewal(policy, { ...product, renewal_notice_days: -1 }, false, '2027-12-20')).toThrow(DomainError);
	});

	it('reads SQLite booleans', () => {
		expect([true, 1, '1', 'true'].map((renewable) => isRenewable({ renewable }))).toEqual([true, true, true, true]);
		expect([false, 0, '0', null, undefined].map((renewable) => isRenewable({ renewable }))).toEqual([false, false, false, false, false]);
	});

	it('numbers renewals after the policy they renew', () => {
		expect(renewalNumber('P-0001')).toBe('P-0001-R1');
		expect(renewalNumber('P-0001-R1')).toBe('P-0001-R2');
		expect(renewalNumber('P-0001-R9')).toBe('P-0001-R10');
	});
});
