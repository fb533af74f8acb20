// Master installments follow their members (truth table in domain/billing/master-aggregation):
// created for new due dates, amounts summed, statuses aggregated.
import { aggregateMasters, AGGREGATION_JOB } from '../billing/master';
import type { JobContext } from './context';
import { inBatches } from './batch';
import { LIVE_MASTER_STATUSES } from './statuses';

export default {
	name: AGGREGATION_JOB,
	run: (context: JobContext) =>
		inBatches(
			context,
			'master_policies',
			// A member installment not linked yet, or in another status than its master installment.
			(db) =>
				db('master_policies')
					.join('policies', 'policies.master_policy', 'master_policies.id')
					.join('installments', 'installments.policy', 'policies.id')
					.leftJoin('master_installments', 'master_installments.id', 'installments.master_installment')
					.whereIn('master_policies.status', LIVE_MASTER_STATUSES)
					.where((q) => q.whereNull('installments.master_installment').orWhereRaw('master_installments.status <> installments.status')),
			['master_policies.id as id'],
			(session, rows) => aggregateMasters(session, rows.map((row) => row['id']), { trigger: 'job' }),
		),
};
