// Adjudication (SPEC §9): what the contract pays for each line of a claim, and why the rest is
// not paid. Pure: amounts in integer cents inside, 2-decimal strings outside; dates 'YYYY-MM-DD'.
//
// Per line, lines taken by service date then position:
//   1. no benefit for the kind → all NOT_COVERED; before begin_date + waiting_period_days → all
//      WAITING_PERIOD (a date after end_date is outside the contract: all NOT_COVERED);
//   2. units beyond what annual_quantity_limit leaves → QUANTITY_LIMIT; the rest is eligible;
//   3. deductible, 4. co-pay, 5. co-insurance (half-up to the cent);
//   6. caps: per-claim limit of the kind, annual limit of the kind, the policy's coverage limit.
// "Left" counts the policy's other Approved/Paid claims (`prior`) and the lines of this claim
// already taken. amount_claimed = amount_benefit + Σ adjudication amounts, every part ≥ 0.
//
// Where SPEC is silent, decided here:
// - Annual limits, the deductible and quantities are per policy year; the coverage limit is for
//   the whole contract (paid claims exhausting it close the policy, SPEC §6), never reset.
// - A line cut whole in step 1 consumes nothing: no units, no deductible.
// - PREAUTHORISATION_REQUIRED and DUPLICATE_SUSPECTED are flags of amount 0: the proposal is what
//   the contract pays once a person has confirmed the line, so the handler sees the figure, and
//   the claim cannot be approved by the system. The flag is set only on lines that pass step 1.
// - Used amounts are the final benefits (after every cap) of this claim's earlier lines, and the
//   approved amounts of prior lines; used deductible and units are what the prior lines' proposals
//   consumed (`amount_deductible`, and the units `priorLineOf` reads back), whatever a handler approved.
// - The quantity cut is the excess units × unit amount, which is exact in cents; a stored
//   amount_claimed that is not quantity × unit amount is cut in proportion, half-up.
import { DateTime } from 'luxon';
import { addDays, compareDates, parseIsoDate, toIsoDate } from '../billing/dates';
import { DomainError } from '../billing/errors';
import { fromCents, sumCents, toCents } from '../billing/money';
import type { Amount, IsoDate } from '../billing/types';
import type { Benefit } from './benefits';

export const ADJUDICATION_CODES = [
	'NOT_COVERED',
	'WAITING_PERIOD',
	'QUANTITY_LIMIT',
	'DEDUCTIBLE',
	'COPAY',
	'COINSURANCE',
	'PER_CLAIM_LIMIT',
	'ANNUAL_LIMIT',
	'COVERAGE_LIMIT',
	'DUPLICATE_SUSPECTED',
	'PREAUTHORISATION_REQUIRED',
	'MANUAL_ADJUSTMENT',
] as const;
export type AdjudicationCode = (typeof ADJUDICATION_CODES)[number];

/** One entry of `claim_lines.adjudication`: an amount not paid (or a flag of 0) and why. */
export interface Cut {
	code: AdjudicationCode;
	amount: string;
	note: string;
}

/** What the product and the policy say: the inputs that do not change from claim to claim. */
export interface Contract {
	benefits: readonly Benefit[];
	annual_deductible?: Amount | null;
	begin_date: IsoDate;
	end_date: IsoDate;
	coverage_limit?: Amount | null;
}

/**
 * A line (or a sum of lines of one kind and date) of the policy's other claims that are Approved
 * or Paid: what it consumed of the limits. `units` are the units that counted (its proposal's
 * `units_eligible`), `amount_deductible` its proposal's deductible.
 */
export interface PriorLine {
	kind: string;
	service_date: IsoDate;
	units: number;
	amount_approved: Amount;
	amount_deductible?: Amount | null;
}

/** A stored claim line of an Approved/Paid claim, as the adapter reads it. */
export interface DecidedLine {
	kind: string;
	service_date: IsoDate;
	quantity: number;
	amount_claimed: Amount;
	amount_approved: Amount | null;
	amount_deductible?: Amount | null;
	adjudication?: readonly Pick<Cut, 'code' | 'amount'>[] | null;
}

