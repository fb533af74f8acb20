// Claim arithmetic and rules: line amounts and totals, line-by-line decisions, who decides
// above the approval limit, coverage used by paid claims, claim numbers and the service level.
// Pure: amounts in integer cents, dates as 'YYYY-MM-DD'; adapters read and write the rows.
import { compareDates, localDate, parseIsoDate } from '../billing/dates';
import { DomainError } from '../billing/errors';
import { fromCents, sumCents, toCents } from '../billing/money';
import type { Amount, IsoDate } from '../billing/types';
import { addBusinessDays, type Holidays } from '../rules/business-days';
import { overrideLine, type Cut } from './adjudication';
import { DECIDE_ABOVE_LIMIT, holds, type Rights } from '../lifecycles';

export const CLAIM_CHANNELS = ['portal', 'call_center', 'api'] as const;
export type ClaimChannel = (typeof CLAIM_CHANNELS)[number];

/** Statuses in which a claim waits for a decision: the service level runs, the client may still withdraw some. */
export const AWAITING_DECISION = ['Submitted', 'InReview', 'InformationRequested', 'PendingApproval'] as const;

/** Receipts: scans and photos a claims handler can open, up to 10 MB each. */
export const RECEIPT_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/heic', 'image/webp'] as const;
export const MAX_RECEIPT_BYTES = 10 * 1024 * 1024;

/** Bounds that keep one claim sensible and every total inside decimal(12,2). */
export const CLAIM_LIMITS = { lines: 100, quantity: 10_000, unitAmount: 1_000_000, description: 255 } as const;

export interface ClaimLineInput {
	kind: string;
	description: string;
	service_date: IsoDate;
	quantity: number;
	unit_amount: Amount;
}

export interface PricedLine extends ClaimLineInput {
	unit_amount: string;
	amount_claimed: string;
}

export interface CoveredPeriod {
	begin_date: IsoDate;
	end_date: IsoDate;
}

/** A line's field as the request names it: `lines[1].quantity` inside a claim, `quantity` on a line of its own. */
const lineField = (prefix: string, name: string) => (prefix ? `${prefix}.${name}` : name);

/** quantity × unit amount, in cents; the quantity is a whole number of units, the price positive. */
export function lineAmountCents(quantity: number, unitAmount: Amount, prefix = 'lines[0]'): number {
	if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > CLAIM_LIMITS.quantity) {
		throw new DomainError(lineField(prefix, 'quantity'), `must be a whole number from 1 to ${CLAIM_LIMITS.quantity}`);
	}
	const unit = toCents(unitAmount, lineField(prefix, 'unit_amount'));
	if (unit <= 0) throw new DomainError(lineField(prefix, 'unit_amount'), 'must be a positive amount of at least 0.01');
	if (unit > CLAIM_LIMITS.unitAmount * 100) throw new DomainError(lineField(prefix, 'unit_amount'), `must be at most ${CLAIM_LIMITS.unitAmount}`);
	return quantity * unit;
}

/**
 * Prices one line and checks its kind (one of `kinds`, the active `claim_line_kinds` codes) and
 * its service date: a real date inside the policy period, not in the future. Errors name the
 * field under `prefix` (e.g. `lines[1].service_date`).
 */
export function priceLine(line: ClaimLineInput, period: CoveredPeriod, today: IsoDate, kinds: readonly string[], prefix = 'lines[0]'): PricedLine & { cents: number } {
	if (!kinds.includes(line.kind)) {
		throw new DomainError(lineField(prefix, 'kind'), `must be one of the active claim kinds: ${kinds.join(', ')}`);
	}
	const dateField = lineField(prefix, 'service_date');
	parseIsoDate(line.service_date, dateField);
	if (compareDates(line.service_date, period.begin_date) < 0 || compareDates(line.service_date, period.end_date) > 0) {
		throw new DomainError(dateField, `must be inside the policy period ${period.begin_date} to ${period.end_date}`);
	}
	if (compareDates(line.service_date, today) > 0) throw new DomainError(dateField, `must not be in the future (today is ${today})`);
	const cents = lineAmountCents(line.quantity, line.unit_amount, prefix);
	return { ...line, unit_amount: fromCents(toCents(line.unit_amount)), amount_claimed: fromCents(cents), cents };
}

/** Prices the lines of a claim (at least one); errors name the line's field, e.g. `lines[1].service_date`. */
export function priceClaim(lines: readonly ClaimLineInput[], period: CoveredPeriod, today: IsoDate, kinds: readonly string[]): { lines: PricedLine[]; total_claimed: string } {
	if (lines.length === 0) throw new DomainError('lines', 'must contain at least one line');
	if (lines.length > CLAIM_LIMITS.lines) throw new DomainError('lines', `must contain at most ${CLAIM_LIMITS.lines} lines`);
	const priced = lines.map((line, index) => priceLine(line, period, today, kinds, `lines[${index}]`));
	const total = sumCents(priced.map((line) => line.cents));
	return { lines: priced.map(({ cents: _cents, ...line }) => line), total_claimed: fromCents(total) };
}

