// Payment schedules: one installment per premium period of the policy term.
//
// Term: the policy covers [begin_date, end_date) — the end date is the first day no longer
// covered, which is also the day the maturity job matures the policy and the day a lapse
// sets as the new end (the due date of the unpaid installment).
//
// Periods: period k starts on begin_date + k * (1, 3 or 12) months, always computed from the
// begin date (not chained), so Jan 31 gives Feb 28/29, Mar 31, Apr 30... and never drifts to
// the 28th. The due date of an installment is the first day of its period.
//
// Amounts: premium_amount is the premium of the WHOLE term. It is spread evenly over the full
// periods (whatever their number of days); the last period, when the end date cuts it short,
// is prorated by actual days: weight = days from its start to end_date / days of a full period
// starting on the same date. Each share is rounded down to the cent and the leftover cents
// go to the FIRST installment. Installments therefore always add up exactly to the premium.

import type { DateTime } from 'luxon';
import { DomainError } from './errors';
import { DEFAULT_TIME_ZONE, assertTimeZone, compareDates, epochDay, parseIsoDate, toIsoDate } from './dates';
import { fromCents, splitCents, sumCents, toCents } from './money';
import {
	MONTHS_PER_PERIOD,
	PREMIUM_FREQUENCIES,
	type Amount,
	type InstallmentStatus,
	type IsoDate,
	type ItemId,
	type PremiumFrequency,
} from './types';

/** Guard against a typo'd end date producing thousands of rows (100 years of monthly premiums). */
export const MAX_INSTALLMENTS = 1200;

export interface ScheduleInput {
	premiumAmount: Amount;
	frequency: PremiumFrequency;
	beginDate: IsoDate;
	endDate: IsoDate;
	/** Zone the calendar arithmetic runs in; calendar results do not depend on it. Default UTC. */
	timeZone?: string;
}

export interface ScheduledInstallment {
	sequence: number;
	due_date: IsoDate;
	amount: string;
}

export interface SchedulePeriod {
	sequence: number;
	/** First day of the period = the installment's due date. */
	due_date: IsoDate;
	/** First day after the period (exclusive), end_date for a cut-short last period. */
	period_end: IsoDate;
	/** Days covered by this period. */
	days: number;
	/** Days a full period starting on due_date would have. */
	full_days: number;
	/** True when the end date cuts this (last) period short. */
	partial: boolean;
}

export function assertFrequency(frequency: unknown, field = 'premium_frequency'): PremiumFrequency {
	if (typeof frequency !== 'string' || !(PREMIUM_FREQUENCIES as readonly string[]).includes(frequency)) {
		throw new DomainError(field, `${field} must be one of ${PREMIUM_FREQUENCIES.join(', ')}, got ${JSON.stringify(frequency)}`);
	}
	return frequency as PremiumFrequency;
}

/** The premium periods of a term [beginDate, endDate). Throws naming `end_date` when begin >= end. */
export function schedulePeriods(input: Omit<ScheduleInput, 'premiumAmount'>): SchedulePeriod[] {
	const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
	assertTimeZone(timeZone, 'time_zone');
	const frequency = assertFrequency(input.frequency);
	const begin = parseIsoDate(input.beginDate, 'begin_date', timeZone);
	const end = parseIsoDate(input.endDate, 'end_date', timeZone);
	if (end.toMillis() <= begin.toMillis()) {
		throw new DomainError('end_date', `end_date (${input.endDate}) must be after begin_date (${input.beginDate})`);
	}
	const endDate = toIsoDate(end);
	const step = MONTHS_PER_PERIOD[frequency];

	// Period starts from the begin date; one past the last start closes the last period.
	const starts: DateTime<true>[] = [];
	for (let k = 0; ; k += 1) {
		const start = periodStart(begin, step, k);
		starts.push(start);
		if (start.toMillis() >= end.toMillis()) break;
		if (k >= MAX_INSTALLMENTS) {
			throw new DomainError('end_date', `the term from ${input.beginDate} to ${input.endDate} needs more than ${MAX_INSTALLMENTS} installments`);
		}
	}

	const endDay = epochDay(end);
	const periods: SchedulePeriod[] = [];
	for (let k = 0; k + 1 < starts.length; k += 1) {
		const start = starts[k] as DateTime<true>;
		const next = starts[k + 1] as DateTime<true>;
		const startDay = epochDay(start);
		const nextDay = epochDay(next);
		const partial = nextDay > endDay;
		periods.push({
			sequence: k + 1,
			due_date: toIsoDate(start),
			period_end: partial ? endDate : toIsoDate(next),
			days: (partial ? endDay : nextDay) - startDay,
			full_days: nextDay - startDay,
			partial,
		});
	}
	return periods;
}

