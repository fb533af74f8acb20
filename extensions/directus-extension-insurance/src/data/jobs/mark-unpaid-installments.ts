// StatementIssued → Unpaid once the due date has passed without full payment, for live policies.
import { isInstallmentUnpaid } from '../../domain/rules';
import { dateValue, isoDate } from '../values';
import { simpleJob } from './batch';
import { LIVE_POLICY_STATUSES } from './statuses';

export default simpleJob({
	name: 'mark-unpaid-installments',
	collection: 'installments',
	to: 'Unpaid',
	candidates: (db, { asOf }) =>
		db('installments')
			.join('policies', 'policies.id', 'installments.policy')
			.where('installments.status', 'StatementIssued')
			.where('installments.due_date', '<', dateValue(db, asOf))
			.whereRaw('installments.paid_amount < installments.amount')
			.whereIn('policies.status', LIVE_POLICY_STATUSES),
	columns: ['installments.id as id', 'installments.status', 'installments.due_date', 'installments.amount', 'installments.paid_amount'],
	isDue: (row, { asOf }) =>
		isInstallmentUnpaid({ status: row['status'], due_date: isoDate(row['due_date']), amount: row['amount'], paid_amount: row['paid_amount'] }, asOf),
	reason: () => 'Due date passed without full payment',
});
