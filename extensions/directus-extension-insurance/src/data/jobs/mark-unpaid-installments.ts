// StatementIssued → Unpaid once the due date has passed without full payment, for live policies.
import { isInstallmentUnpaid } from '../../domain/rules';
import { dateValue, isoDate } from '../values';
import { simpleJob, type CandidateQuery } from './batch';
import { LIVE_POLICY_STATUSES } from './statuses';

const pastDue: CandidateQuery = (db, { asOf }) =>
	db('installments').where('installments.status', 'StatementIssued').where('installments.due_date', '<', dateValue(db, asOf)).whereRaw('installments.paid_amount < installments.amount');

export default simpleJob({
	name: 'mark-unpaid-installments',
	collection: 'installments',
	to: 'Unpaid',
	preselect: pastDue,
	candidates: (db, context) => pastDue(db, context).join('policies', 'policies.id', 'installments.policy').whereIn('policies.status', LIVE_POLICY_STATUSES),
	columns: ['installments.id as id', 'installments.status', 'installments.due_date', 'installments.amount', 'installments.paid_amount'],
	isDue: (row, { asOf }) =>
		isInstallmentUnpaid({ status: row['status'], due_date: isoDate(row['due_date']), amount: row['amount'], paid_amount: row['paid_amount'] }, asOf),
	reason: () => 'Due date passed without full payment',
});
