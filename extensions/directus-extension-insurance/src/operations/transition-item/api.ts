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
			// An Error's message is lost when the Flow stores it; keep it readable in the run log.
			if (isDirectusError(error)) throw { code: error.code, status: error.status, message: error.message, ...(error.extensions as object) };
			throw error;
		}
		return { collection, item, status };
	},
});
