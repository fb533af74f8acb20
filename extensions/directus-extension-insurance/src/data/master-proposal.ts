// "The status moves from Draft into Proposal automatically when the associated policies are
// generated": the first member policy written for a Draft master policy (created with it, or
// attached to it) moves the master in the member's own transaction, through the engine like
// every transition. Later members find it in Proposal and change nothing.
import type { Knex } from 'knex';
import type { Accountability, PrimaryKey } from '@directus/types';
import { localDate } from '../domain/billing';
import { lifecycles } from '../domain/lifecycles';
import { InvalidInputError } from '../errors';
import { systemActor, type Actor } from './actor';
import { withTransitions, type Platform } from './engine';
import { creationHistory, recordTransitions } from './transitions';

export const MEMBERS_GENERATED = 'Member policies generated';

/** The master policy a member's payload names: its key, 'new' for a nested creation, null for none. */
function masterNamed(value: unknown): PrimaryKey | 'new' | null {
	if (value === undefined || value === null) return null;
	if (typeof value === 'number' || typeof value === 'string') return value;
	if (typeof value === 'object' && !Array.isArray(value)) {
		const key = (value as Record<string, unknown>)['id'];
		return typeof key === 'number' || typeof key === 'string' ? key : 'new';
	}
	return null;
}

export async function proposeMasterOfMember(platform: Platform, payload: Record<string, unknown>, database: Knex, accountability: Accountability | null | undefined) {
	const master = masterNamed(payload['master_policy']);
	if (master === null) return;
	// A master created inside its own member would be born with a member: it could never be
	// a Draft, yet nothing would have generated it. Group contracts are set up first.
	if (master === 'new') throw new InvalidInputError({ field: 'master_policy', problem: 'must be an existing master policy: create the master policy first, then its member policies' });
	const row = await database('master_policies').where('id', master).first('status', 'proposal_date');
	if (row?.status !== 'Draft') return;

	// The move is the system's; the history names the user whose write generated the member.
	const actor: Actor = systemActor(accountability?.user ?? 'system');
	const settings = await database('insurance_settings').first('time_zone');
	const fields = row.proposal_date ? {} : { proposal_date: localDate(new Date(), settings?.time_zone ?? 'UTC') };
	await withTransitions(platform, database, async (session) => {
		// A master created in this same request (with its members nested) has its creation
		// recorded here, before the move, rather than after the commit.
		const recorded = await session.trx('status_history').where({ collection: 'master_policies', item: String(master), from_status: null }).first('id');
		if (!recorded) await recordTransitions(session.trx, creationHistory(lifecycles.master_policy, 'master_policies', String(master), undefined, actor.id, null));
		await session.transition({ collection: 'master_policies', keys: [master], to: 'Proposal', trigger: 'automatic', actor, reason: MEMBERS_GENERATED, fields });
	});
}
