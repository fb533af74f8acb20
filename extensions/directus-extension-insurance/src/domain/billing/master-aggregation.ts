// Master policy installments are not paid directly: each one aggregates the installments of
// the member policies that fall on the same due date (reference: "Master Policy payment
// schedule"). The aggregation job recomputes them daily and after member changes.
//
// Status truth table, first matching row wins (members = statuses of the member installments):
//
//  #  members                                   current        -> result
//  1  none                                      any            -> current (nothing to aggregate)
//  2  at least one Unpaid                       any            -> Unpaid
//  3  all Paid                                  any            -> Paid
//  4  no Unpaid, not all Paid                   Unpaid         -> Unpaid (only full payment clears it)
//  5  only StatementIssued / Paid, >=1 StmtIss. any other      -> StatementIssued
//       (covers "all StatementIssued", and a Paid master whose member went back to
//        StatementIssued after a deallocation)
//  6  some OnTime, no Unpaid, not all Paid      Paid           -> StatementIssued (lost its cover;
//                                                                 there is no Paid -> OnTime)
//  7  some OnTime, no Unpaid, not all Paid      OnTime / StatementIssued -> unchanged
//
// Transitions this can produce: OnTime -> StatementIssued | Paid | Unpaid,
// StatementIssued -> Paid | Unpaid, Paid -> StatementIssued | Unpaid, Unpaid -> Paid.

import { compareDates } from './dates';
import { fromCents, sumCents, toCents } from './money';
import type { Amount, InstallmentStatus, IsoDate, ItemId } from './types';

export function aggregateMasterInstallmentStatus(
	memberStatuses: readonly InstallmentStatus[],
	current: InstallmentStatus,
): InstallmentStatus {
	if (memberStatuses.length === 0) return current;
	if (memberStatuses.includes('Unpaid')) return 'Unpaid';
	if (memberStatuses.every((status) => status === 'Paid')) return 'Paid';
	if (current === 'Unpaid') return 'Unpaid';
	if (memberStatuses.every((status) => status === 'StatementIssued' || status === 'Paid')) return 'StatementIssued';
	if (current === 'Paid') return 'StatementIssued';
	return current;
}

export interface MemberInstallment<PolicyId extends ItemId = ItemId> {
	policy: PolicyId;
	due_date: IsoDate;
	amount: Amount;
	paid_amount: Amount | null;
	status: InstallmentStatus;
}

export interface AggregatedMasterInstallment<PolicyId extends ItemId = ItemId> {
	sequence: number;
	due_date: IsoDate;
	amount: string;
	paid_amount: string;
	status: InstallmentStatus;
	/** Member policies with an installment on this due date. */
	policies: PolicyId[];
}

/**
 * Groups member installments by due date into master installments: amounts and paid amounts
 * summed exactly, status aggregated with the table above against the master installment's
 * current status on that date (`current`, default OnTime for a new one). Sorted by due date,
 * sequences 1..n. Which members count (e.g. not withdrawn policies) is the caller's choice.
 */
export function aggregateMasterSchedule<PolicyId extends ItemId>(
	memberInstallments: readonly MemberInstallment<PolicyId>[],
	current: ReadonlyMap<IsoDate, InstallmentStatus> | Readonly<Record<IsoDate, InstallmentStatus>> = {},
): AggregatedMasterInstallment<PolicyId>[] {
	const currentOf = (dueDate: IsoDate): InstallmentStatus =>
		(current instanceof Map ? current.get(dueDate) : (current as Readonly<Record<IsoDate, InstallmentStatus>>)[dueDate]) ??
		'OnTime';

	const groups = new Map<IsoDate, MemberInstallment<PolicyId>[]>();
	for (const installment of memberInstallments) {
		const group = groups.get(installment.due_date);
		if (group) group.push(installment);
		else groups.set(installment.due_date, [installment]);
	}

	const dueDates = [...groups.keys()].sort((a, b) => compareDates(a, b, 'due_date', 'due_date'));
	return dueDates.map((dueDate, index) => {
		const members = groups.get(dueDate) ?? [];
		return {
			sequence: index + 1,
			due_date: dueDate,
			amount: fromCents(sumCents(members.map((member) => toCents(member.amount, 'amount')))),
			paid_amount: fromCents(sumCents(members.map((member) => toCents(member.paid_amount ?? 0, 'paid_amount')))),
			status: aggregateMasterInstallmentStatus(
				members.map((member) => member.status),
				currentOf(dueDate),
			),
			policies: [...new Set(members.map((member) => member.policy))],
		};
	});
}
