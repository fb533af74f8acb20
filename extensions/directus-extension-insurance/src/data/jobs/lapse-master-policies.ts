// Master policy InForce → Lapsed when a master installment is still Unpaid
// days_after_unpaid_due_date (contract > portfolio > settings) after its due date (the oldest
// unpaid one, see domain/rules/master-policy-rules). Consequences: end date = that due date,
// premium = the paid premium, schedule trimmed to the paid master installments.
import { isMasterDueForLapse, masterLapseConsequences, resolveDaysParameter, resolveParameterWithSource } from '../../domain/rules';
import { systemActor } from '../actor';
import { isoDate } from '../values';
import { inBatches } from './batch';
import type { JobContext } from './context';
import { installmentsOf, overdueContracts } from './lapse-policies';
import { whereKeyIn } from './sql';

const JOB = 'lapse-master-policies';

export default {
	name: JOB,
	run: (context: JobContext) =>
		inBatches(
			context,
			'master_policies',
			(db, { asOf, settings }) => overdueContracts(db, 'master_policies', 'master_installments', 'master_policy', asOf, settings),
			['master_policies.id as id'],
			async (session, rows) => {
				const { trx } = session;
				for (const { id } of rows) {
					const master = await trx('master_policies').where('id', id).first();
					const portfolio = master.portfolio ? await trx('portfolios').where('id', master.portfolio).first() : null;
					const levels = { contract: master, portfolio, settings: context.settings };
					const days = resolveDaysParameter('days_after_unpaid_due_date', levels);
					const installments = (await installmentsOf(trx, 'master_policy', [Number(id)])).get(Number(id)) ?? [];
					if (!isMasterDueForLapse(master, installments, days, context.asOf)) continue;
					const lapse = masterLapseConsequences({ master: { premium_amount: master.premium_amount, end_date: isoDate(master.end_date) }, installments });
					const source = resolveParameterWithSource('days_after_unpaid_due_date', levels).source;
					const reason = `Master installment due ${lapse.end_date} unpaid ${days} days (${source}) after its due date; premium ${lapse.premium_amount}, schedule kept to the ${lapse.keepInstallmentIds.length} paid installments`;
					await session.transition({
						collection: 'master_policies',
						keys: [id],
						to: 'Lapsed',
						trigger: 'job',
						job: JOB,
						actor: systemActor(JOB),
						reason,
						fields: { end_date: lapse.end_date, premium_amount: lapse.premium_amount, status_reason: reason.slice(0, 255) },
					});
					if (lapse.removeInstallmentIds.length > 0) {
						await whereKeyIn(trx('installments'), trx, 'master_installment', lapse.removeInstallmentIds).update({ master_installment: null });
						await whereKeyIn(trx('master_installments'), trx, 'id', lapse.removeInstallmentIds).delete();
					}
				}
			},
		),
};
