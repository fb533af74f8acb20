// What a product reimburses per claim line kind (SPEC §9 `product_benefits`), and the checks a
// benefit row must pass before it is written. Pure: the adapter reads the known kind codes and
// the product's other benefits, and reports the problem under the field it names.
import { toCents } from '../billing/money';
import type { Amount } from '../billing/types';

/** A `product_benefits` row as the database or an API client hands it over. */
export interface Benefit {
	kind: string;
	/** 0–100, up to two decimals: share of the amount after deductible and co-pay reimbursed. */
	coverage_percent: Amount;
	copay_amount?: Amount | null;
	per_claim_limit?: Amount | null;
	annual_limit?: Amount | null;
	annual_quantity_limit?: number | null;
	waiting_period_days?: number | null;
	requires_preauthorisation?: boolean | null;
}

export interface BenefitProblem {
	field: string;
	problem: string;
}

const MONEY_FIELDS = ['copay_amount', 'per_claim_limit', 'annual_limit'] as const;
const COUNT_FIELDS = ['annual_quantity_limit', 'waiting_period_days'] as const;

/**
 * The first problem of a benefit row, or null. `benefit` is the row as it will be once written
 * (for an update: the stored row merged with the change); `otherKinds` are the kinds of the
 * product's other benefit rows, so one product never has two rules for the same kind.
 */
export function benefitProblem(benefit: Partial<Record<keyof Benefit | 'product', unknown>>, knownKinds: ReadonlySet<string>, otherKinds: ReadonlySet<string>): BenefitProblem | null {
	if (benefit.product === null || benefit.product === undefined || benefit.product === '') return { field: 'product', problem: 'is required' };
	const kind = benefit.kind;
	if (typeof kind !== 'string' || kind === '') return { field: 'kind', problem: 'is required: the code of a claim line kind' };
	if (!knownKinds.has(kind)) return { field: 'kind', problem: `is not a claim line kind: "${kind}" (known: ${[...knownKinds].sort().join(', ')})` };
	if (otherKinds.has(kind)) return { field: 'kind', problem: `"${kind}" already has a benefit on this product; edit that one instead` };

	const percent = amountOf(benefit.coverage_percent);
	if (percent === undefined) return { field: 'coverage_percent', problem: 'is required: a percentage from 0 to 100' };
	if (percent === null || percent < 0 || percent > 100_00) return { field: 'coverage_percent', problem: `must be a percentage from 0 to 100, got ${String(benefit.coverage_percent)}` };

	for (const field of MONEY_FIELDS) {
		const value = amountOf(benefit[field]);
		if (value === null || (value !== undefined && value < 0)) return { field, problem: `must be an amount of 0 or more (empty: no ${field === 'copay_amount' ? 'co-pay' : 'limit'}), got ${String(benefit[field])}` };
	}
	for (const field of COUNT_FIELDS) {
		const value = benefit[field];
		if (value === null || value === undefined || value === '') continue;
		const count = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
		if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) return { field, problem: `must be a whole number of 0 or more, got ${String(value)}` };
	}
	return null;
}

/** Cents (or hundredths of a percent) of a filled value, undefined when empty, null when unreadable. */
function amountOf(value: unknown): number | null | undefined {
	if (value === null || value === undefined || value === '') return undefined;
	if (typeof value !== 'number' && typeof value !== 'string') return null;
	try {
		return toCents(value);
	} catch {
		return null;
	}
}
