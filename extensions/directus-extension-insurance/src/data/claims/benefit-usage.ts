// What adjudication reads about a policy: its contract (the product's benefits, deductible and
// the policy's dates and coverage) and what its Approved and Paid claims consumed (SPEC §9).
// Shared by the benefit balances endpoint, intake and the decision.
import type { Knex } from 'knex';
import { priorLineOf, type Contract, type PriorLine } from '../../domain/claims';
import { isoDate } from '../values';

/** Claims whose lines count against the limits; pending and rejected claims consume nothing. */
export const CONSUMING_STATUSES = ['Approved', 'Paid'] as const;

export interface PolicyContract extends Contract {
	policy: number;
	product: number;
	currency: string;
}

/** The contract of a policy, or null when there is no such policy. */
export async function readContract(db: Knex, policyId: number | string): Promise<PolicyContract | null> {
	const policy = await db('policies as p')
		.join('products as pr', 'p.product', 'pr.id')
		.where('p.id', policyId)
		.first('p.id', 'p.product', 'p.begin_date', 'p.end_date', 'p.coverage_limit', 'p.currency', 'pr.annual_deductible');
	if (!policy) return null;
	const benefits = await db('product_benefits')
		.where('product', policy.product)
		.orderBy('id')
		.select('kind', 'coverage_percent', 'copay_amount', 'per_claim_limit', 'annual_limit', 'annual_quantity_limit', 'waiting_period_days', 'requires_preauthorisation');
	return {
		policy: Number(policy.id),
		product: Number(policy.product),
		currency: policy.currency ?? 'EUR',
		begin_date: isoDate(policy.begin_date),
		end_date: isoDate(policy.end_date),
		coverage_limit: policy.coverage_limit ?? null,
		annual_deductible: policy.annual_deductible ?? null,
		benefits: benefits.map((row) => ({
			...row,
			annual_quantity_limit: row.annual_quantity_limit === null ? null : Number(row.annual_quantity_limit),
			waiting_period_days: row.waiting_period_days === null ? null : Number(row.waiting_period_days),
			// SQLite answers booleans as 0/1.
			requires_preauthorisation: Boolean(row.requires_preauthorisation),
		})),
	};
}

/** What the lines of the policy's Approved and Paid claims (but `exceptClaim`) consumed. */
export async function readPriorLines(db: Knex, policyId: number | string, exceptClaim?: number | string): Promise<PriorLine[]> {
	const rows: Record<string, any>[] = await db('claim_lines as l')
		.join('claims as c', 'l.claim', 'c.id')
		.where('c.policy', policyId)
		.whereIn('c.status', [...CONSUMING_STATUSES])
		.modify((query) => (exceptClaim === undefined ? query : query.whereNot('c.id', exceptClaim)))
		.orderBy('l.id')
		.select('l.kind', 'l.service_date', 'l.quantity', 'l.amount_claimed', 'l.amount_approved', 'l.amount_deductible', 'l.adjudication');
	return rows.map((row) =>
		priorLineOf({
			kind: row.kind,
			service_date: isoDate(row.service_date),
			quantity: Number(row.quantity),
			amount_claimed: row.amount_claimed ?? 0,
			amount_approved: row.amount_approved,
			amount_deductible: row.amount_deductible,
			adjudication: typeof row.adjudication === 'string' ? JSON.parse(row.adjudication) : row.adjudication,
		}),
	);
}