/**
 * What a decided line consumed: its units less those its proposal cut (none if cut whole),
 * read back from the stored adjudication, so no unit count has to be stored beside it.
 */
export function priorLineOf(line: DecidedLine): PriorLine {
	const cuts = line.adjudication ?? [];
	const claimed = toCents(line.amount_claimed, 'amount_claimed');
	const quantityCut = sumCents(cuts.filter((entry) => entry.code === 'QUANTITY_LIMIT').map((entry) => toCents(entry.amount)));
	const whole = cuts.some((entry) => entry.code === 'NOT_COVERED' || entry.code === 'WAITING_PERIOD');
	const excess = claimed === 0 ? 0 : halfUp(BigInt(quantityCut) * BigInt(line.quantity), BigInt(claimed));
	return {
		kind: line.kind,
		service_date: line.service_date,
		units: whole ? 0 : Math.max(0, line.quantity - excess),
		amount_approved: line.amount_approved ?? 0,
		amount_deductible: line.amount_deductible ?? 0,
	};
}

export interface LineToAdjudicate {
	kind: string;
	service_date: IsoDate;
	quantity: number;
	unit_amount: Amount;
	/** Defaults to quantity × unit amount. */
	amount_claimed?: Amount | null;
	/** Content hash of the receipt file, for duplicate suspicion. */
	receipt_hash?: string | null;
}

/** A line of the client's other claims (not Rejected/Withdrawn), for duplicate suspicion. */
export interface OtherClaimLine {
	claim: string | number;
	kind: string;
	service_date: IsoDate;
	amount_claimed: Amount;
	receipt_hash?: string | null;
}

export interface LineProposal {
	/** First day of the policy year the line falls in. */
	policy_year: IsoDate;
	units_eligible: number;
	amount_claimed: string;
	amount_eligible: string;
	amount_deductible: string;
	amount_copay: string;
	amount_benefit: string;
	adjudication: Cut[];
}

export interface ClaimProposal {
	/** In the order the lines were given. */
	lines: LineProposal[];
	total_claimed: string;
	total_benefit: string;
}

export interface PolicyYear {
	begin_date: IsoDate;
	end_date: IsoDate;
	/** 0 for the first year; negative before the policy begins. */
	index: number;
}

/** The policy year `date` falls in: each anniversary of `beginDate` starts one (29 Feb → 28 Feb). */
export function policyYearOf(beginDate: IsoDate, date: IsoDate, field = 'service_date'): PolicyYear {
	const begin = parseIsoDate(beginDate, 'begin_date', 'UTC');
	const day = parseIsoDate(date, field, 'UTC');
	// Each anniversary from the begin date itself, so a 29 February start does not drift.
	const anniversary = (index: number) => begin.plus({ years: index });
	let index = day.year - begin.year;
	if (anniversary(index) > day) index -= 1;
	return { begin_date: toIsoDate(anniversary(index)), end_date: toIsoDate(anniversary(index + 1).minus({ days: 1 }) as DateTime<true>), index };
}

/** Usage of one policy year: deductible consumed, and per kind the benefit paid and units counted. */
interface YearUsage {
	deductible: number;
	kinds: Map<string, { amount: number; units: number }>;
}

class Ledger {
	readonly years = new Map<IsoDate, YearUsage>();
	coverageUsed = 0;

	constructor(private readonly beginDate: IsoDate) {}

	year(date: IsoDate, field: string): { year: PolicyYear; usage: YearUsage } {
		const year = policyYearOf(this.beginDate, date, field);
		let usage = this.years.get(year.begin_date);
		if (!usage) this.years.set(year.begin_date, (usage = { deductible: 0, kinds: new Map() }));
		return { year, usage };
	}

	static kind(usage: YearUsage, kind: string) {
		let used = usage.kinds.get(kind);
		if (!used) usage.kinds.set(kind, (used = { amount: 0, units: 0 }));
		return used;
	}

