// The claims team's work on a claim, one action at a time (take, request information, decide,
// refer, pay, withdraw...), and the conversation with the client. Each action is a verb of the
// claim lifecycle table; its fields, messages and line decisions commit with the transition.
import { ForbiddenError } from '@directus/errors';
import { fromCents } from '../../domain/billing';
import { approvalOutcome, type LineDecisionInput } from '../../domain/claims';
import { lifecycles, ruleForAction } from '../../domain/lifecycles';
import { InvalidInputError } from '../../errors';
import { mayCreate, rightsOn, type Actor } from '../actor';
import { withTransitions, type Platform } from '../engine';
import type { TransitionSession } from '../transitions';
import { approvalOf, recordDecisions } from './decisions';
import { asTrusted, readClaimSettings } from './records';

export const CLAIM_ACTIONS = [...new Set(lifecycles.claim.transitions.flatMap((rule) => (rule.action ? [rule.action] : [])))];

export interface ActionInput {
	reason?: string | null;
	message?: string;
	decision_note?: string | null;
	lines?: LineDecisionInput[];
	payment_reference?: string;
}

export async function performAction(platform: Platform, actor: Actor, claimId: number, action: string, input: ActionInput, seen: Map<string, string>) {
	return withTransitions(platform, platform.database, async (session) => {
		const from = seen.get(String(claimId))!;
		const rule = ruleForAction(lifecycles.claim, from, action);
		if (!rule) {
			const possible = lifecycles.claim.transitions.filter((r) => r.from === from && r.action).map((r) => r.action);
			throw new InvalidInputError({ field: 'action', problem: `"${action}" is not possible on claims ${claimId} in status ${from}; possible: ${possible.join(', ') || 'none'}` });
		}
		const trusted = asTrusted(actor);
		const move = (to: string, fields: Record<string, unknown> = {}, reason = input.reason ?? null) =>
			session.transition({ collection: 'claims', keys: [claimId], to, trigger: 'manual', actor: trusted, expected: seen, requireChange: true, reason, fields });

		switch (action) {
			case 'take':
				return move(rule.to, { assigned_to: actor.accountability?.user ?? null });
			case 'request-information':
				await move(rule.to, {}, input.message!);
				return addMessage(session, trusted, claimId, 'information_request', input.message!);
			case 'approve':
				return approve(session, actor, claimId, from, input, seen);
			case 'reject':
				// Lines, total and decision date follow from the note (consequences).
				return move(rule.to, { decision_note: input.decision_note }, input.decision_note ?? null);
			case 'pay':
				return move(rule.to, { payment_reference: input.payment_reference }, `Payment ${input.payment_reference}`);
			default:
				return move(rule.to);
		}
	});
}

/**
 * Decides the lines and approves, or, when the approved total is above the approval limit and
 * the decider is not a Manager, sends the claim to PendingApproval (the table's automatic rule).
 * What an approval stands on is checked by its consequences, as on every other path.
 */
async function approve(session: TransitionSession, actor: Actor, claimId: number, from: string, input: ActionInput, seen: Map<string, string>) {
	const trusted = asTrusted(actor);
	if (input.lines) await recordDecisions(session, claimId, input.lines, trusted.accountability, true);
	const { decided, limitCents } = await approvalOf(session, claimId, await readClaimSettings(session.trx));
	const fields = { decision_note: input.decision_note ?? null };
	if (approvalOutcome(decided.approvedCents, limitCents, rightsOn(actor, 'claim')) === 'PendingApproval' && from === 'InReview') {
		// The handler's decision stands as a proposal; a Manager approves it (automatic rule).
		await session.transition({
			collection: 'claims',
			keys: [claimId],
			to: 'PendingApproval',
			trigger: 'automatic',
			actor: { ...trusted, kind: 'system' },
			expected: seen,
			requireChange: true,
			reason: `Approved total ${decided.total_approved} is above the approval limit ${fromCents(limitCents)}: a Manager decides`,
			fields,
		});
	} else {
		await session.transition({ collection: 'claims', keys: [claimId], to: 'Approved', trigger: 'manual', actor: trusted, expected: seen, requireChange: true, reason: input.decision_note ?? null, fields });
	}
}

async function addMessage(session: TransitionSession, author: Actor, claimId: number, kind: string, body: string) {
	return session.items('claim_messages', author.accountability).createOne({ claim: claimId, kind, body });
}

/**
 * A message on a claim. A client's message on a claim waiting for information is the answer:
 * the claim goes back to review in the same transaction.
 */
export async function postMessage(platform: Platform, actor: Actor, claimId: number, body: string, seen: Map<string, string>) {
	// Staff who may write claim messages (their policies' permissions) talk with the client;
	// clients write on their own claims.
	if (actor.kind !== 'client' && !(await mayCreate(platform.database, actor, 'claim_messages'))) throw new ForbiddenError();
	const answers = actor.kind === 'client' && seen.get(String(claimId)) === 'InformationRequested';
	await withTransitions(platform, platform.database, async (session) => {
		const trusted = asTrusted(actor);
		await addMessage(session, trusted, claimId, answers ? 'answer' : 'note', body);
		if (answers) {
			await session.transition({ collection: 'claims', keys: [claimId], to: 'InReview', trigger: 'automatic', actor: { ...trusted, kind: 'system' }, expected: seen, reason: 'Client answered' });
		}
	});
}
