// A claim's decision, whatever path makes it (the claims endpoint's verbs, a status write
// through REST, GraphQL or a Flow): line decisions checked line by line against the proposal,
// the approval taken from the decisions on the lines, a line without one at its proposal's
// amount_benefit (re-adjudicated first: the product or the year's usage may have changed since
// intake), above zero, within the policy's free coverage, compared with the approval limit by
// the caller.
import type { Knex } from 'knex';
import { fromCents, isDomainError, toCents } from '../../domain/billing';
import { decideLine, decideLines, fitsCoverage, type LineDecision, type LineDecisionInput } from '../../domain/claims';
import { InvalidInputError } from '../../errors';
import type { TransitionSession } from '../transitions';
import type { Actor } from '../actor';
import { cutsOf, proposeClaim } from './proposal';
import { approvalLimitFor, asInput, coverageOf, readClaimSettings, type ClaimSettings } from './records';

/** A claim's lines with their decisions and proposals, as the domain decides them. */
export async function linesOf(trx: Knex, claimId: number | string) {
	const rows = await trx('claim_lines').where('claim', claimId).orderBy('id').select('id', 'amount_claimed', 'amount_approved', 'rejection_reason', 'amount_benefit', 'adjudication');
	return rows.map((row) => ({ ...row, adjudication: cutsOf(row.adjudication) }));
}

/** Writes decisions on their lines through Directus with the decider's rights (null: the system's). */
async function writeDecisions(session: TransitionSession, decided: LineDecision[], accountability: Actor['accountability']) {
	const lines = session.items('claim_lines', accountability);
	for (const line of decided) await lines.updateOne(line.id, { amount_approved: line.amount_approved, rejection_reason: line.rejection_reason }, { emitEvents: false });
}

/**
 * Decisions for some or all lines of a claim, each checked against its line; the others keep
 * theirs. `complete`: every line must be decided here (the approve endpoint's body).
 */
export async function recordDecisions(session: TransitionSession, claimId: number | string, decisions: readonly LineDecisionInput[], accountability: Actor['accountability'], complete: boolean) {
	const lines = await linesOf(session.trx, claimId);
	if (complete) return writeDecisions(session, asInput(() => decideLines(lines, decisions)).lines, accountability);
	const byId = new Map(lines.map((line) => [String(line.id), line]));
	const decided = decisions.map((decision, index) => {
		const field = `lines[${index}]`;
		const line = byId.get(String(decision.id));
		if (!line) throw new InvalidInputError({ field: `${field}.id`, problem: `is not a line of this claim: ${decision.id}` });
		return asInput(() => decideLine(line, decision, field));
	});
	await writeDecisions(session, decided, accountability);
}

/**
 * What approving a claim comes to, from the decisions on its lines and its proposal computed
 * again now; refused when it cannot be approved.
 */
export async function approvalOf(session: TransitionSession, claimId: number | string, settings: ClaimSettings) {
	const { trx } = session;
	await proposeClaim(session, claimId);
	const claim = await trx('claims').where('id', claimId).first('policy');
	const lines = await linesOf(trx, claimId);
	const decided = asInput(() => decideLines(lines));
	if (decided.approvedCents === 0) throw new InvalidInputError({ field: 'lines', problem: 'approve nothing: reject the claim instead' });
	const { coverage, committedCents } = await coverageOf(trx, claim.policy, claimId);
	if (!fitsCoverage(coverage, committedCents, decided.approvedCents)) {
		const free = Math.max(0, (coverage.remainingCents ?? 0) - committedCents);
		throw new InvalidInputError({ field: 'lines', problem: `approve at most ${fromCents(free)} in total: that is what is left of the policy's coverage` });
	}
	return { decided, limitCents: await approvalLimitFor(trx, claim.policy, settings) };
}

/**
 * What approving the claim as it stands would come to, read only (the actions offered before
 * any decision): its lines' decisions or proposals, else what was claimed, the most any
 * approval can be; and its approval limit.
 */
export async function approvalForecast(db: Knex, claimId: number | string): Promise<{ approvedCents: number; limitCents: number }> {
	const claim = await db('claims').where('id', claimId).first('policy', 'total_claimed');
	const lines = await linesOf(db, claimId);
	let approvedCents: number;
	try {
		approvedCents = decideLines(lines).approvedCents;
	} catch (error) {
		if (!isDomainError(error)) throw error;
		approvedCents = toCents(claim.total_claimed ?? 0, 'total_claimed');
	}
	return { approvedCents, limitCents: await approvalLimitFor(db, claim.policy, await readClaimSettings(db)) };
}