	static of(contract: Contract, prior: readonly PriorLine[]): Ledger {
		const ledger = new Ledger(contract.begin_date);
		prior.forEach((line, index) => {
			const field = `prior[${index}]`;
			const { usage } = ledger.year(line.service_date, `${field}.service_date`);
			const used = Ledger.kind(usage, line.kind);
			const approved = nonNegativeCents(line.amount_approved, `${field}.amount_approved`);
			used.amount += approved;
			used.units += wholeUnits(line.units, `${field}.units`, 0);
			usage.deductible += nonNegativeCents(line.amount_deductible ?? 0, `${field}.amount_deductible`);
			ledger.coverageUsed += approved;
		});
		return ledger;
	}
}

/** A benefit's figures in cents (percent in hundredths); null limits are no limit. */
interface Rule {
	percent: number;
	copay: number;
	perClaim: number | null;
	annual: number | null;
	quantity: number | null;
	waitingDays: number;
	preauthorisation: boolean;
}

function ruleOf(benefit: Benefit, field: string): Rule {
	const percent = toCents(benefit.coverage_percent, `${field}.coverage_percent`);
	if (percent < 0 || percent > 100_00) throw new DomainError(`${field}.coverage_percent`, 'must be a percentage from 0 to 100');
	return {
		percent,
		copay: optionalCents(benefit.copay_amount, `${field}.copay_amount`) ?? 0,
		perClaim: optionalCents(benefit.per_claim_limit, `${field}.per_claim_limit`),
		annual: optionalCents(benefit.annual_limit, `${field}.annual_limit`),
		quantity: benefit.annual_quantity_limit === null || benefit.annual_quantity_limit === undefined ? null : wholeUnits(benefit.annual_quantity_limit, `${field}.annual_quantity_limit`, 0),
		waitingDays: wholeUnits(benefit.waiting_period_days ?? 0, `${field}.waiting_period_days`, 0),
		preauthorisation: benefit.requires_preauthorisation === true,
	};
}

function rulesOf(contract: Contract): Map<string, Rule> {
	const rules = new Map<string, Rule>();
	contract.benefits.forEach((benefit, index) => {
		if (rules.has(benefit.kind)) throw new DomainError(`benefits[${index}].kind`, `has a second benefit for "${benefit.kind}"`);
		rules.set(benefit.kind, ruleOf(benefit, `benefits[${index}]`));
	});
	return rules;
}

/**
 * Adjudicates a claim's lines against the contract, counting what `prior` (the policy's other
 * Approved/Paid claims) used; with `others`, lines that look like another claim's are flagged.
 */
