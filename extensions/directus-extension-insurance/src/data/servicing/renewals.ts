// Renewals (SPEC §11): a policy's next term is a new policy in Proposal with renewal_of pointing
// at it, the same client, product, portfolio, premium and coverage, and a term that begins the
// day after the old end date. The job and a person creating a policy with renewal_of (any write
// path: the item filter) build it here, so both refuse a product that is not renewable.
import type { Knex } from 'knex';
import { isRenewable, renewalNumber, renewalTerm } from '../../domain/rules';
import { InvalidInputError } from '../../errors';
import { isoDate } from '../values';

type Payload = Record<string, unknown>;

/** The key a renewal_of value names: a key or {id}; anything else is refused. */
function renewedKey(value: unknown): number {
	const key = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)['id'] : value;
	const id = typeof key === 'string' && key.trim() !== '' ? Number(key) : key;
	if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) throw new InvalidInputError({ field: 'renewal_of', problem: 'must name an existing policy by its id' });
	return id;
}

/**
 * The policy `renewing` renews, checked: it exists, its product is renewable and it has no
 * renewal yet (the unique renewal_of says so too, later and less clearly).
 */
export async function renewablePolicy(db: Knex, renewing: unknown, except?: number): Promise<Record<string, any>> {
	const id = renewedKey(renewing);
	const policy = await db('policies').join('products', 'products.id', 'policies.product').where('policies.id', id).first('policies.*', 'products.code as product_code', 'products.renewable');
	if (!policy) throw new InvalidInputError({ field: 'renewal_of', problem: `must name an existing policy, ${id} is none` });
	if (!isRenewable(policy)) throw new InvalidInputError({ field: 'renewal_of', problem: `policy ${policy.policy_number} cannot be renewed: its product ${policy.product_code} is not renewable` });
	const renewal = await db('policies').where('renewal_of', id).modify((q) => (except === undefined ? q : q.whereNot('id', except))).first('policy_number');
	if (renewal) throw new InvalidInputError({ field: 'renewal_of', problem: `policy ${policy.policy_number} is already renewed by ${renewal.policy_number}` });
	return policy;
}

/** The next term of `policy` as a create payload (before its schedule is generated); `term` its renewalTerm when the caller has it. */
export function renewalOf(policy: Record<string, any>, term = renewalTerm({ begin_date: isoDate(policy['begin_date']), end_date: isoDate(policy['end_date']) })): Payload {
	return {
		policy_number: renewalNumber(policy['policy_number']),
		client: policy['client'],
		product: policy['product'],
		portfolio: policy['portfolio'],
		premium_amount: policy['premium_amount'],
		coverage_limit: policy['coverage_limit'],
		currency: policy['currency'],
		days_after_unpaid_due_date: policy['days_after_unpaid_due_date'],
		...term,
		renewal_of: Number(policy['id']),
	};
}

/** A policy created with renewal_of: refused unless renewable, what it leaves out taken from the next term. */
export async function withRenewalTerms(payload: Payload, db: Knex): Promise<Payload> {
	if (payload['renewal_of'] === undefined || payload['renewal_of'] === null) return payload;
	const defaults = renewalOf(await renewablePolicy(db, payload['renewal_of']));
	const given = Object.fromEntries(Object.entries(payload).filter(([, value]) => value !== undefined && value !== null && value !== ''));
	return { ...defaults, ...given, renewal_of: defaults['renewal_of'] };
}
