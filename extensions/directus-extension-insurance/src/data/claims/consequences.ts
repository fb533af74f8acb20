// What claim transitions bring with them, in their transaction, whatever path made them
// (our endpoints, a REST or GraphQL status write through the guard, a Flow): a submission
// passes the intake rules, is priced, adjudicated, numbered, dated and queued, and approved by
// the system when it qualifies for straight-through processing; an approval stands on the line
// decisions (a line without one at its proposal) within the coverage and, unless a Manager or
// the system decides, the approval limit; a rejection carries its note, a payment its reference; a payment that uses up the
// policy's coverage starts its ClosedByClaim cancellation.
import { DateTime } from 'luxon';
import { fromCents, isDomainError } from '../../domain/billing';
import { claimNumber, decideLines, decidesAboveLimit, serviceLevel, straightThrough } from '../../domain/claims';
import { BusinessRuleError, InvalidInputError } from '../../errors';
import { rightsOn, systemActor } from '../actor';
import type { AppliedTransition, TransitionCommand, TransitionSession } from '../transitions';
import { validate } from '../validation';
import { dateValue, isoDate } from '../values';
import { approvalOf, linesOf, recordDecisions } from './decisions';
import { checkIntake } from './intake';
import { proposeClaim } from './proposal';
import { lineDecisionsSchema } from './intake-schema';
import { asInput, CLAIMS_TEAM, coverageOf, insurerToday, readClaimSettings, refuseComputedFields, roleId, type ClaimSettings } from './records';

/**
 * Before a claim's status is written: its totals are never taken from the request, and nested
 * `lines` may come only as the line decisions of an approval, recorded here with the decider's
 * rights (the guard then leaves them out of what Directus writes).
 */
export async function claimPreconditions(session: TransitionSession, applied: AppliedTransition[], command: TransitionCommand) {
	const { lines, ...fields } = command.fields ?? {};
	refuseComputedFields(fields);
	if (lines === undefined) return command.fields;
	// The Directus app sends `{ create: [], update: [], delete: [] }` when no line changed.
	if (isUnchanged(lines)) return fields;
	if (command.to !== 'Approved') {
		throw new InvalidInputError({ field: 'lines', problem: 'may come with a status change only as the line decisions of an approval; save the lines first' });
	}
	const decisions = validate(lineDecisionsSchema, decisionsIn(lines), 'lines');
	for (const { item } of applied) await recordDecisions(session, item, decisions, command.actor.accountability, false);
	return fields;
}

const isUnchanged = (lines: unknown) =>
	!!lines && typeof lines === 'object' && !Array.isArray(lines) && Object.values(lines as Record<string, unknown>).every((change) => Array.isArray(change) && change.length === 0);

/** Line decisions as Directus' one-to-many payloads carry them: a list of lines, or `{ update: [...] }`. */
function decisionsIn(lines: unknown): unknown {
	if (Array.isArray(lines) || lines === null || typeof lines !== 'object') return lines;
	const { update, ...others } = lines as Record<string, unknown>;
	const other = Object.keys(others).find((key) => (others[key] as unknown[] | undefined)?.length);
	if (other) throw new InvalidInputError({ field: `lines.${other}`, problem: 'is not allowed with an approval: only line decisions are' });
	return update ?? [];
}

export async function claimConsequences(session: TransitionSession, applied: AppliedTransition[], command: TransitionCommand) {
	const claims = applied.filter((a) => a.collection === 'claims');
	if (claims.length === 0) return;
	const settings = await readClaimSettings(session.trx);
	const reaching = (status: string) => claims.filter((a) => a.to === status).map((a) => a.item);
	for (const item of reaching('Submitted')) {
		await checkIntake(session.trx, item, settings);
		await stampSubmission(session, item, settings);
		await approveStraightThrough(session, item);
	}
	for (const item of reaching('PendingApproval')) await proposeTotal(session, item);
	for (const item of reaching('Approved')) await approve(session, item, command, settings);
	for (const item of reaching('Rejected')) await reject(session, item);
	const paidPolicies = new Set<string>();
	for (const item of reaching('Paid')) paidPolicies.add(String(await pay(session, item)));
	for (const policy of paidPolicies) await closeIfCoverageExhausted(session, policy, settings);
}