export function adjudicateClaim(input: { contract: Contract; prior?: readonly PriorLine[]; lines: readonly LineToAdjudicate[]; others?: readonly OtherClaimLine[] }): ClaimProposal {
	const { contract, lines } = input;
	const rules = rulesOf(contract);
	const ledger = Ledger.of(contract, input.prior ?? []);
	const deductible = optionalCents(contract.annual_deductible, 'annual_deductible') ?? 0;
	const coverageLimit = optionalCents(contract.coverage_limit, 'coverage_limit');
	const perClaimUsed = new Map<string, number>();

	const order = lines.map((line, index) => ({ line, index, date: parseIsoDate(line.service_date, `lines[${index}].service_date`, 'UTC').toMillis() }));
	order.sort((a, b) => a.date - b.date || a.index - b.index);

	const proposals: LineProposal[] = new Array(lines.length);
	for (const { line, index } of order) {
		const field = `lines[${index}]`;
		const quantity = wholeUnits(line.quantity, `${field}.quantity`, 1);
		const unit = nonNegativeCents(line.unit_amount, `${field}.unit_amount`);
		const claimed = line.amount_claimed === null || line.amount_claimed === undefined ? quantity * unit : nonNegativeCents(line.amount_claimed, `${field}.amount_claimed`);
		const { year, usage } = ledger.year(line.service_date, `${field}.service_date`);
		const duplicate = duplicateSuspicion({ ...line, amount_claimed: fromCents(claimed) }, input.others ?? []);
		const proposal = (parts: { units: number; eligible: number; deductible: number; copay: number; benefit: number }, cuts: Cut[]): LineProposal => ({
			policy_year: year.begin_date,
			units_eligible: parts.units,
			amount_claimed: fromCents(claimed),
			amount_eligible: fromCents(parts.eligible),
			amount_deductible: fromCents(parts.deductible),
			amount_copay: fromCents(parts.copay),
			amount_benefit: fromCents(parts.benefit),
			adjudication: duplicate ? [...cuts, duplicate] : cuts,
		});
		const whole = (code: AdjudicationCode, note: string) => proposal({ units: 0, eligible: 0, deductible: 0, copay: 0, benefit: 0 }, claimed > 0 ? [cut(code, claimed, note)] : []);

		// 1. Is the line covered at all?
		const rule = rules.get(line.kind);
		if (!rule) {
			proposals[index] = whole('NOT_COVERED', `the product has no benefit for "${line.kind}"`);
			continue;
		}
		const coveredFrom = addDays(contract.begin_date, rule.waitingDays, 'begin_date');
		if (compareDates(line.service_date, coveredFrom) < 0) {
			proposals[index] = whole('WAITING_PERIOD', `"${line.kind}" is covered from ${coveredFrom} (waiting period of ${rule.waitingDays} days from ${contract.begin_date})`);
			continue;
		}
		if (compareDates(line.service_date, contract.end_date, 'service_date', 'end_date') > 0) {
			proposals[index] = whole('NOT_COVERED', `the service date is after the policy's end date ${contract.end_date}`);
			continue;
		}

		const cuts: Cut[] = [];
		const used = Ledger.kind(usage, line.kind);
		// 2. Units the policy year still allows.
		let units = quantity;
		let eligible = claimed;
		if (rule.quantity !== null) {
			const unitsLeft = Math.max(0, rule.quantity - used.units);
			units = Math.min(quantity, unitsLeft);
			const excess = quantity - units;
			if (excess > 0) {
				const amount = excess === quantity ? claimed : halfUp(BigInt(claimed) * BigInt(excess), BigInt(quantity));
				eligible -= amount;
				cuts.push(cut('QUANTITY_LIMIT', amount, `${excess} of ${quantity} units beyond the ${rule.quantity} a policy year allows (${unitsLeft} left)`));
			}
		}
		used.units += units;

		// 3.–5. The insured's own shares.
		const deductibleLeft = Math.max(0, deductible - usage.deductible);
		const deducted = Math.min(eligible, deductibleLeft);
		usage.deductible += deducted;
		if (deducted > 0) cuts.push(cut('DEDUCTIBLE', deducted, `annual deductible ${fromCents(deductible)} of the policy year from ${year.begin_date}; ${fromCents(deductibleLeft)} was left`));
		const copay = Math.min(eligible - deducted, rule.copay);
		if (copay > 0) cuts.push(cut('COPAY', copay, `co-pay of ${fromCents(rule.copay)} per line`));
		const rest = eligible - deducted - copay;
		let benefit = halfUp(BigInt(rest) * BigInt(rule.percent), 100_00n);
		if (rest - benefit > 0) cuts.push(cut('COINSURANCE', rest - benefit, `${fromCents(rule.percent)} % of ${fromCents(rest)} is reimbursed`));

		// 6. Caps, each on what the previous one left.
		const cap = (code: AdjudicationCode, limit: number | null, usedSoFar: number, what: string) => {
			if (limit === null) return;
			const left = Math.max(0, limit - usedSoFar);
			if (benefit <= left) return;
			cuts.push(cut(code, benefit - left, `${what} ${fromCents(limit)}; ${fromCents(left)} was left`));
			benefit = left;
		};
		cap('PER_CLAIM_LIMIT', rule.perClaim, perClaimUsed.get(line.kind) ?? 0, `per-claim limit for "${line.kind}"`);
		cap('ANNUAL_LIMIT', rule.annual, used.amount, `annual limit for "${line.kind}" in the policy year from ${year.begin_date}`);
		cap('COVERAGE_LIMIT', coverageLimit, ledger.coverageUsed, "the policy's coverage limit");
		perClaimUsed.set(line.kind, (perClaimUsed.get(line.kind) ?? 0) + benefit);
		used.amount += benefit;
		ledger.coverageUsed += benefit;

		if (rule.preauthorisation) cuts.push(cut('PREAUTHORISATION_REQUIRED', 0, `"${line.kind}" needs the insurer's prior authorisation: a person confirms it`));
		proposals[index] = proposal({ units, eligible, deductible: deducted, copay, benefit }, cuts);
	}

	return {
		lines: proposals,
		total_claimed: fromCents(sumCents(proposals.map((line) => toCents(line.amount_claimed)))),
		total_benefit: fromCents(sumCents(proposals.map((line) => toCents(line.amount_benefit)))),
	};
}

