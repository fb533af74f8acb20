// Issued → InForce for products with automatic in-force, on the begin date.
import { isDueForEnforcement } from '../../domain/rules';
import { dateValue, isoDate } from '../values';
import { simpleJob } from './batch';

export default simpleJob({
	name: 'enforce-policies',
	collection: 'policies',
	to: 'InForce',
	candidates: (db, { asOf }) =>
		db('policies')
			.join('products', 'products.id', 'policies.product')
			.where('policies.status', 'Issued')
			.where('policies.begin_date', '<=', dateValue(db, asOf))
			.where('products.automatic_inforce', true),
	columns: ['policies.id as id', 'policies.status', 'policies.begin_date', 'products.automatic_inforce'],
	isDue: (row, { asOf }) => isDueForEnforcement({ status: row['status'], begin_date: isoDate(row['begin_date']) }, { automatic_inforce: row['automatic_inforce'] }, asOf),
	reason: () => 'Begin date reached (automatic in-force)',
});
