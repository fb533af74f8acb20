import type { PrimaryKey } from '@directus/types';
import { checkCreation, lifecycleForCollection } from '../../domain/lifecycles';
import { actorOf, forgetRoleNames, rightsOn } from '../../data/actor';
import { platformFor, withTransitions, type Platform } from '../../data/engine';
import { creationHistory, readStatuses, recordTransitions, type TransitionCommand } from '../../data/transitions';
import { TransitionNotAllowedError, WriteRefusedError } from '../../errors';
import { defineInsuranceHook } from '../boundary';

/** Written by the lifecycle engine only: nobody edits the record of what happened. */
const ENGINE_OWNED = ['status_history', 'insurance_events'];

/** Fields written while the item is a Draft only ('*': all but the status). */
const DRAFT_ONLY: Record<string, '*' | string[]> = { policy_change_requests: '*', claims: ['policy', 'client', 'channel'] };

// Every write that touches a lifecycle status passes here, whatever its path (REST single,
// batch or by query, GraphQL, the SDK, Flows, other extensions' ItemsService calls).
export default defineInsuranceHook(({ filter, action }, context) => {
	const platform: Platform = context;

	filter('items.create', async (payload, meta, { database, accountability }) => {
		const collection = meta['collection'] as string;
		if (ENGINE_OWNED.includes(collection)) throw new WriteRefusedError({ collection, reason: `${collection} is append-only and written by the lifecycle engine` });
		const lifecycle = lifecycleForCollection(collection);
		const status = (payload as Record<string, unknown>)['status'];
		if (!lifecycle || status === undefined || status === lifecycle.initial) return payload;
		const actor = await actorOf(accountability, database);
		const check = checkCreation(lifecycle, String(status), { trigger: 'manual', actor: actor.kind, rights: rightsOn(actor, lifecycle.name) });
		if (!check.ok) throw new TransitionNotAllowedError({ collection, item: 'new item', from: '(none)', to: String(status), allowed: check.allowedTargets });
		return payload;
	});

	// A lifecycle item's life starts in its history too (after the insert: the key is known then),
	// unless its own transaction recorded it already (a master policy moved by its first member).
	action('items.create', async ({ collection, key, payload }, { database, accountability }) => {
		const lifecycle = lifecycleForCollection(collection);
		if (!lifecycle) return;
		if (await database('status_history').where({ collection, item: String(key), from_status: null }).first('id')) return;
		const status = String(payload?.status ?? lifecycle.initial);
		const actor = await actorOf(accountability, database);
		// The filter above allowed this status for this actor.
		const check = checkCreation(lifecycle, status, { trigger: 'manual', actor: actor.kind, rights: rightsOn(actor, lifecycle.name) });
		await recordTransitions(database, creationHistory(lifecycle, collection, String(key), check.ok ? check.via : undefined, actor.id, null));
	});

	filter('items.update', async (payload, meta, { database, schema, accountability }) => {
		const collection = meta['collection'] as string;
		const keys = meta['keys'] as PrimaryKey[];
		if (ENGINE_OWNED.includes(collection)) throw new WriteRefusedError({ collection, reason: `${collection} is append-only and written by the lifecycle engine` });
		const lifecycle = lifecycleForCollection(collection);
		if (!lifecycle) return payload;
		const { status, ...fields } = payload as Record<string, unknown>;

		// Fields written in Draft only (a change request's, what a claim is filed on); the statuses
		// seen here must still hold when the transition locks the rows.
		let seen: Map<string, string> | undefined;
		const draftOnly = DRAFT_ONLY[collection];
		const frozenFields = draftOnly === '*' ? Object.keys(fields) : Object.keys(fields).filter((field) => draftOnly?.includes(field));
		if (frozenFields.length > 0) {
			seen = await readStatuses(database, collection, keys);
			const frozen = [...seen].filter(([, s]) => s !== 'Draft');
			if (frozen.length > 0) {
				const [item, itemStatus] = frozen[0]!;
				const what = draftOnly === '*' ? 'its fields are' : `${frozenFields.join(', ')} ${frozenFields.length > 1 ? 'are' : 'is'}`;
				throw new WriteRefusedError({ collection, reason: `${collection} ${item} is ${itemStatus}: ${what} read-only once it leaves Draft` });
			}
		}
		if (status === undefined) return payload;

		const actor = await actorOf(accountability, database);
		const command: TransitionCommand = { collection, keys, to: String(status), trigger: 'manual', actor, fields, expected: seen, reason: (fields['status_reason'] as string | undefined) ?? null, track: false };
		await withTransitions(platformFor(platform, schema), database, (session) => session.transition(command));
		// The moved items are written, status and fields, in one transaction with their history.
		// Directus then writes the fields again (once more for moved items, the first time for
		// items already in that status) and records the request's activity and revision, but
		// never the status: a stale value must not undo a concurrent transition. Fields the
		// transition recorded itself (a claim approval's line decisions) are not written twice.
		return command.fields ?? {};
	});

	// Role names pick a claim's intake channel: a renamed or removed role counts at once.
	action('roles.update', forgetRoleNames);
	action('roles.delete', forgetRoleNames);

	filter('items.delete', async (keys, meta) => {
		const collection = meta['collection'] as string;
		if (ENGINE_OWNED.includes(collection)) throw new WriteRefusedError({ collection, reason: `${collection} is append-only and written by the lifecycle engine` });
		return keys;
	});
});