/**
 * DUPLICATE_SUSPECTED (amount 0) when another claim of the client that is not Rejected/Withdrawn
 * has a receipt with the same content hash, or a line of the same kind, date and amount.
 * Lines of the same claim are not compared: two equal consultations on one claim are plausible.
 */
export function duplicateSuspicion(line: Omit<OtherClaimLine, 'claim'>, others: readonly OtherClaimLine[]): Cut | null {
	const sameReceipt = line.receipt_hash ? others.find((other) => other.receipt_hash === line.receipt_hash) : undefined;
	if (sameReceipt) return cut('DUPLICATE_SUSPECTED', 0, `the same receipt is on claim ${sameReceipt.claim}`);
	const claimed = toCents(line.amount_claimed, 'amount_claimed');
	const same = others.find((other) => other.kind === line.kind && other.service_date === line.service_date && toCents(other.amount_claimed) === claimed);
	return same ? cut('DUPLICATE_SUSPECTED', 0, `claim ${same.claim} has a "${line.kind}" line of ${fromCents(claimed)} on ${line.service_date} too`) : null;
}

/**
 * Whether the system may approve the claim at intake: a total benefit above 0 and up to the
 * product's auto_approve_limit (null: never), no line flagged for a person, a receipt on every
 * line. A claim that would pay nothing is left to a person, who explains the refusal.
 */
export function straightThrough(proposal: ClaimProposal, receipts: readonly boolean[], autoApproveLimit: Amount | null | undefined): { ok: true } | { ok: false; reason: string } {
	if (autoApproveLimit === null || autoApproveLimit === undefined) return { ok: false, reason: 'the product approves no claim by itself' };
	const total = toCents(proposal.total_benefit);
	const limit = toCents(autoApproveLimit, 'auto_approve_limit');
	if (total <= 0) return { ok: false, reason: 'the claim pays nothing' };
	if (total > limit) return { ok: false, reason: `the total benefit ${proposal.total_benefit} is above the automatic approval limit ${fromCents(limit)}` };
	for (const [index, line] of proposal.lines.entries()) {
		const flag = line.adjudication.find((entry) => entry.code === 'DUPLICATE_SUSPECTED' || entry.code === 'PREAUTHORISATION_REQUIRED');
		if (flag) return { ok: false, reason: `line ${index + 1}: ${flag.code}` };
		if (receipts[index] !== true) return { ok: false, reason: `line ${index + 1} has no receipt` };
	}
	return { ok: true };
}

/**
 * A handler's decision on a line: the proposal's cuts stay, and any difference between the
 * proposed benefit and the approved amount is one MANUAL_ADJUSTMENT carrying the reason, so
 * amount_claimed = amount_approved + Σ adjudication amounts still holds. Approving more than
 * proposed (waiving a cut as a gesture) makes it the one negative entry: the record shows both
 * what the contract said and what the person decided.
 */
