// Master policy Issued → InForce on its start (begin) date.
import { isMasterDueForEnforcement } from '../../domain/rules';
import { dateValue, isoDate } from '../values';
import { simpleJob } from './batch';

export default simpleJob({
	name: 'enforce-master-policies',
	collection: 'master_policies',
	to: 'InForce',
	candidates: (db, { asOf }) => db('master_policies').where('master_policies.status', 'Issued').where('master_policies.begin_date', '<=', dateValue(db, asOf)),
	columns: ['master_policies.id as id', 'master_policies.status', 'master_policies.begin_date'],
	isDue: (row, { asOf }) => isMasterDueForEnforcement({ status: row['status'], begin_date: isoDate(row['begin_date']) }, asOf),
	reason: () => 'Start date reached',
});
