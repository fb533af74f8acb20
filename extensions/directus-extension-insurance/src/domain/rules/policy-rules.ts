// Pure predicates and consequences behind the daily policy jobs. Every rule takes an explicit
// `asOf` calendar date (the insurer's local date of the run, see billing/dates `localDate`), so
// a run can be replayed for any day and catch up after downtime. "Reached" means on or after:
// a job that missed a day still picks the item up the next day.

import { DomainError } from '../billing/errors';
import { addDays, assertIsoDate, compareDates, isOnOrAfter } from '../billing/dates';
import { fromCents, sumCents, toCents } from '../billing/money';
import type { Amount, InstallmentStatus, IsoDate, ItemId } from '../billing/types';
import { assertDays, pickUnpaidInstallment } from './shared';

export * from './master-policy-rules';
export * from './cooling-off';
export * from './business-days';

/** Statements are issued this many days before the due date unless the settings say otherwise. */
export const DEFAULT_STATEMENT_LEAD_DAYS = 15;

/** SQLite hands booleans over as 0/1. */
function isTrue(value: boolean | number | string | null | undefined): boolean {
	return value === true || value === 1 || value === '1' || value === 'true';
}

/**
 * Proposal -> Withdraw (job `withdraw-proposals`): still in Proposal, first installment not
 * paid, and `proposalWithdrawDays` (PWDAY) days have passed since the proposal date — due
 * exactly when asOf >= proposal_date + PWDAY.
 */
export function isProposalToWithdraw(
	policy: { status: string; proposal_date: IsoDate },
	firstInstallmentPaid: boolean,
	proposalWithdrawDays: number,
	asOf: IsoDate,
): boolean {
	assertDays(proposalWithdrawDays, 'proposal_withdraw_days');
	if (policy.status !== 'Proposal' || firstInstallmentPaid) return false;
	return isOnOrAfter(asOf, addDays(policy.proposal_date, proposalWithdrawDays, 'proposal_date'), 'proposal_date');
}

/**
 * Issued -> InForce (job `enforce-policies`): only for products with automatic in-force, once
 * the begin date is reached. Other products are enforced on request (endpoint), not here.
 */
export function isDueForEnforcement(
	policy: { status: string; begin_date: IsoDate },
	product: { automatic_inforce: boolean | number | string | null | undefined },
	asOf: IsoDate,
): boolean {
	if (policy.status !== 'Issued' || !isTrue(product.automatic_inforce)) return false;
	return isOnOrAfter(asOf, policy.begin_date, 'begin_date');
}

/**
 * InForce -> Maturity (job `mature-policies`): the end date is reached. The end date is the
 * first day not covered, so the policy matures on it. No end date: never matures.
 */
export function isDueForMaturity(policy: { status: string; end_date: IsoDate | null }, asOf: IsoDate): boolean {
	if (policy.status !== 'InForce' || policy.end_date === null) return false;
	return isOnOrAfter(asOf, policy.end_date, 'end_date');
}

/** The day the statement of an installment is issued: `leadDays` before its due date. */
export function statementDate(dueDate: IsoDate, statementLeadDays: number = DEFAULT_STATEMENT_LEAD_DAYS): IsoDate {
	assertDays(statementLeadDays, 'statement_lead_days');
	return addDays(dueDate, -statementLeadDays, 'due_date');
}

/**
 * OnTime -> StatementIssued (job `issue-statements`): from `statementLeadDays` days before the
 * due date on (asOf >= due_date - lead). A lead of 0 issues on the due date itself.
 */
export function isStatementDue(
	installment: { status: InstallmentStatus; due_date: IsoDate },
	asOf: IsoDate,
	statementLeadDays: number = DEFAULT_STATEMENT_LEAD_DAYS,
): boolean {
	if (installment.status !== 'OnTime') return false;
	return isOnOrAfter(asOf, statementDate(installment.due_date, statementLeadDays), 'due_date');
}

/**
 * StatementIssued -> Unpaid (job `mark-unpaid-installments`): the due date has passed
 * (asOf > due_date; paying on the due date is on time) and it is not covered in full.
 * Run `issue-statements` before this job so an installment never skips its statement.
 */
export function isInstallmentUnpaid(
	installment: { status: InstallmentStatus; due_date: IsoDate; amount: Amount; paid_amount: Amount | null },
	asOf: IsoDate,
): boolean {
	if (installment.status !== 'StatementIssued') return false;
	if (compareDates(asOf, installment.due_date, 'as_of', 'due_date') <= 0) return false;
	return toCents(installment.paid_amount ?? 0, 'paid_amount') < toCents(installment.amount, 'amount');
}

/** The Unpaid installment with the earliest due date, or null. */
export function oldestUnpaidInstallment<T extends { status: InstallmentStatus; due_date: IsoDate }>(installments: readonly T[]): T | null {
	return pickUnpaidInstallment(installments, 'oldest');
}

/** The day a policy lapses for an unpaid installment: its due date + days_after_unpaid_due_date. */
export function lapseDate(unpaidInstallment: { due_date: IsoDate }, daysAfterUnpaidDueDate: number): IsoDate {
	assertDays(daysAfterUnpaidDueDate, 'days_after_unpaid_due_date');
	return addDays(unpaidInstallment.due_date, daysAfterUnpaidDueDate, 'due_date');
}

/**
 * InForce -> Lapsed timing (job `lapse-policies`): the oldest unpaid installment is still
 * Unpaid `daysAfterUnpaidDueDate` days after its due date (asOf >= due_date + days).
 * Null, or an installment not (or no longer) Unpaid, never lapses.
 */