export function overrideLine(proposal: Pick<LineProposal, 'amount_claimed' | 'amount_benefit' | 'adjudication'>, amountApproved: Amount, reason: string | null | undefined, field = 'amount_approved'): { amount_approved: string; adjudication: Cut[] } {
	const claimed = toCents(proposal.amount_claimed);
	const approved = toCents(amountApproved, field);
	if (approved < 0) throw new DomainError(field, 'must not be negative');
	if (approved > claimed) throw new DomainError(field, `must not exceed the amount claimed (${proposal.amount_claimed})`);
	const adjustment = toCents(proposal.amount_benefit) - approved;
	const cuts = proposal.adjudication.filter((entry) => entry.code !== 'MANUAL_ADJUSTMENT');
	if (adjustment === 0) return { amount_approved: fromCents(approved), adjudication: cuts };
	const note = reason?.trim();
	if (!note) throw new DomainError('rejection_reason', `is required when the approved amount differs from the proposed ${proposal.amount_benefit}`);
	return { amount_approved: fromCents(approved), adjudication: [...cuts, { code: 'MANUAL_ADJUSTMENT', amount: fromCents(adjustment), note }] };
}

export interface BenefitBalance {
	kind: string;
	annual_limit: string | null;
	used: string;
	/** null: no annual limit. */
	left: string | null;
	annual_quantity_limit: number | null;
	quantity_used: number;
	quantity_left: number | null;
}

export interface BenefitBalances {
	policy_year: { begin_date: IsoDate; end_date: IsoDate };
	deductible: { annual_deductible: string; used: string; left: string };
	coverage: { coverage_limit: string | null; used: string; left: string | null };
	benefits: BenefitBalance[];
}

/** What the policy year of `asOf` has used and has left (`GET /insurance/policies/:id/benefits`). */
export function benefitBalances(contract: Contract, prior: readonly PriorLine[], asOf: IsoDate): BenefitBalances {
	const rules = rulesOf(contract);
	const ledger = Ledger.of(contract, prior);
	const { year, usage } = ledger.year(asOf, 'year_of');
	const deductible = optionalCents(contract.annual_deductible, 'annual_deductible') ?? 0;
	const coverageLimit = optionalCents(contract.coverage_limit, 'coverage_limit');
	const left = (limit: number | null, used: number) => (limit === null ? null : Math.max(0, limit - used));
	const money = (cents: number | null) => (cents === null ? null : fromCents(cents));
	return {
		policy_year: { begin_date: year.begin_date, end_date: year.end_date },
		deductible: { annual_deductible: fromCents(deductible), used: fromCents(usage.deductible), left: fromCents(left(deductible, usage.deductible)!) },
		coverage: { coverage_limit: money(coverageLimit), used: fromCents(ledger.coverageUsed), left: money(left(coverageLimit, ledger.coverageUsed)) },
		benefits: [...rules].map(([kind, rule]) => {
			const used = Ledger.kind(usage, kind);
			return {
				kind,
				annual_limit: money(rule.annual),
				used: fromCents(used.amount),
				left: money(left(rule.annual, used.amount)),
				annual_quantity_limit: rule.quantity,
				quantity_used: used.units,
				quantity_left: left(rule.quantity, used.units),
			};
		}),
	};
}

function cut(code: AdjudicationCode, cents: number, note: string): Cut {
	return { code, amount: fromCents(cents), note };
}

/** n / d rounded half-up, for n ≥ 0 and d > 0 (BigInt: 1e12 cents × 10 000 passes 2^53). */
function halfUp(n: bigint, d: bigint): number {
	return Number((2n * n + d) / (2n * d));
}

function optionalCents(value: Amount | null | undefined, field: string): number | null {
	if (value === null || value === undefined || value === '') return null;
	return nonNegativeCents(value, field);
}

function nonNegativeCents(value: Amount, field: string): number {
	const cents = toCents(value, field);
	if (cents < 0) throw new DomainError(field, 'must not be negative');
	return cents;
}

function wholeUnits(value: number, field: string, min: number): number {
	if (!Number.isSafeInteger(value) || value < min) throw new DomainError(field, `must be a whole number of ${min} or more, got ${String(value)}`);
	return value;
}
