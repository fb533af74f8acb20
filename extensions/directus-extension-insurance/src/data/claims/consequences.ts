// What claim transitions bring with them, in their transaction, whatever path made them
// (our endpoints, a REST PATCH through the guard, a Flow): a submitted claim gets its number,
// due date and team; an approval above the limit needs a Manager; a payment that uses up the
// policy's coverage starts its ClosedByClaim cancellation.
import { DateTime } from 'luxon';
import { fromCents, toCents } from '../../domain/billing';
import { claimNumber, decidesAboveLimit, serviceLevel } from '../../domain/claims';
import { BusinessRuleError } from '../../errors';
import { systemActor } from '../actor';
import type { AppliedTransition, TransitionCommand, TransitionSession } from '../transitions';
import { dateValue, isoDate } from '../values';
import { approvalLimitFor, CLAIMS_TEAM, coverageOf, insurerToday, readClaimSettings, roleId, type ClaimSettings } from './records';

export async function claimConsequences(session: TransitionSession, applied: AppliedTransition[], command: TransitionCommand) {
	const claims = applied.filter((a) => a.collection === 'claims');
	if (claims.length === 0) return;
	const settings = await readClaimSettings(session.trx);
	for (const submitted of claims.filter((a) => a.to === 'Submitted')) await stampSubmission(session, submitted.item, settings);
	if (command.trigger === 'manual' && !decidesAboveLimit(command.actor.roles)) {
		for (const approved of claims.filter((a) => a.to === 'Approved')) await requireWithinLimit(session, approved.item, settings);
	}
	const paidPolicies = new Set<string>();
	for (const paid of claims.filter((a) => a.to === 'Paid')) {
		paidPolicies.add(String((await session.trx('claims').where('id', paid.item).first('policy')).policy));
	}
	for (const policy of paidPolicies) await closeIfCoverageExhausted(session, policy, settings);
}

/** Claim number, submission instant, decision due date and the team queue of a submitted claim. */
async function stampSubmission(session: TransitionSession, item: string, settings: ClaimSettings) {
	const { trx } = session;
	const claim = await trx('claims').where('id', item).first('policy', 'claim_number');
	const policy = await trx('policies').where('id', claim.policy).first('policy_number', 'status');
	if (policy.status !== 'InForce') {
		throw new BusinessRuleError({ reason: `claims ${item}: policy ${policy.policy_number} is ${policy.status}; claims are filed on InForce policies only` });
	}
	const submittedAt = new Date();
	const due = serviceLevel(submittedAt, settings.time_zone, settings.claim_service_level_days);
	await trx('claims')
		.where('id', item)
		.update({
			submitted_at: submittedAt,
			decision_due_date: dateValue(trx, due.decision_due_date),
			claim_number: claim.claim_number ?? claimNumber(Number(due.submitted_on.slice(0, 4)), item),
			assigned_team: await roleId(trx, CLAIMS_TEAM),
			overdue: false,
			escalated_at: null,
		});
}

async function requireWithinLimit(session: TransitionSession, item: string, settings: ClaimSettings) {
	const claim = await session.trx('claims').where('id', item).first('policy', 'total_approved');
	const limit = await approvalLimitFor(session.trx, claim.policy, settings);
	const approved = toCents(claim.total_approved ?? 0);
	if (approved > limit) {
		throw new BusinessRuleError({
			reason: `claims ${item}: approved total ${fromCents(approved)} is above the approval limit ${fromCents(limit)}; only a Manager approves it (POST /insurance/claims/${item}/approve refers it to one)`,
		});
	}
}

/** Paid claims used up the coverage: the policy is cancelled ClosedByClaim, as of today. */
async function closeIfCoverageExhausted(session: TransitionSession, policyId: string, settings: ClaimSettings) {
	const { trx } = session;
	const { coverage } = await coverageOf(trx, policyId);
	if (!coverage.exhausted) return;
	const policy = await trx('policies').where('id', policyId).first('status', 'end_date');
	if (policy.status !== 'InForce') return;
	const today = insurerToday(settings, DateTime.now());
	const reason = `ClosedByClaim: paid claims ${fromCents(coverage.usedCents)} reached the coverage limit ${fromCents(coverage.limitCents!)}`;
	const endDate = isoDate(policy.end_date) > today ? today : isoDate(policy.end_date);
	await session.transition({
		collection: 'policies',
		keys: [policyId],
		to: 'ClosedByClaim',
		trigger: 'cancellation',
		reasonType: 'ClosedByClaim',
		actor: systemActor('claims-coverage'),
		reason,
		fields: { status_reason: reason, end_date: endDate },
	});
	await trx('cancellation_requests').insert({
		policy: policyId,
		reason_type: 'ClosedByClaim',
		effective_date: dateValue(trx, today),
		note: reason,
		resulting_status: 'ClosedByClaim',
		date_created: new Date(),
	});
}