export interface ClaimLineState {
	id: number | string;
	amount_claimed: Amount;
	amount_approved?: Amount | null;
	rejection_reason?: string | null;
	/** The line's proposal (SPEC §9), once it was adjudicated. */
	amount_benefit?: Amount | null;
	adjudication?: readonly Cut[] | null;
}

export interface LineDecisionInput {
	id: number | string;
	amount_approved: Amount;
	rejection_reason?: string | null;
}

export interface LineDecision {
	id: number | string;
	amount_approved: string;
	rejection_reason: string | null;
	/** The proposal's cuts, with a MANUAL_ADJUSTMENT where the decision differs from it. */
	adjudication?: Cut[];
}

/**
 * Decides every line of a claim. With `decisions`, every line must be decided there. Without,
 * each line keeps the decision already on it (a handler's, or a referred claim's) and a line
 * without one is approved at its proposal's amount_benefit.
 */
export function decideLines(lines: readonly ClaimLineState[], decisions?: readonly LineDecisionInput[]): { lines: LineDecision[]; total_approved: string; approvedCents: number } {
	const byId = new Map(lines.map((line) => [String(line.id), line]));
	let decided: LineDecision[];
	if (decisions === undefined) {
		decided = lines.map((line) => {
			const amount = line.amount_approved ?? line.amount_benefit;
			if (amount === null || amount === undefined) throw new DomainError('lines', `is required: line ${line.id} has no decision and no proposal yet`);
			// A decision already taken stands with its reason, kept on the line or in its adjustment.
			const adjusted = line.adjudication?.find((entry) => entry.code === 'MANUAL_ADJUSTMENT')?.note;
			return decideLine(line, { id: line.id, amount_approved: amount, rejection_reason: line.rejection_reason ?? adjusted ?? null }, 'lines');
		});
	} else {
		const seen = new Set<string>();
		decided = decisions.map((decision, index) => {
			const field = `lines[${index}]`;
			const line = byId.get(String(decision.id));
			if (!line) throw new DomainError(`${field}.id`, `is not a line of this claim: ${decision.id}`);
			if (seen.has(String(decision.id))) throw new DomainError(`${field}.id`, `decides line ${decision.id} a second time`);
			seen.add(String(decision.id));
			return decideLine(line, decision, field);
		});
		const missing = lines.find((line) => !seen.has(String(line.id)));
		if (missing) throw new DomainError('lines', `must decide every line of the claim; line ${missing.id} is missing`);
	}
	const approvedCents = sumCents(decided.map((line) => toCents(line.amount_approved)));
	return { lines: decided, total_approved: fromCents(approvedCents), approvedCents };
}

/** Why a line approved at its proposal gets less than claimed: the proposal's own reasons. */
function proposalReasons(cuts: readonly Cut[]): string | null {
	const text = cuts
		.filter((entry) => toCents(entry.amount) > 0)
		.map((entry) => `${entry.code}: ${entry.note}`)
		.join('; ');
	return text ? text.slice(0, 255) : null;
}

/**
 * One line's decision: between 0 and the amount claimed, with a reason when less is approved;
 * approving the proposal's amount_benefit gives the proposal's reasons. On an adjudicated line,
 * a decision other than the proposal is a MANUAL_ADJUSTMENT carrying the handler's reason.
 */
export function decideLine(line: ClaimLineState, decision: LineDecisionInput, field: string): LineDecision {
	const claimed = toCents(line.amount_claimed);
	const approvedField = lineField(field, 'amount_approved');
	const approved = toCents(decision.amount_approved, approvedField);
	if (approved < 0) throw new DomainError(approvedField, 'must not be negative');
	if (approved > claimed) throw new DomainError(approvedField, `must not exceed the amount claimed (${fromCents(claimed)})`);
	const proposed = line.amount_benefit === null || line.amount_benefit === undefined ? null : toCents(line.amount_benefit);
	const cuts = line.adjudication ?? [];
	const given = decision.rejection_reason?.trim() || null;
	const reason = given ?? (approved === proposed ? proposalReasons(cuts) : null);
	if (approved < claimed && !reason) throw new DomainError(lineField(field, 'rejection_reason'), 'is required when less than the amount claimed is approved');
	// The reason stays whenever it explains something: less than claimed, or other than proposed.
	const explains = approved < claimed || (proposed !== null && approved !== proposed);
	const decided = { id: line.id, amount_approved: fromCents(approved), rejection_reason: explains ? reason : null };
	if (proposed === null) return decided;
	if (approved !== proposed && !given) throw new DomainError(lineField(field, 'rejection_reason'), `is required when the approved amount differs from the proposed ${fromCents(proposed)}`);
	const { adjudication } = overrideLine({ amount_claimed: fromCents(claimed), amount_benefit: fromCents(proposed), adjudication: [...cuts] }, fromCents(approved), given, approvedField);
	return { ...decided, adjudication };
}

/** The product's approval limit, or the insurer's default when the product has none. */
export function approvalLimitCents(productLimit: Amount | null | undefined, defaultLimit: Amount): number {
	return toCents(productLimit ?? defaultLimit, 'claim_approval_limit');
}

