// The schedule of a new policy, added to its create payload as nested installments so it
// commits with the policy. Rounding and proration: domain/billing/schedule.
import type { Knex } from 'knex';
import { generateSchedule, localDate, type PremiumFrequency, type SchedulePeriod } from '../../domain/billing';
import { InvalidInputError } from '../../errors';

type Payload = Record<string, unknown>;

const ISO_DAY = /^\d{4}-\d{2}-\d{2}/;

function dateField(payload: Payload, field: string): string {
	const value = payload[field];
	if (value === undefined || value === null || value === '') throw new InvalidInputError({ field, problem: 'is required to build the payment schedule' });
	if (typeof value !== 'string' || !ISO_DAY.test(value)) throw new InvalidInputError({ field, problem: `must be a date as YYYY-MM-DD, got ${JSON.stringify(value)}` });
	return value.slice(0, 10);
}

/**
 * The payload with its generated installments (unless the caller brings its own schedule, e.g.
 * a migration) and a proposal date (today in the insurer's time zone when missing).
 */
export async function withSchedule(payload: Payload, database: Knex): Promise<Payload> {
	const settings = await database('insurance_settings').first('time_zone');
	const proposal = payload['proposal_date'] ? {} : { proposal_date: localDate(new Date(), settings?.time_zone ?? 'UTC') };
	// The API sends an array, the app's relational interface {create, update, delete}.
	const given = payload['installments'] as unknown[] | { create?: unknown[] } | undefined;
	if ((Array.isArray(given) ? given : given?.create ?? []).length > 0) return { ...payload, ...proposal };

	const productId = payload['product'];
	const product = productId !== undefined && productId !== null && typeof productId !== 'object' ? await database('products').where('id', productId).first('premium_frequency') : undefined;
	if (!product) throw new InvalidInputError({ field: 'product', problem: 'must be an existing product (its premium frequency sets the schedule)' });
	const premium = payload['premium_amount'];
	if (premium === undefined || premium === null || premium === '') throw new InvalidInputError({ field: 'premium_amount', problem: 'is required to build the payment schedule' });
	// A DomainError (a bad amount or term) becomes a 400 at the hook boundary.
	const installments = newSchedule(premium as string | number, product.premium_frequency, dateField(payload, 'begin_date'), dateField(payload, 'end_date'));
	return { ...payload, ...proposal, installments };
}

/** The installments of a new term, nothing paid yet; `periods` the term's own when the caller has them. */
export function newSchedule(premiumAmount: string | number, frequency: string, beginDate: string, endDate: string, periods?: readonly SchedulePeriod[]) {
	return generateSchedule({ premiumAmount, frequency: frequency as PremiumFrequency, beginDate, endDate }, periods).map((row) => ({ ...row, paid_amount: 0, status: 'OnTime' }));
}
