// Master installments: each aggregates the member installments due the same day (truth table
// in domain/billing/master-aggregation). Run by the aggregation job for whole master policies,
// and right after an allocation or deallocation for the master policy it touched.
import type { PrimaryKey } from '@directus/types';
import { aggregateMasterSchedule, normalizeAmount, type InstallmentStatus } from '../../domain/billing';
import { checkTransition, lifecycles, type JobName } from '../../domain/lifecycles';
import { systemActor, type Actor } from '../actor';
import { lockRows, whereKeyIn } from '../jobs/sql';
import { LIVE_MASTER_STATUSES } from '../jobs/statuses';
import { recordTransitions, type TransitionSession } from '../transitions';
import { isoDate } from '../values';

export const AGGREGATION_JOB: JobName = 'aggregate-master-installments';

/**
 * How status changes are made: by the job (every transition of the table), or automatically
 * after a payment moved a member (only the automatic ones; the rest waits for the nightly job).
 */
export type AggregationMode = { trigger: 'job' } | { trigger: 'automatic'; actor: Actor };

export async function aggregateMasters(session: TransitionSession, masterIds: PrimaryKey[], mode: AggregationMode) {
	const { trx } = session;
	// In key order: pages that meet on a master lock its schedule in the same order.
	const live = await whereKeyIn(trx('master_policies'), trx, 'id', masterIds).whereIn('status', LIVE_MASTER_STATUSES).orderBy('id').pluck('id');
	for (const masterId of live) {
		const members = await trx('installments')
			.join('policies', 'policies.id', 'installments.policy')
			.where('policies.master_policy', masterId)
			.select('installments.id', 'installments.policy', 'installments.due_date', 'installments.amount', 'installments.paid_amount', 'installments.status', 'installments.master_installment');
		const existing: Record<string, any>[] = await lockRows(trx, trx('master_installments').where('master_policy', masterId).select('id', 'due_date', 'status', 'amount', 'paid_amount', 'sequence'), 'master_installments');
		const byDate = new Map<string, Record<string, any>>(existing.map((row) => [isoDate(row['due_date']), row]));
		const aggregated = aggregateMasterSchedule(
			members.map((m) => ({ ...m, due_date: isoDate(m.due_date) })),
			new Map([...byDate].map(([date, row]) => [date, row['status'] as InstallmentStatus])),
		);

		// Per step of the path, the keys going to each status.
		const moves = new Map<number, Map<string, PrimaryKey[]>>();
		for (const row of aggregated) {
			let target = byDate.get(row.due_date);
			if (!target) {
				const values = { master_policy: masterId, sequence: row.sequence, due_date: row.due_date, amount: row.amount, paid_amount: row.paid_amount, status: 'OnTime' };
				const id = await session.items('master_installments').createOne(values, { emitEvents: false });
				const actor = mode.trigger === 'job' ? AGGREGATION_JOB : mode.actor.id;
				await recordTransitions(trx, [{ collection: 'master_installments', item: String(id), from: null, to: 'OnTime', trigger: 'created', actor, reason: null }]);
				target = { id, status: 'OnTime' };
			} else if (
				normalizeAmount(target['amount']) !== row.amount ||
				normalizeAmount(target['paid_amount'] ?? 0) !== row.paid_amount ||
				Number(target['sequence']) !== row.sequence
			) {
				await trx('master_installments').where('id', target['id']).update({ amount: row.amount, paid_amount: row.paid_amount, sequence: row.sequence });
			}
			const unlinked = members.filter((m) => isoDate(m.due_date) === row.due_date && String(m.master_installment) !== String(target!['id'])).map((m) => m.id);
			if (unlinked.length > 0) await whereKeyIn(trx('installments'), trx, 'id', unlinked).update({ master_installment: target['id'] });
			for (const [step, to] of path(mode, target['status'], row.status).entries()) {
				const steps = moves.get(step) ?? new Map<string, PrimaryKey[]>();
				steps.set(to, [...(steps.get(to) ?? []), target['id']]);
				moves.set(step, steps);
			}
		}
		for (const [to, keys] of [...moves.keys()].sort((a, b) => a - b).flatMap((step) => [...moves.get(step)!])) {
			await session.transition({
				collection: 'master_installments',
				keys,
				to,
				...(mode.trigger === 'job' ? { trigger: 'job', job: AGGREGATION_JOB, actor: systemActor(AGGREGATION_JOB) } : { trigger: 'automatic', actor: mode.actor }),
				reason: `Member installments of master policy ${masterId}`,
			});
		}
	}
}

/**
 * The statuses a master installment goes through to reach the aggregated one: directly when
 * the table allows it, else through StatementIssued (an OnTime master installment whose member
 * went Unpaid had its statement first); none when the mode may not make the move.
 */
function path(mode: AggregationMode, from: string, to: string): string[] {
	if (from === to) return [];
	const by = mode.trigger === 'job' ? { trigger: 'job' as const, actor: 'system' as const, job: AGGREGATION_JOB } : { trigger: 'automatic' as const, actor: 'system' as const };
	const allowed = (a: string, b: string) => checkTransition(lifecycles.installment, a, b, by).ok;
	if (allowed(from, to)) return [to];
	if (allowed(from, 'StatementIssued') && allowed('StatementIssued', to)) return ['StatementIssued', to];
	return [];
}
