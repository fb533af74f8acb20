// On decision (a claim becoming Approved or Rejected, by whatever path), the claim's decision
// letter is written, stored as a Directus file in "Decision letters", linked as
// claims.decision_letter, listed in policy_documents and mailed to the client with the PDF
// attached. It runs after the decision has committed: a failure here is logged and never
// undoes the decision.
//
// A claim keeps the first letter it was sent: a decided claim does not change, and the client
// must be able to trust the document they received. A second run (another instance hearing of
// the same claim, a retry) finds the letter linked and does nothing.
import type { ApiExtensionContext, SchemaOverview } from '@directus/types';
import { localDate } from '../../domain/billing';
import type { LetterLine } from '../../domain/documents/decision-letter';
import { documentLanguage, label } from '../../domain/documents/i18n';
import { insurerToday, readClaimSettings } from '../claims/records';
import { isoDate } from '../values';
import { decisionLetterPdf } from './decision-letter';
import { listDocument } from './listing';
import { mailDocument } from './mail';
import { removeDocument, storeDocument } from './store';

type Context = Pick<ApiExtensionContext, 'services' | 'getSchema' | 'database' | 'env' | 'logger'>;

/** The statuses a claim is decided in. */
export const DECISIONS = ['Approved', 'Rejected'];
export const DECISION_LETTER_FOLDER = 'Decision letters';

export async function issueDecisionLetters(ctx: Context, claimIds: (number | string)[]) {
	const schema = await ctx.getSchema({ database: ctx.database });
	for (const claimId of claimIds) {
		try {
			await issueDecisionLetter(ctx, schema, claimId);
		} catch (error) {
			ctx.logger.error(error, `insurance: could not issue the decision letter of claim ${claimId}`);
		}
	}
}

/**
 * Issues the letter of one decided claim; returns its file id, or null when there is nothing to
 * do. `mail: false` stores it without mailing the client (the demo data's past decisions).
 */
export async function issueDecisionLetter(ctx: Omit<Context, 'logger'> & Partial<Pick<Context, 'logger'>>, schema: SchemaOverview, claimId: number | string, { mail = true } = {}): Promise<string | null> {
	const db = ctx.database;
	const claim = await db('claims').where('id', claimId).first('id', 'claim_number', 'status', 'submitted_at', 'decided_at', 'decision_note', 'policy', 'client', 'decision_letter');
	if (!claim || !DECISIONS.includes(claim.status) || claim.decision_letter) return null;
	const lines = await db('claim_lines as l')
		.leftJoin('claim_line_kinds as k', 'l.kind', 'k.code')
		.where('l.claim', claimId)
		.orderBy('l.id')
		.select('l.kind', 'k.name as kind_name', 'l.description', 'l.service_date', 'l.amount_claimed', 'l.amount_eligible', 'l.amount_deductible', 'l.amount_copay', 'l.amount_benefit', 'l.amount_approved', 'l.adjudication', 'l.rejection_reason');
	const policy = await db('policies as p').join('products as pr', 'p.product', 'pr.id').where('p.id', claim.policy).first('p.policy_number', 'p.currency', 'pr.name as product_name');
	const client = await db('clients as c').leftJoin('directus_users as u', 'c.user', 'u.id').where('c.id', claim.client).first('c.name', 'c.email', 'u.language');
	const settings = await readClaimSettings(db);
	const issuer = (await db('directus_settings').first('project_name'))?.project_name || 'Insurance';
	const day = (instant: unknown) => (instant === null || instant === undefined ? null : localDate(instant instanceof Date ? instant : new Date(instant as string | number), settings.time_zone));

	const letterClaim = { claim_number: claim.claim_number ?? String(claim.id), status: claim.status, submitted_at: day(claim.submitted_at), decided_at: day(claim.decided_at), decision_note: claim.decision_note };
	const letterLines: LetterLine[] = lines.map((line) => ({
		...line,
		service_date: isoDate(line.service_date),
		adjudication: typeof line.adjudication === 'string' ? JSON.parse(line.adjudication) : line.adjudication,
	}));
	const bytes = await decisionLetterPdf(letterClaim, letterLines, { policy_number: policy.policy_number, product_name: policy.product_name, currency: policy.currency ?? settings.currency }, client, client.language, {
		issuer,
		issuedOn: insurerToday(settings),
	});

	const language = documentLanguage(client.language);
	const filename = `${letterClaim.claim_number}-decision.pdf`;
	const file = await storeDocument(ctx, schema, { folder: DECISION_LETTER_FOLDER, filename, title: `${label(language, 'letterTitle')} ${letterClaim.claim_number}`, bytes });
	// A system write of the link only: no status, so no transition; the first letter linked wins.
	const linked = await db('claims').where('id', claimId).whereNull('decision_letter').update({ decision_letter: file });
	if (linked === 0) {
		await removeDocument(ctx, schema, file);
		return null;
	}
	await listDocument(db, { policy: claim.policy, claim: claim.id, kind: 'decision_letter', file });

	if (mail && client.email) {
		try {
			const decision = label(language, `status.${claim.status as 'Approved' | 'Rejected'}`).toLowerCase();
			const portal = `${String(ctx.env['PUBLIC_URL'] ?? '').replace(/\/+$/, '')}/insurance/portal#/claims/${claim.id}`;
			await mailDocument(ctx, schema, {
				to: client.email,
				subject: label(language, 'mailSubject', { claim: letterClaim.claim_number }),
				paragraphs: [label(language, 'mailBody', { claim: letterClaim.claim_number, decision })],
				link: { href: portal, text: label(language, 'mailLink') },
				attachment: { filename, bytes },
			});
		} catch (error) {
			ctx.logger?.error(error, `insurance: could not mail the decision letter of claim ${letterClaim.claim_number} to its client`);
		}
	}
	return file;
}