export function isDueForLapse(
	oldestUnpaid: { due_date: IsoDate; status?: InstallmentStatus } | null | undefined,
	daysAfterUnpaidDueDate: number,
	asOf: IsoDate,
): boolean {
	assertDays(daysAfterUnpaidDueDate, 'days_after_unpaid_due_date');
	if (!oldestUnpaid || (oldestUnpaid.status !== undefined && oldestUnpaid.status !== 'Unpaid')) return false;
	return isOnOrAfter(asOf, lapseDate(oldestUnpaid, daysAfterUnpaidDueDate), 'due_date');
}

/** Full lapse test of a policy: InForce and its oldest Unpaid installment overdue long enough. */
export function isPolicyDueForLapse(
	policy: { status: string },
	installments: readonly { status: InstallmentStatus; due_date: IsoDate }[],
	daysAfterUnpaidDueDate: number,
	asOf: IsoDate,
): boolean {
	if (policy.status !== 'InForce') return false;
	return isDueForLapse(oldestUnpaidInstallment(installments), daysAfterUnpaidDueDate, asOf);
}

export interface LapseInstallment<Id extends ItemId = ItemId> {
	id: Id;
	due_date: IsoDate;
	amount: Amount;
	paid_amount: Amount | null;
	status: InstallmentStatus;
}

export interface LapseConsequences<Id extends ItemId = ItemId> {
	/** New end date: the due date of the (oldest) unpaid installment. */
	end_date: IsoDate;
	/** New premium (2 decimals): the paid premium, or the old premium when kept. */
	premium_amount: string;
	premium_changed: boolean;
	/** Installments that stay on the schedule. */
	keepInstallmentIds: Id[];
	/** Installments to delete from the schedule. */
	removeInstallmentIds: Id[];
	/**
	 * Money allocated to removed installments (partial payments). Their allocations must be
	 * deallocated with them; the money goes back to the payments as unallocated.
	 */
	released_paid_amount: string;
	/** The unpaid installment the lapse is about. */
	unpaidInstallmentId: Id;
}

/** "Paid premium" of the reference: the sum of the amounts of the Paid installments. */
export function paidPremiumCents(installments: readonly { amount: Amount; status: InstallmentStatus }[]): number {
	return sumCents(installments.filter((installment) => installment.status === 'Paid').map((installment) => toCents(installment.amount, 'amount')));
}

function trimToPaid<Id extends ItemId>(installments: readonly LapseInstallment<Id>[]) {
	const kept = installments.filter((installment) => installment.status === 'Paid');
	const removed = installments.filter((installment) => installment.status !== 'Paid');
	return {
		keepInstallmentIds: kept.map((installment) => installment.id),
		removeInstallmentIds: removed.map((installment) => installment.id),
		released_paid_amount: fromCents(sumCents(removed.map((installment) => toCents(installment.paid_amount ?? 0, 'paid_amount')))),
	};
}

function requireUnpaid<Id extends ItemId>(installments: readonly LapseInstallment<Id>[]): LapseInstallment<Id> {
	const unpaid = oldestUnpaidInstallment(installments);
	if (!unpaid) throw new DomainError('installments', 'a lapse needs an Unpaid installment, none found');
	return unpaid;
}

/**
 * What a lapse changes on a policy (reference, "After a policy is moved in Lapsed status"):
 * - end_date becomes the due date of the unpaid installment (the oldest Unpaid one);
 * - without claims, premium_amount becomes the paid premium (sum of the Paid installments);
 *   with claims it is unchanged;
 * - if the premium changed, the schedule keeps only the Paid installments; otherwise all stay.
 */
export function lapseConsequences<Id extends ItemId>(input: {
	policy: { premium_amount: Amount; end_date: IsoDate | null };
	installments: readonly LapseInstallment<Id>[];
	hasClaims: boolean;
}): LapseConsequences<Id> {
	const unpaid = requireUnpaid(input.installments);
	const endDate = assertIsoDate(unpaid.due_date, 'due_date');
	const oldPremium = toCents(input.policy.premium_amount, 'premium_amount');
	const newPremium = input.hasClaims ? oldPremium : paidPremiumCents(input.installments);
	const premiumChanged = newPremium !== oldPremium;
	const schedule = premiumChanged
		? trimToPaid(input.installments)
		: { keepInstallmentIds: input.installments.map((installment) => installment.id), removeInstallmentIds: [], released_paid_amount: '0.00' };
	return {
		end_date: endDate,
		premium_amount: fromCents(newPremium),
		premium_changed: premiumChanged,
		...schedule,
		unpaidInstallmentId: unpaid.id,
	};
}

/**
 * What a lapse changes on a master policy (reference, "After a Master Policy is moved in
 * Lapsed status"): end_date = due date of the (oldest) unpaid master installment, premium =
 * paid premium (always, claims or not), schedule trimmed to the Paid master installments.
 */
export function masterLapseConsequences<Id extends ItemId>(input: {
	master: { premium_amount?: Amount | null; end_date: IsoDate | null };
	installments: readonly LapseInstallment<Id>[];
}): LapseConsequences<Id> {
	const unpaid = requireUnpaid(input.installments);
	const newPremium = paidPremiumCents(input.installments);
	const oldPremium =
		input.master.premium_amount === null || input.master.premium_amount === undefined
			? null
			: toCents(input.master.premium_amount, 'premium_amount');
	return {
		end_date: assertIsoDate(unpaid.due_date, 'due_date'),
		premium_amount: fromCents(newPremium),
		premium_changed: oldPremium !== newPremium,
		...trimToPaid(input.installments),
		unpaidInstallmentId: unpaid.id,
	};
}
