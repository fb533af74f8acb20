// Servicing rules (SPEC §11): when a client is reminded of an installment, when a policy is
// offered its next term, and what that term is. Dates are insurer calendar days, as in the
// lifecycle rules.

import { DomainError } from '../billing/errors';
import { addDays, addMonths, compareDates, daysBetween, isOnOrAfter } from '../billing/dates';
import type { InstallmentStatus, IsoDate } from '../billing/types';
import { assertDays } from './shared';

/** Reminders go out this many days before the due date unless the settings say otherwise. */
export const DEFAULT_REMINDER_DAYS_BEFORE_DUE = 7;
/** Renewals are offered this many days before the end date unless the product says otherwise. */
export const DEFAULT_RENEWAL_NOTICE_DAYS = 30;

/** What a client is told about: an installment coming due, one overdue, a renewal offered. */
export const NOTICE_KINDS = ['reminder', 'overdue', 'renewal'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** The first day a reminder of an installment may go out. */
export function reminderDate(dueDate: IsoDate, reminderDaysBeforeDue: number): IsoDate {
	assertDays(reminderDaysBeforeDue, 'reminder_days_before_due');
	return addDays(dueDate, -reminderDaysBeforeDue, 'due_date');
}

/**
 * A reminder is due from `reminderDaysBeforeDue` days before the due date through the due date
 * itself, for an installment still to be paid (OnTime or StatementIssued). A window rather than
 * one exact day: a run that missed a day (downtime, a skipped tick) still reminds the next day,
 * and a schedule created inside the window is reminded at once. The caller sends each reminder
 * once; this rule only says the installment is in its window on `asOf`.
 */
export function isReminderDue(installment: { status: InstallmentStatus; due_date: IsoDate }, reminderDaysBeforeDue: number, asOf: IsoDate): boolean {
	if (installment.status !== 'OnTime' && installment.status !== 'StatementIssued') return false;
	if (compareDates(asOf, installment.due_date, 'as_of', 'due_date') > 0) return false;
	return isOnOrAfter(asOf, reminderDate(installment.due_date, reminderDaysBeforeDue), 'due_date');
}

/**
 * The next term of a policy: it begins the day after the end date and lasts as long as the
 * current one. A term of whole calendar months (a year, a quarter; month-end begin dates
 * clamped as the schedule clamps them) stays that many months; any other term keeps its days.
 */
export function renewalTerm(policy: { begin_date: IsoDate; end_date: IsoDate }): { begin_date: IsoDate; end_date: IsoDate } {
	const days = daysBetween(policy.begin_date, policy.end_date, 'begin_date', 'end_date');
	if (days <= 0) throw new DomainError('end_date', `end_date ${policy.end_date} must be after begin_date ${policy.begin_date} to renew the policy`);
	const begin = addDays(policy.end_date, 1, 'end_date');
	const months = termMonths(policy.begin_date, policy.end_date, days);
	return { begin_date: begin, end_date: months === null ? addDays(begin, days) : addMonths(begin, months) };
}

/** The number of whole months from begin to end, or null when the term is not whole months. */
function termMonths(begin: IsoDate, end: IsoDate, days: number): number | null {
	const guess = Math.max(1, Math.round(days / 30.44));
	for (const months of [guess - 1, guess, guess + 1]) {
		if (months > 0 && addMonths(begin, months, 'begin_date') === end) return months;
	}
	return null;
}

/**
 * `renew-policies`: an InForce policy of a renewable product is offered its next term from
 * `renewalNoticeDays` before its end date on (a missed day is caught up), as long as it has none.
 */
export function isDueForRenewal(
	policy: { status: string; end_date: IsoDate | null },
	product: { renewable: boolean | number | string | null | undefined; renewal_notice_days: number },
	hasRenewal: boolean,
	asOf: IsoDate,
): boolean {
	assertDays(product.renewal_notice_days, 'renewal_notice_days');
	if (policy.status !== 'InForce' || policy.end_date === null || hasRenewal || !isRenewable(product)) return false;
	return isOnOrAfter(asOf, addDays(policy.end_date, -product.renewal_notice_days, 'end_date'), 'end_date');
}

/** SQLite hands booleans over as 0/1. */
export function isRenewable(product: { renewable: boolean | number | string | null | undefined }): boolean {
	const value = product.renewable;
	return value === true || value === 1 || value === '1' || value === 'true';
}

/** The renewal's number: the old one with the next `-R<n>` suffix (P-1 → P-1-R1 → P-1-R2). */
export function renewalNumber(policyNumber: string): string {
	const match = /^(.*)-R(\d+)$/.exec(policyNumber);
	return match ? `${match[1]}-R${Number(match[2]) + 1}` : `${policyNumber}-R1`;
}
