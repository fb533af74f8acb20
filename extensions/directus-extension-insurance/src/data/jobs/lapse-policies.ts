// InForce → Lapsed when an installment is still Unpaid days_after_unpaid_due_date (contract >
// portfolio > settings) after its due date. Consequences (reference, "After a policy is moved in
// Lapsed status"): the end date becomes that due date; without registered claims the premium
// becomes the paid premium and the schedule keeps only the paid installments (allocations of
// partly paid removed installments go back to their payments as unallocated money); with
// claims the premium and the schedule stay.
import type { Knex } from 'knex';
import { isPolicyDueForLapse, lapseConsequences, resolveDaysParameter, resolveParameterWithSource, type LapseInstallment } from '../../domain/rules';
import type { InstallmentStatus } from '../../domain/billing';
import { systemActor } from '../actor';
import { aggregateMasters } from '../billing/master';
import { dateValue, isoDate } from '../values';
import { inBatches } from './batch';
import type { JobContext } from './context';
import { plusDays, whereKeyIn } from './sql';

const JOB = 'lapse-policies';

/** Ids per statement: well under every database's parameter limit. */
const CHUNK = 500;

/** Of `policies`, those with claims that count: anything filed (a draft or a withdrawn claim was never registered). */
async function policiesWithRegisteredClaims(trx: Knex, policies: number[]) {
	const rows: { policy: number | string }[] = await whereKeyIn(trx('claims'), trx, 'policy', policies).whereNotIn('status', ['Draft', 'Withdrawn']).distinct('policy');
	return new Set(rows.map((row) => Number(row.policy)));
}

/** The schedules of `owners` (policies, or master policies for master_policy), by owner. */
export async function installmentsOf(trx: Knex, column: 'policy' | 'master_policy', owners: number[]) {
	const table = column === 'policy' ? 'installments' : 'master_installments';
	const schedules = new Map<number, LapseInstallment<number>[]>();
	for (let index = 0; index < owners.length; index += CHUNK) {
		const rows = await whereKeyIn(trx(table), trx, column, owners.slice(index, index + CHUNK)).orderBy('id').select('id', column, 'due_date', 'amount', 'paid_amount', 'status');
		for (const row of rows) {
			const owner = Number(row[column]);
			const schedule = schedules.get(owner) ?? [];
			schedule.push({ id: row.id, due_date: isoDate(row.due_date), amount: row.amount, paid_amount: row.paid_amount, status: row.status as InstallmentStatus });
			schedules.set(owner, schedule);
		}
	}
	return schedules;
}

/**
 * InForce contracts with an installment still Unpaid more than their days after the due date
 * (contract, else portfolio, else settings), for policies and master policies alike.
 */
export function overdueContracts(
	db: Knex,
	contracts: 'policies' | 'master_policies',
	installments: 'installments' | 'master_installments',
	owner: 'policy' | 'master_policy',
	asOf: string,
	settings: { days_after_unpaid_due_date: number | string },
) {
	const days = `coalesce(${contracts}.days_after_unpaid_due_date, portfolios.days_after_unpaid_due_date, ${Number(settings.days_after_unpaid_due_date)})`;
	return db(contracts)
		.join(installments, `${installments}.${owner}`, `${contracts}.id`)
		.leftJoin('portfolios', 'portfolios.id', `${contracts}.portfolio`)
		.where(`${contracts}.status`, 'InForce')
		.where(`${installments}.status`, 'Unpaid')
		.where(`${installments}.due_date`, '<=', dateValue(db, asOf))
		.where(plusDays(db, `${installments}.due_date`, days), '<=', dateValue(db, asOf));
}

export default {
	name: JOB,
	run: (context: JobContext) =>
		inBatches(
			context,
			'policies',
			(db, { asOf, settings }) => overdueContracts(db, 'policies', 'installments', 'policy', asOf, settings),
			// The locked candidates are the page's policies, whole: the rule reads their parameters and dates.
			['policies.*'],
			async (session, rows) => {
				const { trx } = session;
				// The whole page in a few reads, the domain rule per policy, then set-based writes.
				const policies = rows.sort((a, b) => Number(a['id']) - Number(b['id']));
				const ids = policies.map((row) => Number(row['id']));
				const portfolioIds = [...new Set(policies.map((p) => p['portfolio']).filter((id) => id !== null && id !== undefined))];
				const portfolios = new Map((portfolioIds.length > 0 ? await whereKeyIn(trx('portfolios'), trx, 'id', portfolioIds) : []).map((row: Record<string, any>) => [String(row['id']), row]));
				const installments = await installmentsOf(trx, 'policy', ids);
				const withClaims = await policiesWithRegisteredClaims(trx, ids);

				const perItem = new Map<string, { reason: string; fields: Record<string, unknown> }>();
				const removed: number[] = [];
				const masters = new Set<number>();
				for (const policy of policies) {
					const id = Number(policy['id']);
					const portfolio = policy['portfolio'] ? (portfolios.get(String(policy['portfolio'])) ?? null) : null;
					const levels = { contract: policy, portfolio, settings: context.settings };
					const days = resolveDaysParameter('days_after_unpaid_due_date', levels);
					const source = resolveParameterWithSource('days_after_unpaid_due_date', levels).source;
					const schedule = installments.get(id) ?? [];
					if (!isPolicyDueForLapse(policy as { status: string }, schedule, days, context.asOf)) continue;
					const hasClaims = withClaims.has(id);
					const lapse = lapseConsequences({ policy: { premium_amount: policy['premium_amount'], end_date: isoDate(policy['end_date']) }, installments: schedule, hasClaims });
					const unpaid = schedule.find((i) => i.id === lapse.unpaidInstallmentId)!;
					const consequence = lapse.premium_changed
						? `premium ${policy['premium_amount']} → ${lapse.premium_amount}, schedule kept to the ${lapse.keepInstallmentIds.length} paid installments`
						: hasClaims
							? 'premium and schedule kept: the policy has claims'
							: 'premium unchanged';
					const reason = `Installment due ${unpaid.due_date} unpaid ${days} days (${source}) after its due date; end date ${lapse.end_date}, ${consequence}`;
					perItem.set(String(id), {
						reason,
						fields: { end_date: lapse.end_date, status_reason: reason.slice(0, 255), ...(lapse.premium_changed ? { premium_amount: lapse.premium_amount } : {}) },
					});
					removed.push(...lapse.removeInstallmentIds);
					if (policy['master_policy']) masters.add(Number(policy['master_policy']));
				}
				if (perItem.size === 0) return;

				await session.transition({
					collection: 'policies',
					keys: [...perItem.keys()],
					to: 'Lapsed',
					trigger: 'job',
					job: JOB,
					actor: systemActor(JOB),
					perItem,
				});
				// Their allocations go with them (on delete cascade): that money is unallocated again.
				for (let index = 0; index < removed.length; index += CHUNK) await whereKeyIn(trx('installments'), trx, 'id', removed.slice(index, index + CHUNK)).delete();
				if (masters.size > 0) await aggregateMasters(session, [...masters], { trigger: 'job' });
			},
		),
};
