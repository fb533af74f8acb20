// renew-policies: an InForce policy of a renewable product gets its renewal proposal from
// renewal_notice_days before its end date, once (the unique renewal_of, and the candidates
// exclude what is renewed): the next term in Proposal with its schedule, and a renewal notice
// naming its first installment. From there it lives the policy lifecycle like any proposal.
import type { Knex } from 'knex';
import { addDays, schedulePeriods, type PremiumFrequency } from '../../domain/billing';
import { isDueForRenewal, renewalTerm } from '../../domain/rules';
import { systemActor } from '../actor';
import { newSchedule } from '../billing/schedule';
import { renewalOf } from '../servicing/renewals';
import { sendNotices, type Notice } from '../servicing/notices';
import { dateValue, isoDate } from '../values';
import { inBatches } from './batch';
import type { JobContext } from './context';
import { plusDays, whereKeyIn } from './sql';

const JOB = 'renew-policies';

/** `compute` remembered per distinct arguments. */
function onceEach<A extends string[], R>(compute: (...args: A) => R): (...args: A) => R {
	const results = new Map<string, R>();
	return (...args) => {
		const key = args.join('|');
		if (!results.has(key)) results.set(key, compute(...args));
		return results.get(key)!;
	};
}

/** The longest notice of any renewable product: the end dates the renewals of `asOf` fall in. */
async function longestNotice(db: Knex): Promise<number> {
	const [row] = await db('products').where('renewable', true).max({ days: 'renewal_notice_days' });
	return row?.days === null || row?.days === undefined ? -1 : Number(row.days);
}

export default {
	name: JOB,
	async run(context: JobContext) {
		const { asOf } = context;
		const notice = await longestNotice(context.platform.database);
		if (notice < 0) return;
		await inBatches(
			context,
			'policies',
			// Indexed on (status, end_date): only the terms ending within the longest notice.
			(db) =>
				db('policies')
					.join('products', 'products.id', 'policies.product')
					.where('policies.status', 'InForce')
					.where('products.renewable', true)
					.where('policies.end_date', '<=', dateValue(db, addDays(asOf, notice)))
					.where(plusDays(db, 'policies.end_date', '-(products.renewal_notice_days)'), '<=', dateValue(db, asOf))
					.whereNotExists((renewed) => renewed.select(db.raw('1')).from('policies as renewals').whereRaw('renewals.renewal_of = policies.id')),
			['policies.id as id', 'policies.status', 'policies.end_date', 'products.renewable', 'products.renewal_notice_days'],
			async (session, rows, page) => {
				const due = rows.filter((row) => isDueForRenewal({ status: row['status'], end_date: isoDate(row['end_date']) }, { renewable: row['renewable'], renewal_notice_days: Number(row['renewal_notice_days']) }, false, asOf));
				if (due.length === 0) return;
				// The page's renewals set-based: proposals, their schedules, history and notices in a few statements.
				const renewed: Record<string, any>[] = await whereKeyIn(session.trx('policies').join('products', 'products.id', 'policies.product'), session.trx, 'policies.id', due.map((row) => row['id'])).orderBy('policies.id').select('policies.*', 'products.premium_frequency');
				// The terms renewed on one day mostly share their dates: each term and its periods are worked out once.
				const termOf = onceEach((begin_date: string, end_date: string) => renewalTerm({ begin_date, end_date }));
				const periodsOf = onceEach((frequency: string, beginDate: string, endDate: string) => schedulePeriods({ frequency: frequency as PremiumFrequency, beginDate, endDate }));
				const proposals: Record<string, any>[] = renewed.map((policy) => ({ ...renewalOf(policy, termOf(isoDate(policy['begin_date']), isoDate(policy['end_date']))), proposal_date: asOf }));
				const created = await session.createManyAsSystem({
					collection: 'policies',
					payloads: proposals,
					status: 'Proposal',
					trigger: 'job',
					actor: systemActor(JOB),
					reasons: renewed.map((policy) => `Renewal of ${policy['policy_number']}, ending ${isoDate(policy['end_date'])}`),
					matchBy: 'renewal_of',
				});
				const schedules = proposals.flatMap((proposal, index) => {
					const frequency = renewed[index]!['premium_frequency'];
					const periods = periodsOf(frequency, proposal['begin_date'], proposal['end_date']);
					return newSchedule(proposal['premium_amount'], frequency, proposal['begin_date'], proposal['end_date'], periods).map((row) => ({ ...row, policy: created.get(String(proposal['renewal_of'])) }));
				});
				const installments = await session.insertAsSystem('installments', schedules, ['id', 'policy', 'sequence', 'due_date', 'amount']);
				const firsts = new Map(installments.filter((row) => Number(row['sequence']) === 1).map((row) => [Number(row['policy']), row]));
				const notices: Notice[] = renewed.map((policy) => {
					const renewal = created.get(String(policy['id']))!;
					const first = firsts.get(renewal)!;
					return { client: Number(policy['client']), policy: renewal, installment: Number(first['id']), kind: 'renewal', due_date: isoDate(first['due_date'] as string), amount: first['amount'] as string, renews: Number(policy['id']) };
				});
				const sent = await sendNotices(context.platform, session, notices);
				page.tally('policies: renewal proposed', notices.length);
				page.tally('client_notices: renewal', sent.renewal);
			},
		);
	},
};
