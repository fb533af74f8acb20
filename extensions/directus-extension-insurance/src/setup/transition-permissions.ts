// The seeded grants of seed/transition-permissions.yaml: who may start which manual action of
// a lifecycle. Each policy's grants on a lifecycle are written once per database, on a fresh
// install as on an upgraded one, and remembered in insurance_seeded_permissions: from then on
// they are the administrator's, and a revoked grant stays revoked on every later start.
import { createHash } from 'node:crypto';
import { LIFECYCLE_NAMES, lifecycles, rightsOf, type LifecycleName } from '../domain/lifecycles';
import type { SetupContext, Say } from './types';

export interface TransitionPermissionsSeed {
	/** Policy name → lifecycle → actions. */
	grants: Record<string, Partial<Record<LifecycleName, string[]>>>;
}

/** How the records of seeded grants are told from those of seeded permissions (access.ts). */
export const GRANTS_RECORD = 'transition_permissions';

/** The seed's grants, refused when one names a lifecycle or right the tables do not know. */
export function seededGrants(seed: TransitionPermissionsSeed): { policy: string; lifecycle: LifecycleName; actions: string[] }[] {
	return Object.entries(seed.grants).flatMap(([policy, byLifecycle]) =>
		Object.entries(byLifecycle).map(([lifecycle, actions]) => {
			if (!(LIFECYCLE_NAMES as readonly string[]).includes(lifecycle)) throw new Error(`seed/transition-permissions.yaml: ${policy}: unknown lifecycle "${lifecycle}"`);
			const known = rightsOf(lifecycles[lifecycle as LifecycleName]);
			const unknown = (actions ?? []).filter((action) => !known.includes(action));
			if (unknown.length) throw new Error(`seed/transition-permissions.yaml: ${policy}: ${lifecycle} has no right ${unknown.join(', ')}; known: ${known.join(', ')}`);
			return { policy, lifecycle: lifecycle as LifecycleName, actions: actions ?? [] };
		}),
	);
}

export async function seedTransitionPermissions(ctx: SetupContext, seed: TransitionPermissionsSeed, say: Say) {
	const grants = seededGrants(seed);
	let created = 0;
	await ctx.database.transaction(async (trx) => {
		const policies: { id: string; name: string }[] = await trx('directus_policies').whereIn('name', Object.keys(seed.grants)).select('id', 'name');
		const done = new Set(
			(await trx('insurance_seeded_permissions').where('permission_collection', GRANTS_RECORD).select('policy_name', 'action')).map((row) => `${row.policy_name}\u0000${row.action}`),
		);
		for (const { policy: name, lifecycle, actions } of grants) {
			const policy = policies.find((row) => row.name === name);
			if (!policy || done.has(`${name}\u0000${lifecycle}`)) continue;
			const existing = new Set(await trx('transition_permissions').where({ policy: policy.id, lifecycle }).pluck('action'));
			const missing = actions.filter((action) => !existing.has(action));
			if (missing.length) await trx('transition_permissions').insert(missing.map((action) => ({ lifecycle, action, policy: policy.id })));
			created += missing.length;
			const checksum = createHash('sha256').update(JSON.stringify(actions)).digest('hex');
			await trx('insurance_seeded_permissions').insert({ policy_name: name, permission_collection: GRANTS_RECORD, action: lifecycle, checksum });
		}
	});
	if (created > 0) say(`access: ${created} transition permissions granted`);
}