/** Claim number, submission instant, decision due date and the team queue of a submitted claim. */
async function stampSubmission(session: TransitionSession, item: string, settings: ClaimSettings) {
	const { trx } = session;
	const claim = await trx('claims').where('id', item).first('claim_number');
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

/**
 * The proposal is stored with the submitted claim; a claim within the product's automatic
 * approval limit, with receipts and nothing for a person to check, is approved by the system
 * in the same transaction, with its history and webhook as any transition.
 */
async function approveStraightThrough(session: TransitionSession, item: string) {
	const { proposal, receipts } = await proposeClaim(session, item);
	const product = await session.trx('claims as c').join('policies as p', 'c.policy', 'p.id').join('products as pr', 'p.product', 'pr.id').where('c.id', item).first('pr.auto_approve_limit');
	const verdict = asInput(() => straightThrough(proposal, receipts, product?.auto_approve_limit ?? null));
	if (!verdict.ok) return;
	await session.transition({
		collection: 'claims',
		keys: [item],
		to: 'Approved',
		trigger: 'automatic',
		actor: systemActor('claims-straight-through'),
		reason: `Approved straight through: total benefit ${proposal.total_benefit} within the automatic approval limit ${product.auto_approve_limit}`,
	});
}

/** A claim referred to a Manager shows the total its lines' decisions (or proposals) come to. */
async function proposeTotal(session: TransitionSession, item: string) {
	const lines = await linesOf(session.trx, item);
	let total: string | null = null;
	try {
		total = decideLines(lines).total_approved;
	} catch (error) {
		if (!isDomainError(error)) throw error;
	}
	await session.trx('claims').where('id', item).update({ total_approved: total });
}

/** The approval stands on the lines' decisions; above the limit only a holder of decide-above-limit approves. */
async function approve(session: TransitionSession, item: string, command: TransitionCommand, settings: ClaimSettings) {
	const { trx } = session;
	const { decided, limitCents } = await approvalOf(session, item, settings);
	if (command.trigger === 'manual' && !decidesAboveLimit(rightsOn(command.actor, 'claim')) && decided.approvedCents > limitCents) {
		throw new BusinessRuleError({
			reason: `claims ${item}: approved total ${decided.total_approved} is above the approval limit ${fromCents(limitCents)}; only a holder of the claim right decide-above-limit approves it: refer it (status "PendingApproval"), or POST /insurance/claims/${item}/approve, which refers it`,
		});
	}
	for (const line of decided.lines) {
		await trx('claim_lines')
			.where('id', line.id)
			.update({ amount_approved: line.amount_approved, rejection_reason: line.rejection_reason, ...(line.adjudication ? { adjudication: JSON.stringify(line.adjudication) } : {}) });
	}
	await trx('claims').where('id', item).update({ total_approved: decided.total_approved, decided_at: new Date() });
}

/** A rejection says why; every line is rejected with that reason. */
async function reject(session: TransitionSession, item: string) {
	const { trx } = session;
	const note = String((await trx('claims').where('id', item).first('decision_note')).decision_note ?? '').trim();
	if (!note) throw new InvalidInputError({ field: 'decision_note', problem: 'is required' });
	await trx('claim_lines').where('claim', item).update({ amount_approved: '0.00', rejection_reason: note.slice(0, 255) });
	await trx('claims').where('id', item).update({ total_approved: '0.00', decided_at: new Date() });
}

/** A payment is recorded with its reference; returns the claim's policy. */
async function pay(session: TransitionSession, item: string) {
	const { trx } = session;
	const claim = await trx('claims').where('id', item).first('policy', 'payment_reference', 'paid_at');
	if (!String(claim.payment_reference ?? '').trim()) throw new InvalidInputError({ field: 'payment_reference', problem: 'is required' });
	if (!claim.paid_at) await trx('claims').where('id', item).update({ paid_at: new Date() });
	return claim.policy;
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
