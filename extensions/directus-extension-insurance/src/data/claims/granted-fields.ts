// Fields a business admin added to claims or claim lines and granted to a role: the intake
// accepts them from that role, so the portal's generated form can save them. Whatever the
// server computes or decides is never taken from the request, whatever the grants say.
import type { Accountability } from '@directus/types';
import type { Knex } from 'knex';
import { InvalidInputError } from '../../errors';
import { creatableFields } from '../actor';

/** Filled in by the server or the claims team, never by whoever files the claim. */
const SERVER_OWNED: Record<string, readonly string[]> = {
	claims: ['id', 'status', 'claim_number', 'client', 'channel', 'submitted_at', 'decision_due_date', 'assigned_to', 'assigned_team', 'overdue', 'escalated_at', 'total_claimed', 'total_approved', 'decision_note', 'decided_at', 'payment_reference', 'paid_at', 'lines', 'messages', 'user_created', 'date_created'],
	claim_lines: ['id', 'claim', 'amount_claimed', 'amount_approved', 'rejection_reason'],
};

/**
 * The extra fields of a request item that the caller may set: each must exist in the schema,
 * not be the server's, and be granted to the caller for create; otherwise a 400 naming it.
 */
export async function grantedExtras(
	db: Knex,
	accountability: Accountability,
	collection: 'claims' | 'claim_lines',
	schemaFields: readonly string[],
	extras: Record<string, unknown>,
	path = '',
): Promise<Record<string, unknown>> {
	const keys = Object.keys(extras);
	if (keys.length === 0) return {};
	const grants = await creatableFields(db, accountability, collection);
	for (const key of keys) {
		const allowed = !SERVER_OWNED[collection]!.includes(key) && schemaFields.includes(key) && (grants === '*' || grants.has(key));
		if (!allowed) throw new InvalidInputError({ field: `${path}${key}`, problem: 'is not allowed' });
	}
	return extras;
}
