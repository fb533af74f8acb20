// Which files may be attached to a claim: a line's receipt, a message's attachment. The read
// rule on directus_files lets a client open the files of their own claims ($FOLLOW(claim_lines,
// receipt) and $FOLLOW(claim_messages, attachment), see seed/access.yaml), so attaching a file
// is granting its holder access to it. A receipt (or an attachment) is
// therefore the writer's own upload, the claim holder's own upload, or already a receipt on
// one of that holder's claims: no write can hand a client a file of someone else's.
import type { PrimaryKey } from '@directus/types';
import type { Knex } from 'knex';

/** Why the file may not be the receipt of a claim of `holder`, or undefined when it may. */
export async function receiptRefusal(database: Knex, file: string, writer: string | null, holder: PrimaryKey | undefined): Promise<string | undefined> {
	const row = await database('directus_files').where('id', file).first('uploaded_by');
	if (!row) return `file ${file} does not exist or is not yours`;
	if (writer !== null && row.uploaded_by === writer) return undefined;
	if (holder !== undefined) {
		const holderUser = (await database('clients').where('id', holder).first('user'))?.user;
		if (holderUser && row.uploaded_by === holderUser) return undefined;
		const onHolderClaim = await database('claim_lines as l').join('claims as c', 'c.id', 'l.claim').where('l.receipt', file).where('c.client', holder).first('l.id');
		if (onHolderClaim) return undefined;
	}
	return `file ${file} is neither a file you uploaded nor a receipt of this claim's holder`;
}
