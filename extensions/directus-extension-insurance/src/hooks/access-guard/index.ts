import { defineHook } from '@directus/extensions-sdk';
import type { FilterHandler, PrimaryKey } from '@directus/types';
import { guardWrite } from '../../data/access/guard';

// Every create and update made with a person's rights passes here, whatever the path (REST,
// GraphQL, imports, Flows, other extensions' services, nested relational payloads): the items
// the payload links to must be readable by the writer (data/access/guard.ts). Administrators
// and the system's own writes (no accountability) are trusted.
export default defineHook(({ filter }, { services, getSchema }) => {
	const guard =
		(action: 'create' | 'update'): FilterHandler =>
		async (payload, meta, { database, schema, accountability }) => {
			if (!accountability || accountability.admin || typeof payload !== 'object' || payload === null || Array.isArray(payload)) return payload;
			return guardWrite(
				{ services, database, accountability, schema: schema ?? (await getSchema({ database })) },
				{ action, collection: meta['collection'], payload: payload as Record<string, unknown>, keys: (meta['keys'] as PrimaryKey[] | undefined) ?? [] },
			);
		};
	filter('items.create', guard('create'));
	filter('items.update', guard('update'));
});
