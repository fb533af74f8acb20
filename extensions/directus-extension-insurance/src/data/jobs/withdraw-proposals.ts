// Proposal → Withdraw: the first premium is still unpaid PWDAY days after the proposal
// (PWDAY: portfolio > settings).
import { isProposalToWithdraw, resolveParameterWithSource } from '../../domain/rules';
import { dateValue, isoDate } from '../values';
import { simpleJob } from './batch';
import type { JobContext } from './context';
import { plusDays } from './sql';

const withdrawDays = (row: Record<string, any>, { settings }: JobContext) =>
	resolveParameterWithSource('proposal_withdraw_days', { portfolio: { proposal_withdraw_days: row['portfolio_days'] }, settings });

export default simpleJob({
	name: 'withdraw-proposals',
	collection: 'policies',
	to: 'Withdraw',
	candidates: (db, { asOf, settings }) =>
		db('policies')
			.leftJoin('portfolios', 'portfolios.id', 'policies.portfolio')
			.where('policies.status', 'Proposal')
			.where('policies.proposal_date', '<=', dateValue(db, asOf))
			.where(plusDays(db, 'policies.proposal_date', `coalesce(portfolios.proposal_withdraw_days, ${Number(settings.proposal_withdraw_days)})`), '<=', dateValue(db, asOf))
			.whereNotExists((paid) => paid.select(db.raw('1')).from('installments').whereRaw('installments.policy = policies.id').where('installments.sequence', 1).where('installments.status', 'Paid')),
	columns: ['policies.id as id', 'policies.status', 'policies.proposal_date', 'portfolios.proposal_withdraw_days as portfolio_days'],
	isDue: (row, context) =>
		isProposalToWithdraw({ status: row['status'], proposal_date: isoDate(row['proposal_date']) }, false, Number(withdrawDays(row, context).value), context.asOf),
	reason: (row, context) => {
		const days = withdrawDays(row, context);
		return `First premium unpaid ${days.value} days (${days.source}) after the proposal`;
	},
});
