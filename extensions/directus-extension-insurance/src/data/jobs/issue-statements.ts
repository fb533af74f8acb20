// OnTime → StatementIssued, statement_lead_days before the due date, for live policies.
import { addDays } from '../../domain/billing';
import { isStatementDue } from '../../domain/rules';
import { dateValue, isoDate } from '../values';
import { simpleJob, type CandidateQuery } from './batch';
import { LIVE_POLICY_STATUSES } from './statuses';

const dueForStatement: CandidateQuery = (db, { asOf, settings }) =>
	db('installments').where('installments.status', 'OnTime').where('installments.due_date', '<=', dateValue(db, addDays(asOf, Number(settings.statement_lead_days))));

export default simpleJob({
	name: 'issue-statements',
	collection: 'installments',
	to: 'StatementIssued',
	preselect: dueForStatement,
	candidates: (db, context) => dueForStatement(db, context).join('policies', 'policies.id', 'installments.policy').whereIn('policies.status', LIVE_POLICY_STATUSES),
	columns: ['installments.id as id', 'installments.status', 'installments.due_date'],
	isDue: (row, { asOf, settings }) => isStatementDue({ status: row['status'], due_date: isoDate(row['due_date']) }, asOf, Number(settings.statement_lead_days)),
	reason: (_row, { settings }) => `Statement issued ${settings.statement_lead_days} days before the due date`,
	fields: (_row, { asOf }) => ({ statement_date: asOf }),
});