function periodStart(begin: DateTime<true>, monthsPerPeriod: number, index: number): DateTime<true> {
	// From the begin date every time: luxon clamps the day to the month's end without drift.
	return begin.plus({ months: monthsPerPeriod * index });
}

/**
 * Integer proration weights of consecutive periods: only the last period can be partial, so
 * a full period weighs the full length of the last period and the partial one its actual days.
 */
export function periodWeights(periods: readonly Pick<SchedulePeriod, 'days' | 'full_days' | 'partial'>[]): number[] {
	const last = periods[periods.length - 1];
	if (!last) return [];
	const unit = last.full_days;
	return periods.map((period) => (period.partial ? period.days : unit));
}

/**
 * Builds the payment schedule of a new policy (see the rules at the top of this file). `periods`
 * are the input's own (schedulePeriods), for a caller scheduling many terms of the same dates.
 */
export function generateSchedule(input: ScheduleInput, periods: readonly SchedulePeriod[] = schedulePeriods(input)): ScheduledInstallment[] {
	const premiumCents = toCents(input.premiumAmount, 'premium_amount');
	if (premiumCents <= 0) throw new DomainError('premium_amount', `premium_amount must be positive, got ${fromCents(premiumCents)}`);
	const shares = splitCents(premiumCents, periodWeights(periods));
	return periods.map((period, index) => ({
		sequence: period.sequence,
		due_date: period.due_date,
		amount: fromCents(shares[index] ?? 0),
	}));
}

export interface ExistingInstallment<Id extends ItemId = ItemId> {
	id: Id;
	due_date: IsoDate;
	amount: Amount;
	paid_amount: Amount | null;
	status: InstallmentStatus;
}

export interface RegeneratedInstallment<Id extends ItemId = ItemId> {
	/** Id of the existing installment kept or updated in place; null for a new row to insert. */
	id: Id | null;
	sequence: number;
	due_date: IsoDate;
	amount: string;
	paid_amount: string;
	status: InstallmentStatus;
	/** 'kept': unchanged (carries money); 'updated': existing unpaid row, amount re-spread; 'created': new row. */
	change: 'kept' | 'updated' | 'created';
}

export interface RegeneratedSchedule<Id extends ItemId = ItemId> {
	installments: RegeneratedInstallment<Id>[];
	/** Unpaid installments no longer on the schedule (term shortened, or nothing left to pay). */
	removedIds: Id[];
}

/**
 * Re-spreads the premium after an endorsement (an accepted change request changing the
 * premium and/or the end date) without touching money already received:
 *
 * - Installments that carry money — status Paid, or any paid_amount > 0 — are kept exactly as
 *   they are (amount, paid amount, status): their allocations stay valid.
 * - The new premium minus the kept amounts is spread over the remaining due dates of the new
 *   term, with the same proration and remainder rules as `generateSchedule` (remainder cents on
 *   the first remaining installment, a cut-short last period prorated by days).
 * - An existing unpaid installment on a remaining due date is updated in place (same id, same
 *   status), so an Unpaid installment stays Unpaid and keeps counting toward a lapse; due dates
 *   without one get new OnTime rows; unpaid rows off the new schedule are removed. When nothing
 *   is left to pay, every unpaid row is removed.
 * - Sequences are renumbered 1..n in due-date order.
 *
 * Refused (DomainError): a new premium below what the kept installments already bill
 * (`premium_amount`), a kept installment due on or after the new end date (`end_date`) or not on
 * a due date of the new schedule (`begin_date`: begin date or frequency changed under it).
 */
