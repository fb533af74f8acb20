import { defineHook } from '@directus/extensions-sdk';
import type { PrimaryKey } from '@directus/types';
import { WriteRefusedError } from '../../errors';

/** Items attached to a parent: the field that holds it and the parent's collection. */
const PARENTS: Record<string, { field: string; parent: string }> = {
	claims: { field: 'policy', parent: 'policies' },
	claim_lines: { field: 'claim', parent: 'claims' },
	claim_messages: { field: 'claim', parent: 'claims' },
};

// Directus checks row filters when items are read, updated or deleted, but a create only
// checks the fields of the payload: nothing stops a client from filing a claim on another
// client's policy id. Here the parent must be readable by the writer, with the writer's own
// permissions (clients: their rows; integrators: the clients they serve; staff: all).
export default defineHook(({ filter }, { services, getSchema }) => {
	filter('items.create', async (payload, meta, { database, schema, accountability }) => {
		const link = PARENTS[meta['collection'] as string];
		if (!link || !accountability || accountability.admin) return payload;
		const item = payload as Record<string, unknown>;
		const key = item[link.field];
		if (typeof key !== 'string' && typeof key !== 'number') return payload;

		const parents = new services.ItemsService(link.parent, { knex: database, schema: schema ?? (await getSchema({ database })), accountability });
		const fields = link.parent === 'policies' ? ['id', 'client'] : ['id'];
		const [parent] = await parents.readByQuery({ filter: { id: { _eq: key as PrimaryKey } }, fields, limit: 1 });
		const collection = meta['collection'] as string;
		if (!parent) throw new WriteRefusedError({ collection, reason: `"${link.field}": ${link.parent} ${key} does not exist or is not yours` });

		if (link.parent === 'policies') {
			const client = parent['client'];
			if (item['client'] !== undefined && item['client'] !== null && String(item['client']) !== String(client)) {
				throw new WriteRefusedError({ collection, reason: `"client": policy ${key} belongs to another client` });
			}
			return { ...item, client };
		}
		return payload;
	});
});
