// Who is asking, in lifecycle terms: a client (the user of a client record), a staff member, or
// the system; and which transition rights (transition_permissions) a person's policies hold.
import type { Accountability } from '@directus/types';
import type { Knex } from 'knex';
import type { ActorKind, LifecycleName, Rights } from '../domain/lifecycles';

/** A person's rights per lifecycle, or 'all' (administrators, extensions acting with full access). */
export type Grants = 'all' | ReadonlyMap<string, readonly string[]>;

export interface Actor {
	kind: ActorKind;
	/** Role names: they pick a claim's intake channel, never a right. */
	roles: string[];
	/** What status_history records: the user id, or the job / process name. */
	id: string;
	/** The transition rights of a person, read with the request; the system's are its table rules. */
	grants: Grants;
	accountability: Accountability | null;
}

const NO_GRANTS: Grants = new Map();

export const systemActor = (id: string): Actor => ({ kind: 'system', roles: [], id, grants: NO_GRANTS, accountability: null });

/** What the actor may start on a lifecycle (the pure core's `rights`). */
export function rightsOn(actor: Actor, lifecycle: LifecycleName): Rights {
	return actor.grants === 'all' ? 'all' : (actor.grants.get(lifecycle) ?? []);
}

/** The user's role and its parent roles (Directus puts the whole chain in `roles`). */
export function roleIdsOf(accountability: Accountability): string[] {
	return accountability.roles?.length ? accountability.roles : accountability.role ? [accountability.role] : [];
}

/** The access policies a person holds: their own and their roles' (directus_access). */
export function accessPolicies(database: Knex, accountability: Accountability): Knex.QueryBuilder {
	const roles = roleIdsOf(accountability);
	return database('directus_access')
		.where((q) => {
			if (accountability.user) q.where('user', accountability.user);
			if (roles.length) q.orWhereIn('role', roles);
			if (!accountability.user && !roles.length) q.whereRaw('1 = 0');
		})
		.select('policy');
}

/** Fields of `collection` the caller may create: '*' for all, else the granted names. */
export async function creatableFields(db: Knex, accountability: Accountability, collection: string): Promise<'*' | Set<string>> {
	if (accountability.admin) return '*';
	const rows: (string | null)[] = await db('directus_permissions').whereIn('policy', accessPolicies(db, accountability)).where({ collection, action: 'create' }).pluck('fields');
	const fields = rows.flatMap((row) => (row ?? '').split(',').map((f) => f.trim()).filter(Boolean));
	return fields.includes('*') ? '*' : new Set(fields);
}

/** Whether a person's policies let them create items of `collection` at all (an extension acting with full access may). */
export async function mayCreate(db: Knex, actor: Actor, collection: string): Promise<boolean> {
	if (!actor.accountability) return true;
	const grants = await creatableFields(db, actor.accountability, collection);
	return grants === '*' || grants.size > 0;
}

/**
 * The grants of a person's policies, read on every request: a grant an administrator adds or
 * revokes holds at once on every instance (one indexed query, no cache to invalidate).
 */
export async function grantsOf(database: Knex, accountability: Accountability): Promise<Grants> {
	if (accountability.admin) return 'all';
	const rows: { lifecycle: string; action: string }[] = await database('transition_permissions')
		.whereIn('policy', accessPolicies(database, accountability))
		.distinct('lifecycle', 'action');
	const grants = new Map<string, string[]>();
	for (const { lifecycle, action } of rows) grants.set(lifecycle, [...(grants.get(lifecycle) ?? []), action]);
	return grants;
}

/** A client signs in to the portal as the user of a client record, without app access (staff have it). */
async function isClient(database: Knex, accountability: Accountability): Promise<boolean> {
	if (accountability.admin || accountability.app || !accountability.user) return false;
	return (await database('clients').where('user', accountability.user).first('id')) !== undefined;
}

/**
 * A person's actor from their Directus accountability. A call without accountability (an
 * extension or a Flow running with full access) acts as an administrator would: it may do any
 * manual transition, never an automatic or job one.
 */
export async function actorOf(accountability: Accountability | null | undefined, database: Knex): Promise<Actor> {
	if (!accountability) return { kind: 'staff', roles: ['Administrator'], id: 'system', grants: 'all', accountability: null };
	const [roles, grants, client] = await Promise.all([roleNames(database, roleIdsOf(accountability)), grantsOf(database, accountability), isClient(database, accountability)]);
	if (accountability.admin && !roles.includes('Administrator')) roles.push('Administrator');
	const kind: ActorKind = client ? 'client' : 'staff';
	return { kind, roles, id: accountability.user ?? 'anonymous', grants, accountability };
}

/**
 * Role names by id, kept for a few seconds: every guarded write and endpoint call needs them,
 * and roles are renamed rarely. A rename made through this instance applies at once
 * (forgetRoleNames), one made through another within ROLE_NAMES_TTL_MS.
 */
const ROLE_NAMES_TTL_MS = 10_000;
const knownRoles = new Map<string, { name: string | undefined; until: number }>();

async function roleNames(database: Knex, roleIds: string[]): Promise<string[]> {
	const now = Date.now();
	const stale = roleIds.filter((id) => (knownRoles.get(id)?.until ?? 0) <= now);
	if (stale.length > 0) {
		const rows: { id: string; name: string }[] = await database('directus_roles').whereIn('id', stale).select('id', 'name');
		for (const id of stale) knownRoles.set(id, { name: rows.find((row) => row.id === id)?.name, until: now + ROLE_NAMES_TTL_MS });
	}
	return roleIds.map((id) => knownRoles.get(id)?.name).filter((name): name is string => name !== undefined);
}

export function forgetRoleNames() {
	knownRoles.clear();
}
