// policy_documents: every document a client received, by policy (the policy schedule; the
// decision letters of its claims), which is also what lets the client read the file itself.
import type { Knex } from 'knex';

export type DocumentKind = 'policy_schedule' | 'decision_letter';

/**
 * Lists a stored document; false when one of that kind is listed already (for its claim, or
 * the policy's own schedule), so the caller removes the file it made.
 */
export async function listDocument(db: Knex, document: { policy: number | string; claim: number | string | null; kind: DocumentKind; file: string }): Promise<boolean> {
	return db.transaction(async (trx) => {
		const same = trx('policy_documents').where({ policy: document.policy, kind: document.kind });
		if (document.claim === null) same.whereNull('claim');
		else same.where('claim', document.claim);
		if (await same.first('id')) return false;
		await trx('policy_documents').insert({ ...document, created_at: new Date() });
		return true;
	});
}

/**
 * Decision letters written before policy_documents existed, listed once (setup, after the
 * schema has the table; the table is new, so a migration would run before it exists).
 */
export async function listEarlierDecisionLetters(db: Knex): Promise<number> {
	const missing: { id: number; policy: number; decision_letter: string; decided_at: unknown }[] = await db('claims as c')
		.whereNotNull('c.decision_letter')
		.whereNotExists(db('policy_documents as d').whereRaw('d.claim = c.id').where('d.kind', 'decision_letter'))
		.select('c.id', 'c.policy', 'c.decision_letter', 'c.decided_at');
	for (const claim of missing) {
		const decidedAt = claim.decided_at ? new Date(claim.decided_at as string | number) : new Date();
		await db('policy_documents').insert({ policy: claim.policy, claim: claim.id, kind: 'decision_letter', file: claim.decision_letter, created_at: decidedAt });
	}
	return missing.length;
}
