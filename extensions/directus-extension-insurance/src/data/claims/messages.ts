// The conversation on a claim, whatever path writes a message (our endpoint, REST, GraphQL, a
// Flow): a document sent along must be one a claims handler can open, and the holder's message
// on a claim waiting for information is the answer, which sends the claim back to review in
// the same transaction (the handler hears of it once it is announced: notify.ts).
import type { Accountability } from '@directus/types';
import type { Knex } from 'knex';
import { systemActor } from '../actor';
import { withTransitions, type Platform } from '../engine';
import { checkClaimFile, keyOf } from './lines';
import { fieldRefused } from './records';

export async function checkNewMessage(platform: Platform, db: Knex, accountability: Accountability | null, payload: Record<string, unknown>) {
	await checkClaimFile(db, payload['attachment'], 'attachment');
	const claimKey = keyOf(payload['claim']);
	const writer = accountability?.user;
	if (claimKey === undefined || !writer) return payload;
	const claim = await db('claims as c').join('clients as cl', 'c.client', 'cl.id').where('c.id', claimKey).first('c.id', 'c.status', 'cl.user');
	if (!claim || claim.user !== writer) return payload;
	// What the holder's message is, the server says: an answer or a note, never the request.
	if ('kind' in payload) throw fieldRefused('claim_messages', 'kind');
	if (claim.status !== 'InformationRequested') return { ...payload, kind: 'note' };
	await withTransitions(platform, db, (session) =>
		session.transition({ collection: 'claims', keys: [claim.id], to: 'InReview', trigger: 'automatic', actor: systemActor(writer), reason: 'Client answered' }),
	);
	return { ...payload, kind: 'answer' };
}
