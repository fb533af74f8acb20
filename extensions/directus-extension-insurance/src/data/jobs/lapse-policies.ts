// InForce → Lapsed when an installment is still Unpaid days_after_unpaid_due_date (contract >
// portfolio > settings) after its due date. Consequences (reference, "After a policy is moved in
// Lapsed status"): the end date becomes that due date; without registered claims the premium
// becomes the paid premium and the schedule keeps only the paid installments (allocations of
// partly paid removed installments go back to their payments as unallocated money); with
// claims the premium and the schedule stay.
import type { Knex } from 'knex';
import { isPolicyDueForLapse, lapseConsequences, resolveDaysParameter, resolveParameterWithSource } from '../../domain/rules';
import type { InstallmentStatus } from '../../domain/billing';
import { systemActor } from '../actor';
import { aggregateMasters } from '../billing/master';
import { dateValue, isoDate } from '../values';
import { inBatches } from './batch';
import type { JobContext } from './context';
import { plusDays } from './sql';

const JOB = 'lapse-policies';

/** Claims that count: anything filed (a draft or a withdrawn claim was never registered). */
export const hasRegisteredClaims = async (trx: Knex, policy: number) =>
	Boolean(await trx('claims').where('policy', policy).whereNotIn('status', ['Draft', 'Withdrawn']).first('id'));

export async function installmentsOf(trx: Knex, column: string, owner: number) {
	const table = column === 'policy' ? 'installments' : 'master_installments';
	const rows = await trx(table).where(column, owner).select('id', 'due_date', 'amount', 'paid_amount', 'status');
	return rows.map((row) => ({ ...row, due_date: isoDate(row.due_date), status: row.status as InstallmentStatus }));
}

export default {
	name: JOB,
	run: (context: JobContext) =>
		inBatches(
			context,
			'policies',
			(db, { asOf, settings }) =>
				db('policies')
					.join('installments', 'installments.policy', 'policies.id')
					.leftJoin('portfolios', 'portfolios.id', 'policies.portfolio')
					.where('policies.status', 'InForce')
					.where('installments.status', 'Unpaid')
					.where('installments.due_date', '<=', dateValue(db, asOf))
					.where(
						plusDays(db, 'installments.due_date', `coalesce(policies.days_after_unpaid_due_date, portfolios.days_after_unpaid_due_date, ${Number(settings.days_after_unpaid_due_date)})`),
						'<=',
						dateValue(db, asOf),
					),
			['policies.id as id'],
			async (session, rows) => {
				const { trx } = session;
				for (const { id } of rows) {
					const policy = await trx('policies').where('id', id).first();
					const portfolio = policy.portfolio ? await trx('portfolios').where('id', policy.portfolio).first() : null;
					const levels = { contract: policy, portfolio, settings: context.settings };
					const days = resolveDaysParameter('days_after_unpaid_due_date', levels);
					const source = resolveParameterWithSource('days_after_unpaid_due_date', levels).source;
					const installments = await installmentsOf(trx, 'policy', id);
					if (!isPolicyDueForLapse(policy, installments, days, context.asOf)) continue;
					const hasClaims = await hasRegisteredClaims(trx, id);
					const lapse = lapseConsequences({ policy: { premium_amount: policy.premium_amount, end_date: isoDate(policy.end_date) }, installments, hasClaims });
					const unpaid = installments.find((i) => i.id === lapse.unpaidInstallmentId)!;
					const consequence = lapse.premium_changed
						? `premium ${policy.premium_amount} → ${lapse.premium_amount}, schedule kept to the ${lapse.keepInstallmentIds.length} paid installments`
						: hasClaims
							? 'premium and schedule kept: the policy has claims'
							: 'premium unchanged';
					const reason = `Installment due ${unpaid.due_date} unpaid ${days} days (${source}) after its due date; end date ${lapse.end_date}, ${consequence}`;
					await session.transition({
						collection: 'policies',
						keys: [id],
						to: 'Lapsed',
						trigger: 'job',
						job: JOB,
						actor: systemActor(JOB),
						reason,
						fields: { end_date: lapse.end_date, status_reason: reason.slice(0, 255), ...(lapse.premium_changed ? { premium_amount: lapse.premium_amount } : {}) },
					});
					if (lapse.removeInstallmentIds.length > 0) {
						await trx('payment_allocations').whereIn('installment', lapse.removeInstallmentIds).delete();
						await trx('installments').whereIn('id', lapse.removeInstallmentIds).delete();
					}
					if (policy.master_policy) await aggregateMasters(session, [policy.master_policy], { trigger: 'job' });
				}
			},
		),
};
