// Master policy InForce → Maturity on its end date.
import { isMasterDueForMaturity } from '../../domain/rules';
import { dateValue, isoDate } from '../values';
import { simpleJob } from './batch';

export default simpleJob({
	name: 'mature-master-policies',
	collection: 'master_policies',
	to: 'Maturity',
	candidates: (db, { asOf }) => db('master_policies').where('master_policies.status', 'InForce').where('master_policies.end_date', '<=', dateValue(db, asOf)),
	columns: ['master_policies.id as id', 'master_policies.status', 'master_policies.end_date'],
	isDue: (row, { asOf }) => isMasterDueForMaturity({ status: row['status'], end_date: isoDate(row['end_date']) }, asOf),
	reason: () => 'End date reached',
});
