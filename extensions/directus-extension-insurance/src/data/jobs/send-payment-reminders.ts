// send-payment-reminders: a reminder for each installment still to be paid once it is
// reminder_days_before_due (portfolio > settings) from its due date, and an overdue notice naming
// the lapse date for each installment mark-unpaid-installments moved to Unpaid. Each is sent
// once (data/servicing/notices). Member policies of a master policy are billed through their
// master policy, so their installments get no notices of their own.
import type { Knex } from 'knex';
import { addDays } from '../../domain/billing';
import { isReminderDue, lapseDate, resolveDaysParameter, type NoticeKind } from '../../domain/rules';
import { sendNotices, type Notice } from '../servicing/notices';
import { dateValue, isoDate } from '../values';
import { inBatches, type CandidateQuery } from './batch';
import type { JobContext } from './context';
import { plusDays } from './sql';
import { LIVE_POLICY_STATUSES } from './statuses';

const JOB = 'send-payment-reminders';

/** Installments of live, individually billed policies without a notice of `kind` yet. */
function unnoticed(db: Knex, kind: NoticeKind) {
	return db('installments')
		.join('policies', 'policies.id', 'installments.policy')
		.leftJoin('portfolios', 'portfolios.id', 'policies.portfolio')
		.whereIn('policies.status', LIVE_POLICY_STATUSES)
		.whereNull('policies.master_policy')
		.whereNotExists((sent) => sent.select(db.raw('1')).from('client_notices').whereRaw('client_notices.installment = installments.id').where('client_notices.kind', kind));
}

const COLUMNS = [
	'installments.id as id',
	'installments.status',
	'installments.due_date',
	'installments.amount',
	'installments.paid_amount',
	'policies.id as policy',
	'policies.client',
	'policies.days_after_unpaid_due_date as contract_lapse_days',
	'portfolios.days_after_unpaid_due_date as portfolio_lapse_days',
	'portfolios.reminder_days_before_due as portfolio_reminder_days',
];

const reminderDays = (row: Record<string, any>, { settings }: JobContext) =>
	resolveDaysParameter('reminder_days_before_due', { portfolio: { reminder_days_before_due: row['portfolio_reminder_days'] }, settings });

/** The due date range the reminders of `asOf` fall in: up to the longest window of any portfolio. */
async function longestWindow(context: JobContext): Promise<number> {
	const [row] = await context.platform.database('portfolios').max({ days: 'reminder_days_before_due' });
	return Math.max(Number(row?.days ?? 0), Number(context.settings['reminder_days_before_due']));
}

const due = (row: Record<string, any>) => ({ status: row['status'], due_date: isoDate(row['due_date']) });

/** What is still owed on the installment. */
const owed = (row: Record<string, any>) => (Number(row['amount']) - Number(row['paid_amount'] ?? 0)).toFixed(2);

function notice(row: Record<string, any>, kind: NoticeKind, lapse: string | null = null): Notice {
	return { client: Number(row['client']), policy: Number(row['policy']), installment: Number(row['id']), kind, due_date: isoDate(row['due_date']), amount: owed(row), lapse_date: lapse };
}

async function send(context: JobContext, kind: NoticeKind, candidates: CandidateQuery, decide: (row: Record<string, any>) => Notice | null) {
	await inBatches(context, 'installments', candidates, COLUMNS, async (session, rows, page) => {
		const notices = rows.map(decide).filter((n): n is Notice => n !== null);
		const sent = await sendNotices(context.platform, session, notices);
		page.tally(`client_notices: ${kind}`, sent[kind]);
	});
}

export default {
	name: JOB,
	async run(context: JobContext) {
		const { asOf, settings } = context;
		const window = await longestWindow(context);
		const defaultDays = Number(settings['reminder_days_before_due']);
		await send(
			context,
			'reminder',
			// Indexed on (status, due_date): only what falls due within the longest window.
			(db) =>
				unnoticed(db, 'reminder')
					.whereIn('installments.status', ['OnTime', 'StatementIssued'])
					.where('installments.due_date', '>=', dateValue(db, asOf))
					.where('installments.due_date', '<=', dateValue(db, addDays(asOf, window)))
					.where(plusDays(db, 'installments.due_date', `-(coalesce(portfolios.reminder_days_before_due, ${defaultDays}))`), '<=', dateValue(db, asOf)),
			(row) => (isReminderDue(due(row), reminderDays(row, context), asOf) ? notice(row, 'reminder') : null),
		);
		await send(
			context,
			'overdue',
			(db) => unnoticed(db, 'overdue').where('installments.status', 'Unpaid').where('installments.due_date', '<', dateValue(db, asOf)),
			(row) => {
				const levels = { contract: { days_after_unpaid_due_date: row['contract_lapse_days'] }, portfolio: { days_after_unpaid_due_date: row['portfolio_lapse_days'] }, settings };
				return notice(row, 'overdue', lapseDate(due(row), resolveDaysParameter('days_after_unpaid_due_date', levels)));
			},
		);
	},
};
