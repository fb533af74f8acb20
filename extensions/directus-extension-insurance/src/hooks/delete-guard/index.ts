import { defineHook } from '@directus/extensions-sdk';
import type { EventContext, PrimaryKey } from '@directus/types';
import { checkWriteAccess, findDeleteBlockers } from '../../data/delete-blockers';
import { DeleteRestrictedError } from '../../errors';

// Every delete through Directus' services (REST, GraphQL, nested payloads, Flows, other
// extensions) hears what keeps an item in place, as a 409, before the database refuses it.
export default defineHook(({ filter }) => {
	const guard = async (collection: string, keys: PrimaryKey[], { database, schema, accountability }: EventContext) => {
		if (!schema || keys.length === 0) return keys;
		const blocked = await findDeleteBlockers(database, schema, collection, keys);
		const item = keys.map(String).find((key) => blocked.has(key));
		if (item === undefined) return keys;
		if (accountability && !accountability.admin) await checkWriteAccess('delete', accountability, collection, keys, { knex: database, schema });
		throw new DeleteRestrictedError({ collection, item, references: blocked.get(item)!, alsoBlocked: blocked.size - 1 });
	};
	filter('items.delete', (keys, meta, context) => guard(String(meta['collection']), keys as PrimaryKey[], context));
	filter('files.delete', (keys, _meta, context) => guard('directus_files', keys as PrimaryKey[], context));
});
