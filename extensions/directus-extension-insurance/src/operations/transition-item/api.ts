import { defineOperationApi } from '@directus/extensions-sdk';
import { isDirectusError } from '@directus/errors';
import type { PrimaryKey } from '@directus/types';

interface Options {
	collection: string;
	item: PrimaryKey;
	status: string;
	reason?: string | null;
}

// Moves an item with the rights the Flow runs with. The update goes through Directus, so the
// lifecycle guard checks it exactly as it checks a REST or GraphQL write, with the same errors.
export default defineOperationApi<Options>({
	id: 'insurance-transition-item',
	handler: async ({ collection, item, status, reason }, { services, database, getSchema, accountability }) => {
		const items = new services.ItemsService(collection, { knex: database, schema: await getSchema({ database }), accountability });
		try {
			await items.updateOne(item, reason ? { status, status_reason: reason } : { status });
		} catch (error) {
			// An Error's message is lost when the Flow stores it; keep it readable in the run log
			// (every field problem of the write, when there are several).
			const readable = (e: unknown) => (isDirectusError(e) ? { code: e.code, status: e.status, message: e.message, ...(e.extensions as object) } : e);
			throw Array.isArray(error) ? error.map(readable) : readable(error);
		}
		return { collection, item, status };
	},
});
