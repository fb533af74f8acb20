// Master policy Proposal → Withdraw when not bound within master_proposal_withdraw_days.
import { addDays } from '../../domain/billing';
import { isMasterProposalToWithdraw } from '../../domain/rules';
import { dateValue, isoDate } from '../values';
import { simpleJob } from './batch';

export default simpleJob({
	name: 'withdraw-master-policies',
	collection: 'master_policies',
	to: 'Withdraw',
	candidates: (db, { asOf, settings }) =>
		db('master_policies')
			.where('master_policies.status', 'Proposal')
			.where('master_policies.proposal_date', '<=', dateValue(db, addDays(asOf, -Number(settings.master_proposal_withdraw_days)))),
	columns: ['master_policies.id as id', 'master_policies.status', 'master_policies.proposal_date'],
	isDue: (row, { asOf, settings }) =>
		isMasterProposalToWithdraw({ status: row['status'], proposal_date: isoDate(row['proposal_date']) }, Number(settings.master_proposal_withdraw_days), asOf),
	reason: (_row, { settings }) => `Not bound ${settings.master_proposal_withdraw_days} days after the proposal`,
});
