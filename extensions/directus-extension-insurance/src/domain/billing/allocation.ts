// Applying received money (payments) to installments, and undoing it.
//
// Overpayment is REFUSED: an allocation may not exceed what is still due on the installment
// (amount - paid_amount) nor what is still unallocated on the payment. There is no credit
// balance in this product: money that does not fit an installment stays unallocated on the
// payment, visible to Administration, who allocates it elsewhere or refunds it.
//
// Status rules (installment lifecycle, SPEC section 4):
// - allocation: an installment covered in full becomes Paid (from OnTime, StatementIssued or
//   Unpaid); a partial allocation leaves the status as it is.
// - deallocation: a Paid installment that is no longer covered in full goes back to
//     Unpaid           when its due date has passed (asOf > due_date): it is overdue at once;
//     StatementIssued  otherwise: the client owes it again on time, under its statement.
//   These are the only two reopening transitions of the reference (Paid -> StatementIssued,
//   Paid -> Unpaid). There is deliberately no Paid -> OnTime: an installment that was paid
//   before its statement and loses the payment needs the statement now, so the adapter that
//   applies this transition (re)issues the statement as part of it.
//   A deallocation from an installment that was not Paid leaves the status as it is.

import { refuse, type Refusal } from './errors';
import { compareDates } from './dates';
import { fromCents, toCents } from './money';
import type { Amount, InstallmentStatus, IsoDate } from './types';

export interface AllocationInstallment {
	amount: Amount;
	paid_amount: Amount | null;
	status: InstallmentStatus;
}

export interface AllocatePaymentInput {
	/** The payment's amount. */
	paymentAmount: Amount;
	/** Sum of this payment's other allocations (excluding the one being created). */
	alreadyAllocated: Amount | null;
	installment: AllocationInstallment;
	/** The new allocation's `amount`. */
	allocationAmount: Amount;
}

export interface InstallmentPaymentState {
	ok: true;
	paid_amount: string;
	status: InstallmentStatus;
	/** amount - paid_amount after the operation. */
	remaining_due: string;
	fully_paid: boolean;
	/** True when the status differs from the one given (a transition for the guard and status_history). */
	status_changed: boolean;
}

export interface AllocationAccepted extends InstallmentPaymentState {
	/** What remains unallocated on the payment after this allocation. */
	payment_unallocated: string;
}

export type AllocationResult = AllocationAccepted | Refusal;
export type DeallocationResult = InstallmentPaymentState | Refusal;

/** Parses a user-supplied amount, turning a malformed one into a refusal naming `field`. */
function parseOrRefuse(value: Amount, field: string): number | Refusal {
	try {
		return toCents(value, field);
	} catch (error) {
		return refuse(field, error instanceof Error ? error.message : `${field} is not a valid amount`);
	}
}

function state(amountCents: number, paidCents: number, status: InstallmentStatus, previous: InstallmentStatus): InstallmentPaymentState {
	return {
		ok: true,
		paid_amount: fromCents(paidCents),
		status,
		remaining_due: fromCents(amountCents - paidCents),
		fully_paid: paidCents >= amountCents,
		status_changed: status !== previous,
	};
}

/**
 * Checks and applies one allocation of a payment to an installment (rules at the top of the
 * file). Refusals name `amount`, the allocation field at fault.
 */
export function allocatePayment(input: AllocatePaymentInput): AllocationResult {
	const allocation = parseOrRefuse(input.allocationAmount, 'amount');
	if (typeof allocation !== 'number') return allocation;
	if (allocation <= 0) return refuse('amount', `amount must be positive, got ${fromCents(allocation)}`);

	const paymentCents = toCents(input.paymentAmount, 'payment.amount');
	const allocatedCents = toCents(input.alreadyAllocated ?? 0, 'payment.allocated');
	const amountCents = toCents(input.installment.amount, 'installment.amount');
	const paidCents = toCents(input.installment.paid_amount ?? 0, 'installment.paid_amount');

	const dueCents = Math.max(0, amountCents - paidCents);
	if (allocation > dueCents) {
		return refuse(
			'amount',
			dueCents === 0
				? `amount ${fromCents(allocation)} exceeds what is due: the installment is already paid in full`
				: `amount ${fromCents(allocation)} exceeds the ${fromCents(dueCents)} still due on the installment (overpayment is not accepted)`,
		);
	}
	const unallocatedCents = Math.max(0, paymentCents - allocatedCents);
	if (allocation > unallocatedCents) {
		return refuse(
			'amount',
			`amount ${fromCents(allocation)} exceeds the ${fromCents(unallocatedCents)} not yet allocated on the payment`,
		);
	}

	const newPaid = paidCents + allocation;
	const previous = input.installment.status;
	const status: InstallmentStatus = newPaid >= amountCents ? 'Paid' : previous;
	return { ...state(amountCents, newPaid, status, previous), payment_unallocated: fromCents(unallocatedCents - allocation) };
}

export interface DeallocatePaymentInput {
	installment: AllocationInstallment & { due_date: IsoDate };
	/** The `amount` of the allocation being deleted. */
	allocationAmount: Amount;
	/** The insurer's local date of the deallocation. */
	asOf: IsoDate;
}

/**
 * Undoes one allocation (the allocation row is being deleted) and says where the installment
 * goes (rules at the top of the file). Zero is a no-op; a negative amount, or more than the
 * installment holds, means the data is inconsistent and is refused.
 */
export function deallocatePayment(input: DeallocatePaymentInput): DeallocationResult {
	const allocation = parseOrRefuse(input.allocationAmount, 'amount');
	if (typeof allocation !== 'number') return allocation;
	if (allocation < 0) return refuse('amount', `amount must not be negative, got ${fromCents(allocation)}`);

	const amountCents = toCents(input.installment.amount, 'installment.amount');
	const paidCents = toCents(input.installment.paid_amount ?? 0, 'installment.paid_amount');
	if (allocation > paidCents) {
		return refuse('amount', `amount ${fromCents(allocation)} exceeds the ${fromCents(paidCents)} paid on the installment`);
	}

	const newPaid = paidCents - allocation;
	const previous = input.installment.status;
	let status = previous;
	if (previous === 'Paid' && newPaid < amountCents) {
		status = reopenedStatus(input.installment.due_date, input.asOf);
	}
	return state(amountCents, newPaid, status, previous);
}

/** Where a Paid installment goes when it loses its cover: Unpaid once the due date has passed. */
export function reopenedStatus(dueDate: IsoDate, asOf: IsoDate): 'Unpaid' | 'StatementIssued' {
	return compareDates(asOf, dueDate, 'as_of', 'due_date') > 0 ? 'Unpaid' : 'StatementIssued';
}

/**
 * True when the policy's first installment (lowest sequence, earliest due date on a tie) is
 * Paid: the condition of Proposal -> Issued, and what keeps a proposal from being withdrawn.
 */
export function isFirstInstallmentPaid(installments: readonly { sequence: number; due_date?: IsoDate; status: InstallmentStatus }[]): boolean {
	let first: (typeof installments)[number] | undefined;
	for (const installment of installments) {
		if (
			!first ||
			installment.sequence < first.sequence ||
			(installment.sequence === first.sequence &&
				installment.due_date !== undefined &&
				first.due_date !== undefined &&
				compareDates(installment.due_date, first.due_date, 'due_date', 'due_date') < 0)
		) {
			first = installment;
		}
	}
	return first?.status === 'Paid';
}
