// InForce → Maturity on the end date (the first day no longer covered).
import { isDueForMaturity } from '../../domain/rules';
import { dateValue, isoDate } from '../values';
import { simpleJob } from './batch';

export default simpleJob({
	name: 'mature-policies',
	collection: 'policies',
	to: 'Maturity',
	candidates: (db, { asOf }) => db('policies').where('policies.status', 'InForce').where('policies.end_date', '<=', dateValue(db, asOf)),
	columns: ['policies.id as id', 'policies.status', 'policies.end_date'],
	isDue: (row, { asOf }) => isDueForMaturity({ status: row['status'], end_date: isoDate(row['end_date']) }, asOf),
	reason: () => 'End date reached',
});
