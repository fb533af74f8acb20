// Who is asking, in lifecycle terms: a client, a staff member with role names, or the system.
import type { Accountability } from '@directus/types';
import type { Knex } from 'knex';
import type { ActorKind } from '../domain/lifecycles';

export interface Actor {
	kind: ActorKind;
	roles: string[];
	/** What status_history records: the user id, or the job / process name. */
	id: string;
	accountability: Accountability | null;
}

export const systemActor = (id: string): Actor => ({ kind: 'system', roles: [], id, accountability: null });

/**
 * A person's actor from their Directus accountability. A call without accountability (an
 * extension or a Flow running with full access) acts as an administrator would: it may do any
 * manual transition, never an automatic or job one.
 */
export async function actorOf(accountability: Accountability | null | undefined, database: Knex): Promise<Actor> {
	if (!accountability) return { kind: 'staff', roles: ['Administrator'], id: 'system', accountability: null };
	const roleIds = accountability.roles?.length ? accountability.roles : accountability.role ? [accountability.role] : [];
	const roles = await roleNames(database, roleIds);
	if (accountability.admin && !roles.includes('Administrator')) roles.push('Administrator');
	const kind: ActorKind = roles.includes('Client') && !accountability.admin ? 'client' : 'staff';
	return { kind, roles, id: accountability.user ?? 'anonymous', accountability };
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
