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
