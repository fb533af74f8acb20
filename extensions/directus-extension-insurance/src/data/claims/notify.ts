// Tells people about claims, after the claim's transaction has committed: the Claims
// Department about each submission, the handler about each answer of the client, the managers
// about each claim waiting for their approval and each overdue claim. A Directus
// notification per person; NotificationsService mails it through Directus' MailService (SMTP
// from env) to everyone who keeps email notifications on. A failed email never touches the claim.
import type { ApiExtensionContext } from '@directus/types';
import { localDate } from '../../domain/billing';
import { AWAITING_DECISION, isOverdue } from '../../domain/claims';
import { isoDate } from '../values';
import { DECIDE_ABOVE_LIMIT } from '../../domain/lifecycles';
import { claimLink, CLAIMS_TEAM, holdersOf, membersOf, readClaimSettings } from './records';

type Context = Pick<ApiExtensionContext, 'services' | 'getSchema' | 'database' | 'env' | 'logger'>;

interface ClaimSummary {
	id: number;
	claim_number: string;
	channel: string;
	total_claimed: string | number;
	total_approved: string | number | null;
	decision_due_date: string | number | Date | null;
	client_name: string;
	policy_number: string;
	assigned_to: string | null;
	lines: number;
}

async function summaries(db: Context['database'], ids: (number | string)[]): Promise<ClaimSummary[]> {
	return db('claims as c')
		.join('clients as cl', 'c.client', 'cl.id')
		.join('policies as p', 'c.policy', 'p.id')
		.whereIn('c.id', ids)
		.select('c.id', 'c.claim_number', 'c.channel', 'c.total_claimed', 'c.total_approved', 'c.decision_due_date', 'c.assigned_to', 'cl.name as client_name', 'p.policy_number')
		.select(db('claim_lines').count('*').whereRaw('claim_lines.claim = c.id').as('lines'));
}

/** What sends one claim's notification to each recipient, for all the claims of one pass. */
async function notifier(ctx: Context) {
	const notifications = new ctx.services.NotificationsService({ knex: ctx.database, schema: await ctx.getSchema(), accountability: null });
	return async (recipients: string[], claim: ClaimSummary, subject: string, text: string) => {
		const link = claimLink(String(ctx.env['PUBLIC_URL'] ?? ''), claim.id);
		const message = `${text}\n\n[Open claim ${claim.claim_number} in Directus](${link})\n\n${link}`;
		for (const recipient of recipients) {
			try {
				await notifications.createOne({ recipient, subject, message, collection: 'claims', item: String(claim.id) });
			} catch (error) {
				ctx.logger.error(error, `insurance: could not notify ${recipient} about claim ${claim.claim_number}`);
			}
		}
	};
}

const due = (claim: ClaimSummary) => (claim.decision_due_date ? isoDate(claim.decision_due_date) : 'not set');

/** Each member of the Claims Department hears about each submitted claim. */
export async function notifySubmitted(ctx: Context, claimIds: (number | string)[]) {
	const team = await membersOf(ctx.database, CLAIMS_TEAM);
	if (team.length === 0) return;
	const send = await notifier(ctx);
	for (const claim of await summaries(ctx.database, claimIds)) {
		const text = `Claim **${claim.claim_number}** of ${claim.client_name} (policy ${claim.policy_number}) came in through ${claim.channel}: ${claim.lines} line(s), ${claim.total_claimed} claimed. Decision due by ${due(claim)}.`;
		await send(team, claim, `New claim ${claim.claim_number} to review`, text);
	}
}

/**
 * The handler who asked hears the client's answer (the claim is back in review); a claim nobody
 * has taken goes to the team, as a submission does.
 */
export async function notifyAnswered(ctx: Context, claimIds: (number | string)[]) {
	const send = await notifier(ctx);
	for (const claim of await summaries(ctx.database, claimIds)) {
		const recipients = claim.assigned_to ? [claim.assigned_to] : await membersOf(ctx.database, CLAIMS_TEAM);
		const answer = await ctx.database('claim_messages').where({ claim: claim.id, kind: 'answer' }).orderBy('id', 'desc').first('body', 'attachment');
		const excerpt = answer ? `\n\n> ${String(answer.body).slice(0, 500).replace(/\n/g, '\n> ')}${answer.attachment ? '\n\nA document is attached.' : ''}` : '';
		const text = `${claim.client_name} answered the information request on claim **${claim.claim_number}** (policy ${claim.policy_number}); it is back in review.${excerpt}`;
		await send(recipients, claim, `Client answered on claim ${claim.claim_number}`, text);
	}
}

/** The managers: whoever holds the right to decide a claim above the approval limit. */
const deciders = (db: Context['database']) => holdersOf(db, 'claim', DECIDE_ABOVE_LIMIT);

/** Those who approve above the approval limit hear about each claim referred to them. */
export async function notifyPendingApproval(ctx: Context, claimIds: (number | string)[]) {
	const managers = await deciders(ctx.database);
	if (managers.length === 0) return;
	const send = await notifier(ctx);
	for (const claim of await summaries(ctx.database, claimIds)) {
		const text = `Claim **${claim.claim_number}** of ${claim.client_name} (policy ${claim.policy_number}) waits for your approval: ${claim.total_claimed} claimed, ${claim.total_approved ?? 'no total'} proposed, above the approval limit.`;
		await send(managers, claim, `Claim ${claim.claim_number} waits for approval`, text);
	}
}

/**
 * Flags the claims still waiting for a decision after their due date and tells the managers,
 * once per claim: the flag is set only where it was not, and only those who set it notify, so
 * reruns, overlapping ticks and several instances escalate each claim once.
 */
export async function escalateOverdue(ctx: Context, asOf?: string): Promise<number[]> {
	const db = ctx.database;
	const settings = await readClaimSettings(db);
	const today = asOf ?? localDate(new Date(), settings.time_zone);
	const candidates: { id: number; status: string; decision_due_date: string | number | Date }[] = await db('claims')
		.whereIn('status', [...AWAITING_DECISION])
		.whereNotNull('decision_due_date')
		.whereNull('escalated_at')
		.select('id', 'status', 'decision_due_date');
	const escalated: number[] = [];
	for (const claim of candidates.filter((c) => isOverdue(c.status, isoDate(c.decision_due_date), today))) {
		const flagged = await db('claims').where('id', claim.id).whereNull('escalated_at').whereIn('status', [...AWAITING_DECISION]).update({ overdue: true, escalated_at: new Date() });
		if (flagged === 1) escalated.push(Number(claim.id));
	}
	if (escalated.length === 0) return escalated;
	const managers = await deciders(db);
	if (managers.length === 0) return escalated;
	const send = await notifier(ctx);
	for (const claim of await summaries(db, escalated)) {
		const text = `Claim **${claim.claim_number}** of ${claim.client_name} (policy ${claim.policy_number}, ${claim.total_claimed} claimed) was due for a decision by ${due(claim)} and is still open.`;
		await send(managers, claim, `Overdue claim ${claim.claim_number}`, text);
	}
	return escalated;
}
