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
	const roles = roleIds.length ? (await database('directus_roles').whereIn('id', roleIds).pluck('name')) as string[] : [];
	if (accountability.admin && !roles.includes('Administrator')) roles.push('Administrator');
	const kind: ActorKind = roles.includes('Client') && !accountability.admin ? 'client' : 'staff';
	return { kind, roles, id: accountability.user ?? 'anonymous', accountability };
}