export function regenerateSchedule<Id extends ItemId>(
	input: ScheduleInput & { installments: readonly ExistingInstallment<Id>[] },
): RegeneratedSchedule<Id> {
	const premiumCents = toCents(input.premiumAmount, 'premium_amount');
	if (premiumCents < 0) throw new DomainError('premium_amount', `premium_amount must not be negative, got ${fromCents(premiumCents)}`);
	const periods = schedulePeriods(input);
	const periodByDueDate = new Map(periods.map((period) => [period.due_date, period]));
	const endDate = periods[periods.length - 1]?.period_end ?? input.endDate;

	const kept: ExistingInstallment<Id>[] = [];
	const open: ExistingInstallment<Id>[] = [];
	for (const installment of input.installments) {
		const paidCents = toCents(installment.paid_amount ?? 0, 'paid_amount');
		(installment.status === 'Paid' || paidCents > 0 ? kept : open).push(installment);
	}

	for (const installment of kept) {
		if (compareDates(installment.due_date, endDate, 'due_date', 'end_date') >= 0) {
			throw new DomainError(
				'end_date',
				`end_date ${endDate} would leave the paid installment due ${installment.due_date} outside the term`,
			);
		}
		if (!periodByDueDate.has(installment.due_date)) {
			throw new DomainError(
				'begin_date',
				`the paid installment due ${installment.due_date} is not a due date of the new schedule (begin date or frequency changed)`,
			);
		}
	}

	const keptCents = sumCents(kept.map((installment) => toCents(installment.amount, 'amount')));
	const remainingCents = premiumCents - keptCents;
	if (remainingCents < 0) {
		throw new DomainError(
			'premium_amount',
			`premium_amount ${fromCents(premiumCents)} is below the ${fromCents(keptCents)} already billed by paid installments`,
		);
	}

	const keptDueDates = new Set(kept.map((installment) => installment.due_date));
	const remainingPeriods = remainingCents === 0 ? [] : periods.filter((period) => !keptDueDates.has(period.due_date));
	if (remainingCents > 0 && remainingPeriods.length === 0) {
		throw new DomainError(
			'premium_amount',
			`premium_amount leaves ${fromCents(remainingCents)} to pay but every due date of the term is already paid`,
		);
	}
	const shares = remainingPeriods.length > 0 ? splitCents(remainingCents, periodWeights(remainingPeriods)) : [];

	// Reuse open rows by due date; the first one on a date wins, duplicates are removed.
	const openByDueDate = new Map<IsoDate, ExistingInstallment<Id>>();
	for (const installment of open) {
		if (!openByDueDate.has(installment.due_date)) openByDueDate.set(installment.due_date, installment);
	}
	const reused = new Set<ExistingInstallment<Id>>();

	const rows: Omit<RegeneratedInstallment<Id>, 'sequence'>[] = kept.map((installment) => ({
		id: installment.id,
		due_date: installment.due_date,
		amount: fromCents(toCents(installment.amount, 'amount')),
		paid_amount: fromCents(toCents(installment.paid_amount ?? 0, 'paid_amount')),
		status: installment.status,
		change: 'kept',
	}));
	remainingPeriods.forEach((period, index) => {
		const amount = fromCents(shares[index] ?? 0);
		const existing = openByDueDate.get(period.due_date);
		if (existing) {
			reused.add(existing);
			rows.push({ id: existing.id, due_date: period.due_date, amount, paid_amount: '0.00', status: existing.status, change: 'updated' });
		} else {
			rows.push({ id: null, due_date: period.due_date, amount, paid_amount: '0.00', status: 'OnTime', change: 'created' });
		}
	});

	rows.sort((a, b) => compareDates(a.due_date, b.due_date, 'due_date', 'due_date'));
	return {
		installments: rows.map((row, index) => ({ ...row, sequence: index + 1 })),
		removedIds: open.filter((installment) => !reused.has(installment)).map((installment) => installment.id),
	};
}
