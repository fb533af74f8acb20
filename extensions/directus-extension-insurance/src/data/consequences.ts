// What a transition brings with it, in the same transaction: a policy that reaches a final
// status closes its open change requests; an accepted change request endorses its policy; a
// cancellation ends the schedule and records the refund; a paid refund is stamped.
import { regenerateSchedule, type InstallmentStatus, type PremiumFrequency } from '../domain/billing';
import { isFinal, lifecycles } from '../domain/lifecycles';
import { BusinessRuleError } from '../errors';
import { systemActor } from './actor';
import { cancellationConsequences, refundPreconditions, stampPaidRefunds } from './billing/refunds';
import { claimConsequences, claimPreconditions } from './claims/consequences';
import { dateValue, isoDate } from './values';
import { insertInChunks, recordTransitions, type AppliedTransition, type Consequences, type Preconditions, type TransitionSession } from './transitions';

const OPEN_CHANGE_REQUESTS = ['Draft', 'Registered'];

export const applyConsequences: Consequences = async (session, applied, command) => {
	const byCollection = (collection: string) => applied.filter((a) => a.collection === collection);
	const finalPolicies = byCollection('policies').filter((a) => isFinal(lifecycles.policy, a.to));
	if (finalPolicies.length > 0) await closeChangeRequests(session, finalPolicies);
	for (const accepted of byCollection('policy_change_requests').filter((a) => a.to === 'Accepted')) {
		await endorsePolicy(session, accepted);
	}
	await cancellationConsequences(session, applied, command);
	await stampPaidRefunds(session, applied);
	await claimConsequences(session, applied, command);
};

export const checkPreconditions: Preconditions = async (session, applied, command) => {
	if (command.collection === 'claims') return claimPreconditions(session, applied, command);
	if (command.collection === 'refunds') return refundPreconditions(session, applied, command);
	return command.fields;
};

/** Open change requests of policies that just became final are cancelled, never applied later. */
async function closeChangeRequests(session: TransitionSession, policies: AppliedTransition[]) {
	// One lookup for the whole batch: a nightly run ends thousands of policies at once.
	const open: { id: number; policy: number }[] = await session.trx('policy_change_requests')
		.whereIn('policy', policies.map((p) => p.item))
		.whereIn('status', OPEN_CHANGE_REQUESTS)
		.select('id', 'policy');
	for (const policy of policies) {
		const keys = open.filter((request) => String(request.policy) === policy.item).map((request) => request.id);
		if (keys.length === 0) continue;
		const reason = `Policy ${policy.item} became ${policy.to}`;
		await session.transition({
			collection: 'policy_change_requests',
			keys,
			to: 'Cancelled',
			trigger: 'automatic',
			actor: systemActor('lifecycle'),
			reason,
			fields: { status_reason: reason },
		});
	}
}

/**
 * Applies an accepted change request to its InForce policy: premium, end date and coverage,
 * the unpaid part of the schedule re-spread, and an endorsement line in the policy's history.
 */
async function endorsePolicy(session: TransitionSession, accepted: AppliedTransition) {
	const { trx } = session;
	const change = await trx('policy_change_requests').where('id', accepted.item).first();
	const policyQuery = trx('policies').where('id', change.policy).first();
	if (trx.client.config.client !== 'sqlite3') policyQuery.forUpdate();
	const policy = await policyQuery;
	if (policy.status !== 'InForce') {
		throw new BusinessRuleError({ reason: `policy_change_requests ${accepted.item}: policy ${policy.policy_number} is ${policy.status}, only an InForce policy can be endorsed` });
	}
	const product = await trx('products').where('id', policy.product).first('premium_frequency');
	const premium = change.premium_amount ?? policy.premium_amount;
	const endDate = change.end_date ? isoDate(change.end_date) : isoDate(policy.end_date);
	const installments = await trx('installments').where('policy', policy.id).select('id', 'due_date', 'amount', 'paid_amount', 'status');

	// A DomainError (a change that makes no schedule) becomes a 400 at the hook or endpoint boundary.
	const schedule = regenerateSchedule({
		premiumAmount: premium,
		frequency: product.premium_frequency as PremiumFrequency,
		beginDate: isoDate(policy.begin_date),
		endDate,
		installments: installments.map((i) => ({ ...i, due_date: isoDate(i.due_date), status: i.status as InstallmentStatus })),
	});

	await trx('policies')
		.where('id', policy.id)
		.update({ premium_amount: premium, end_date: dateValue(trx, endDate), coverage_limit: change.coverage_limit ?? policy.coverage_limit });
	if (schedule.removedIds.length > 0) await trx('installments').whereIn('id', schedule.removedIds).delete();
	for (const row of schedule.installments.filter((i) => i.change === 'updated')) {
		await trx('installments').where('id', row.id).update({ sequence: row.sequence, amount: row.amount });
	}
	for (const row of schedule.installments.filter((i) => i.change === 'kept')) {
		await trx('installments').where('id', row.id).update({ sequence: row.sequence });
	}
	const created = schedule.installments.filter((i) => i.change === 'created');
	await insertInChunks(trx, 'installments', created.map(({ sequence, due_date, amount, paid_amount, status }) => ({ policy: policy.id, sequence, due_date: dateValue(trx, due_date), amount, paid_amount, status })));

	const changes = [
		change.premium_amount !== null ? `premium ${policy.premium_amount} → ${premium}` : null,
		change.end_date ? `end date ${isoDate(policy.end_date)} → ${endDate}` : null,
		change.coverage_limit !== null ? `coverage ${policy.coverage_limit} → ${change.coverage_limit}` : null,
	].filter(Boolean);
	await recordTransitions(trx, [
		{
			collection: 'policies',
			item: String(policy.id),
			from: 'InForce',
			to: 'InForce',
			trigger: 'endorsement',
			actor: accepted.actor,
			reason: `Change request ${accepted.item} accepted: ${changes.join(', ') || 'no change'}`,
		},
	]);
}

