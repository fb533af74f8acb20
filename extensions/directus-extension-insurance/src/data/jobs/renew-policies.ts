// renew-policies: an InForce policy of a renewable product gets its renewal proposal from
// renewal_notice_days before its end date, once (the unique renewal_of, and the candidates
// exclude what is renewed): the next term in Proposal with its schedule, and a renewal notice
// naming its first installment. From there it lives the policy lifecycle like any proposal.
import type { Knex } from 'knex';
import { addDays } from '../../domain/billing';
import { isDueForRenewal } from '../../domain/rules';
import { systemActor } from '../actor';
import { withSchedule } from '../billing/schedule';
import { renewablePolicy, renewalOf } from '../servicing/renewals';
import { deliveringAfterEachPage, sendNotices, type Notice, type NoticeMail } from '../servicing/notices';
import { dateValue, isoDate } from '../values';
import { inBatches } from './batch';
import type { JobContext } from './context';
import { plusDays } from './sql';

const JOB = 'renew-policies';

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
		const outbox: NoticeMail[] = [];
		await inBatches(
			deliveringAfterEachPage(context, () => context.platform.getSchema(), outbox),
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
			async (session, rows) => {
				const notices: Notice[] = [];
				for (const row of rows) {
					const product = { renewable: row['renewable'], renewal_notice_days: Number(row['renewal_notice_days']) };
					if (!isDueForRenewal({ status: row['status'], end_date: isoDate(row['end_date']) }, product, false, asOf)) continue;
					const renewed = await renewablePolicy(session.trx, row['id']);
					const payload = await withSchedule({ ...renewalOf(renewed), proposal_date: asOf }, session.trx);
					const renewal = Number(
						await session.create({
							collection: 'policies',
							payload,
							status: 'Proposal',
							trigger: 'job',
							actor: systemActor(JOB),
							reason: `Renewal of ${renewed['policy_number']}, ending ${isoDate(renewed['end_date'])}`,
						}),
					);
					const first = await session.trx('installments').where({ policy: renewal, sequence: 1 }).first('id', 'due_date', 'amount');
					notices.push({ client: Number(renewed['client']), policy: renewal, installment: Number(first.id), kind: 'renewal', due_date: isoDate(first.due_date), amount: first.amount, renews: Number(renewed['id']) });
				}
				const sent = await sendNotices(context.platform, session.trx, session.schema, notices, outbox);
				context.tally('policies: renewal proposed', notices.length);
				context.tally('client_notices: renewal', sent.renewal);
			},
		);
	},
};
