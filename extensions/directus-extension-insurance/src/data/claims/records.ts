// Reads the claim workflow needs, shared by intake, review, consequences and notifications.
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { isDomainError, localDate } from '../../domain/billing';
import { approvalLimitCents, coverage, type Coverage } from '../../domain/claims';
import { invalidField, WriteRefusedError } from '../../errors';
import type { Actor } from '../actor';

export const CLAIMS_TEAM = 'Claims Department';

export interface ClaimSettings {
	time_zone: string;
	claim_service_level_days: number;
	claim_approval_limit: string | number;
	currency: string;
}

export async function readClaimSettings(db: Knex): Promise<ClaimSettings> {
	const row = await db('insurance_settings').first('time_zone', 'claim_service_level_days', 'claim_approval_limit', 'currency');
	return { time_zone: row?.time_zone ?? 'UTC', claim_service_level_days: Number(row?.claim_service_level_days ?? 10), claim_approval_limit: row?.claim_approval_limit ?? 1000, currency: row?.currency ?? 'EUR' };
}

/** The insurer's calendar date now. */
export const insurerToday = (settings: ClaimSettings, now = DateTime.now()) => localDate(now, settings.time_zone);

/**
 * The same person with full rights, for writes our endpoints have already authorised against
 * the lifecycle table and the caller's row permissions: clients may file and answer, but may
 * not write claim numbers, statuses or decisions through the API themselves.
 */
export function asTrusted(actor: Actor): Actor {
	return { ...actor, accountability: actor.accountability ? { ...actor.accountability, admin: true } : null };
}

/** Active users of a role: the team a claim is assigned to. */
export async function membersOf(db: Knex, roleName: string): Promise<string[]> {
	return db('directus_users as u').join('directus_roles as r', 'u.role', 'r.id').where('r.name', roleName).where('u.status', 'active').orderBy('u.email').pluck('u.id');
}

/**
 * Active users holding a right of a lifecycle through an access policy of theirs or of their
 * role (transition_permissions): the managers a claim above the approval limit waits for.
 */
export async function holdersOf(db: Knex, lifecycle: string, right: string): Promise<string[]> {
	const policies = db('transition_permissions').where({ lifecycle, action: right }).select('policy');
	return db('directus_users as u')
		.where('u.status', 'active')
		.where((q) =>
			q.whereIn('u.id', db('directus_access').whereIn('policy', policies).whereNotNull('user').select('user')).orWhereIn('u.role', db('directus_access').whereIn('policy', policies).whereNotNull('role').select('role')),
		)
		.orderBy('u.email')
		.pluck('u.id');
}

export async function roleId(db: Knex, roleName: string): Promise<string | null> {
	return (await db('directus_roles').where('name', roleName).first('id'))?.id ?? null;
}

/** The approval limit for a claim: its product's, else the insurer's default. */
export async function approvalLimitFor(db: Knex, policyId: number | string, settings: ClaimSettings): Promise<number> {
	const product = await db('policies as p').join('products as pr', 'p.product', 'pr.id').where('p.id', policyId).first('pr.claim_approval_limit');
	return approvalLimitCents(product?.claim_approval_limit, settings.claim_approval_limit);
}

/** Coverage of a policy, and what claims approved but not yet paid already hold of it. */
export async function coverageOf(db: Knex, policyId: number | string, exceptClaim?: number | string): Promise<{ coverage: Coverage; committedCents: number }> {
	const policy = await db('policies').where('id', policyId).first('coverage_limit');
	const rows: { status: string; total_approved: string | number | null }[] = await db('claims')
		.where('policy', policyId)
		.whereIn('status', ['Paid', 'Approved', 'PendingApproval'])
		.modify((query) => (exceptClaim === undefined ? query : query.whereNot('id', exceptClaim)))
		.select('status', 'total_approved');
	const paid = rows.filter((r) => r.status === 'Paid').map((r) => r.total_approved ?? 0);
	const committed = coverage(null, rows.filter((r) => r.status !== 'Paid').map((r) => r.total_approved ?? 0)).usedCents;
	return { coverage: coverage(policy?.coverage_limit ?? null, paid), committedCents: committed };
}

/** Where a person opens a claim in the Directus app. */
export function claimLink(publicUrl: string, claimId: number | string): string {
	return `${publicUrl.replace(/\/+$/, '')}/admin/content/claims/${claimId}`;
}

/** Runs a domain rule; its refusal becomes a 400 naming the field (said once, not twice). */
export function asInput<T>(rule: () => T): T {
	try {
		return rule();
	} catch (error) {
		if (!isDomainError(error)) throw error;
		throw invalidField(error.field, error.message, error.code);
	}
}

/** Kept by the server from the lines: never taken from a request. */
export const COMPUTED_CLAIM_FIELDS = ['total_claimed', 'total_approved'];

/**
 * A field nobody writes through the item API: refused as Directus refuses a field it does not
 * grant (403), in the intake endpoint's words (`"lines[0].amount_claimed" is not allowed`).
 */
export const fieldRefused = (collection: string, field: string) => new WriteRefusedError({ collection, reason: `"${field}" is not allowed` });

export function refuseComputedFields(payload: Record<string, unknown>) {
	const sent = COMPUTED_CLAIM_FIELDS.find((field) => field in payload);
	if (sent) throw fieldRefused('claims', sent);
}