/** Who may approve above the limit: whoever holds the claim right DECIDE_ABOVE_LIMIT (administrators do). */
export function decidesAboveLimit(rights: Rights | undefined): boolean {
	return holds(rights, DECIDE_ABOVE_LIMIT);
}

/** Where an approval lands: above the limit, anyone without DECIDE_ABOVE_LIMIT only refers it. */
export function approvalOutcome(approvedCents: number, limitCents: number, rights: Rights | undefined): 'Approved' | 'PendingApproval' {
	return approvedCents > limitCents && !decidesAboveLimit(rights) ? 'PendingApproval' : 'Approved';
}

export interface Coverage {
	/** null: the policy has no coverage limit. */
	limitCents: number | null;
	usedCents: number;
	remainingCents: number | null;
	exhausted: boolean;
}

/** Coverage of a policy from the approved totals of its paid claims. */
export function coverage(limit: Amount | null | undefined, paidTotals: readonly Amount[]): Coverage {
	const usedCents = sumCents(paidTotals.map((total) => toCents(total, 'total_approved')));
	if (limit === null || limit === undefined) return { limitCents: null, usedCents, remainingCents: null, exhausted: false };
	const limitCents = toCents(limit, 'coverage_limit');
	const remainingCents = Math.max(0, limitCents - usedCents);
	return { limitCents, usedCents, remainingCents, exhausted: remainingCents === 0 };
}

/**
 * Whether approving `approvedCents` fits the coverage still free once paid claims and other
 * claims already approved (or awaiting a manager) are counted.
 */
export function fitsCoverage(cov: Coverage, committedCents: number, approvedCents: number): boolean {
	return cov.remainingCents === null || approvedCents <= cov.remainingCents - committedCents;
}

/** CLM-<year of submission>-<item id, 6 digits>: unique because the id is, readable on the phone. */
export function claimNumber(year: number, id: number | string): string {
	if (!Number.isSafeInteger(year) || year < 1900 || year > 9999) throw new DomainError('year', `must be a four-digit year, got ${String(year)}`);
	const digits = String(id);
	if (!/^\d+$/.test(digits)) throw new DomainError('id', `must be a positive integer id, got ${digits}`);
	return `CLM-${year}-${digits.padStart(6, '0')}`;
}

/** The insurer's local submission date and the date the decision is due (N business days later). */
export function serviceLevel(submittedAt: Date | string, timeZone: string, serviceLevelDays: number, holidays?: Holidays): { submitted_on: IsoDate; decision_due_date: IsoDate } {
	if (!Number.isSafeInteger(serviceLevelDays) || serviceLevelDays < 0) {
		throw new DomainError('claim_service_level_days', `must be a whole number of days >= 0, got ${String(serviceLevelDays)}`);
	}
	const submittedOn = localDate(submittedAt, timeZone);
	return { submitted_on: submittedOn, decision_due_date: addBusinessDays(submittedOn, serviceLevelDays, holidays) };
}

/** Overdue: still waiting for a decision after its due date (the due date itself is in time). */
export function isOverdue(status: string, decisionDueDate: IsoDate | null, today: IsoDate): boolean {
	return (AWAITING_DECISION as readonly string[]).includes(status) && decisionDueDate !== null && compareDates(decisionDueDate, today) < 0;
}

/**
 * The channel a claim comes in by, from who files it: a client through the portal, the call
 * center by phone, an integrator through the API. Other staff (a claims handler keying in a
 * paper claim) say which channel; the call center is the default for them.
 */
export function intakeChannel(actor: { kind: string; roles: readonly string[] }, requested?: string): { ok: true; channel: ClaimChannel } | { ok: false; problem: string } {
	const fixed: ClaimChannel | undefined =
		actor.kind === 'client' ? 'portal' : actor.roles.includes('Integrator') ? 'api' : actor.roles.includes('Call Center') ? 'call_center' : undefined;
	if (requested !== undefined && !(CLAIM_CHANNELS as readonly string[]).includes(requested)) return { ok: false, problem: `must be one of ${CLAIM_CHANNELS.join(', ')}` };
	if (fixed) return requested === undefined || requested === fixed ? { ok: true, channel: fixed } : { ok: false, problem: `must be "${fixed}" for you` };
	return { ok: true, channel: (requested as ClaimChannel | undefined) ?? 'call_center' };
}

/** A receipt the claims team can open: an allowed type, not empty, not too large. */
export function receiptProblem(file: { type: string | null; filesize: number | string | null }): string | null {
	if (!file.type || !(RECEIPT_TYPES as readonly string[]).includes(file.type)) return `must be one of ${RECEIPT_TYPES.join(', ')}, got ${file.type ?? 'an unknown type'}`;
	const size = Number(file.filesize ?? 0);
	if (!(size > 0)) return 'is an empty file';
	if (size > MAX_RECEIPT_BYTES) return `must be at most ${MAX_RECEIPT_BYTES / (1024 * 1024)} MB`;
	return null;
}
