// The claim line kinds intake accepts: the active rows of `claim_line_kinds`, read on every
// request, so a kind a Business Admin adds in the app is filed at once, on every path.
import type { Knex } from 'knex';

/** Codes of the active kinds, in code order (the order the refusal lists them). */
export async function activeKinds(db: Knex): Promise<string[]> {
	const rows: { code: string }[] = await db('claim_line_kinds').where('active', true).orderBy('code').select('code');
	return rows.map((row) => String(row.code));
}
