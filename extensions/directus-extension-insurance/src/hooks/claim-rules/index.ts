import { defineHook } from '@directus/extensions-sdk';
import type { PrimaryKey } from '@directus/types';
import { checkClaimCreation, checkLineChange, checkLineRemoval, checkNewLine } from '../../data/claims/lines';
import { checkNewMessage } from '../../data/claims/messages';
import { refuseComputedFields } from '../../data/claims/records';
import { platformFor } from '../../data/engine';

// Claims, their lines and messages obey the intake endpoint's rules on every write of the item
// API (REST single, batch or by query, nested `lines`, GraphQL, imports, Flows, other
// extensions). A status change is checked by the lifecycle guard and the transition's
// consequences; these filters check what is written around it, in the writer's transaction
// where Directus opens one (a client's answer moves its claim back to review there).
export default defineHook(({ filter }, context) => {
	filter('claims.items.create', async (payload, _meta, { database }) => {
		await checkClaimCreation(database, payload as Record<string, unknown>);
		return payload;
	});

	filter('claims.items.update', async (payload) => {
		refuseComputedFields(payload as Record<string, unknown>);
		return payload;
	});

	filter('claim_lines.items.create', async (payload, _meta, { database }) => checkNewLine(database, payload as Record<string, unknown>));

	filter('claim_lines.items.update', async (payload, meta, { database }) => checkLineChange(database, meta['keys'] as PrimaryKey[], payload as Record<string, unknown>));

	filter('claim_lines.items.delete', async (keys, _meta, { database }) => {
		await checkLineRemoval(database, keys as PrimaryKey[]);
		return keys;
	});

	filter('claim_messages.items.create', async (payload, _meta, { database, schema, accountability }) =>
		checkNewMessage(platformFor(context, schema), database, accountability, payload as Record<string, unknown>),
	);
});
