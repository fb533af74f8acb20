// Predicates of the daily master-policy jobs (reference: master policy lifecycle). Same
// conventions as policy-rules: explicit asOf, "reached" means on or after.

import { addDays, isOnOrAfter } from '../billing/dates';
import type { InstallmentStatus, IsoDate } from '../billing/types';
import { isWithinCoolingOff } from './cooling-off';
import { assertDays, pickUnpaidInstallment } from './shared';

/**
 * Proposal -> Withdraw (job `withdraw-master-policies`): the master policy has stayed in
 * Proposal (not issued by quote-and-bind) for `days` days: asOf >= proposal_date + days.
 * `proposal_date` is the date it entered Proposal.
 */
export function isMasterProposalToWithdraw(master: { status: string; proposal_date: IsoDate }, days: number, asOf: IsoDate): boolean {
	assertDays(days, 'master_proposal_withdraw_days');
	if (master.status !== 'Proposal') return false;
	return isOnOrAfter(asOf, addDays(master.proposal_date, days, 'proposal_date'), 'proposal_date');
}

/** Issued -> InForce (job `enforce-master-policies`): the start (begin) date is reached. */
export function isMasterDueForEnforcement(master: { status: string; begin_date: IsoDate }, asOf: IsoDate): boolean {
	if (master.status !== 'Issued') return false;
	return isOnOrAfter(asOf, master.begin_date, 'begin_date');
}

/** InForce -> Maturity (job `mature-master-policies`): the end date is reached. */
export function isMasterDueForMaturity(master: { status: string; end_date: IsoDate | null }, asOf: IsoDate): boolean {
	if (master.status !== 'InForce' || master.end_date === null) return false;
	return isOnOrAfter(asOf, master.end_date, 'end_date');
}

/**
 * Which unpaid master installment starts the lapse count. The reference says "X days since the
 * due date of the last unpaid installment". Read as the LATEST unpaid due date, a master whose
 * grace (X) is at least one period long would never lapse: every new unpaid installment would
 * push the date further out. So the default is 'oldest' — the installment that has been unpaid
 * the longest, the same rule as for policies and the one whose due date becomes the new end
 * date. 'latest' keeps the literal reading available.
 */
export type MasterLapseAnchor = 'oldest' | 'latest';

/** The day the master policy lapses (anchor due date + days), or null with no Unpaid installment. */
export function masterLapseDate(
	masterInstallments: readonly { status: InstallmentStatus; due_date: IsoDate }[],
	daysAfterUnpaidDueDate: number,
	anchor: MasterLapseAnchor = 'oldest',
): IsoDate | null {
	assertDays(daysAfterUnpaidDueDate, 'days_after_unpaid_due_date');
	const unpaid = pickUnpaidInstallment(masterInstallments, anchor);
	return unpaid ? addDays(unpaid.due_date, daysAfterUnpaidDueDate, 'due_date') : null;
}

/** InForce -> Lapsed (job `lapse-master-policies`): asOf >= masterLapseDate. */
export function isMasterDueForLapse(
	master: { status: string },
	masterInstallments: readonly { status: InstallmentStatus; due_date: IsoDate }[],
	daysAfterUnpaidDueDate: number,
	asOf: IsoDate,
	anchor: MasterLapseAnchor = 'oldest',
): boolean {
	const date = masterLapseDate(masterInstallments, daysAfterUnpaidDueDate, anchor);
	if (master.status !== 'InForce' || date === null) return false;
	return isOnOrAfter(asOf, date, 'due_date');
}

/**
 * Target status of a master policy cancellation from InForce: a client request within the
 * cooling-off period is a withdrawal (WithdrawClientRequest); a client request after it, a
 * duplicate or an insurer decision cancels (Cancelled).
 */
export function masterCancellationStatus(input: {
	reasonType: string;
	beginDate: IsoDate;
	coolingOffDays: number | null | undefined;
	requestDate: IsoDate;
}): 'WithdrawClientRequest' | 'Cancelled' {
	const withinCoolingOff = isWithinCoolingOff(input.beginDate, input.coolingOffDays, input.requestDate);
	return input.reasonType === 'ClientRequest' && withinCoolingOff ? 'WithdrawClientRequest' : 'Cancelled';
}
