// The premium given back when a contract is cancelled (SPEC §11).
//
// Earned premium = premium × days(begin → effective) / days(begin → end), rounded half-up to
// the cent; the effective date is held within the term (before the begin date nothing is
// earned, at or after the end date everything is).
//
// What is refunded depends on why the contract ends:
// - whole paid premium: a withdrawal within the cooling-off period, a failed screening, a
//   duplicate (master policies), as if the contract never ran;
// - paid − earned − surrender fee (never below 0): a withdrawal after the cooling-off period, a
//   surrender, an insurer decision (master policies' counterpart of the surrender);
// - nothing: a contract closed because claims used up its coverage.
// Master policies' ClientRequest is their Withdrawal: inside or outside the cooling-off period.
import { isWithinCoolingOff } from '../rules/cooling-off';
import { daysBetween } from './dates';
import { DomainError } from './errors';
import { toCents } from './money';
import type { Amount, IsoDate } from './types';

export const REFUND_BASES = ['paid', 'unearned', 'none'] as const;
/** paid: all the paid premium; unearned: paid − earned − fee; none: nothing. */
export type RefundBasis = (typeof REFUND_BASES)[number];

/** Reason types that are a withdrawal by the holder: the cooling-off period decides. */
const WITHDRAWALS = ['Withdrawal', 'ClientRequest'];
const WHOLE_PREMIUM = ['DeclineByScreening', 'Duplicate'];
const PRO_RATA = ['Surrender', 'InsurerDecision'];
const NOTHING = ['ClosedByClaim'];

export interface RefundInput {
	/** cancellation_requests.reason_type, of a policy or a master policy. */
	reasonType: string;
	premiumAmount: Amount;
	/** Premium received on the contract's installments. */
	paidAmount: Amount;
	beginDate: IsoDate;
	endDate: IsoDate;
	effectiveDate: IsoDate;
	/** The product's, else the settings' default; 0 or null: no cooling-off right. */
	coolingOffDays: number | null | undefined;
	/** The product's; null: none. */
	surrenderFee: Amount | null | undefined;
}

export interface Refund {
	/** What is paid back, in cents. */
	amountCents: number;
	basis: RefundBasis;
	paidCents: number;
	earnedCents: number;
	/** The surrender fee charged (0 unless the basis is unearned). */
	feeCents: number;
	withinCoolingOff: boolean;
}

function nonNegativeCents(value: Amount | null | undefined, field: string): number {
	const cents = value === null || value === undefined || value === '' ? 0 : toCents(value, field);
	if (cents < 0) throw new DomainError(field, `${field} must not be negative, got ${String(value)}`);
	return cents;
}

/** premium × days elapsed / days of the term, half-up, with the effective date held within the term. */
export function earnedPremiumCents(premiumCents: number, beginDate: IsoDate, endDate: IsoDate, effectiveDate: IsoDate): number {
	const term = daysBetween(beginDate, endDate, 'begin_date', 'end_date');
	if (term <= 0) throw new DomainError('end_date', `end_date ${endDate} must be after begin_date ${beginDate}`);
	const elapsed = Math.min(Math.max(daysBetween(beginDate, effectiveDate, 'begin_date', 'effective_date'), 0), term);
	// BigInt: a premium of up to 1e12 cents times a term of days passes 2^53.
	return Number((2n * BigInt(premiumCents) * BigInt(elapsed) + BigInt(term)) / (2n * BigInt(term)));
}

export function computeRefund(input: RefundInput): Refund {
	const premiumCents = nonNegativeCents(input.premiumAmount, 'premium_amount');
	const paidCents = nonNegativeCents(input.paidAmount, 'paid_amount');
	const feeCents = nonNegativeCents(input.surrenderFee, 'surrender_fee');
	const earnedCents = earnedPremiumCents(premiumCents, input.beginDate, input.endDate, input.effectiveDate);
	const withinCoolingOff = isWithinCoolingOff(input.beginDate, input.coolingOffDays, input.effectiveDate);

	const { reasonType } = input;
	let basis: RefundBasis;
	if (WITHDRAWALS.includes(reasonType)) basis = withinCoolingOff ? 'paid' : 'unearned';
	else if (WHOLE_PREMIUM.includes(reasonType)) basis = 'paid';
	else if (PRO_RATA.includes(reasonType)) basis = 'unearned';
	else if (NOTHING.includes(reasonType)) basis = 'none';
	else throw new DomainError('reason_type', `reason_type "${reasonType}" has no refund rule`);

	const base = { basis, paidCents, earnedCents, withinCoolingOff };
	if (basis === 'paid') return { ...base, amountCents: paidCents, feeCents: 0 };
	if (basis === 'none') return { ...base, amountCents: 0, feeCents: 0 };
	return { ...base, amountCents: Math.max(0, paidCents - earnedCents - feeCents), feeCents };
}
