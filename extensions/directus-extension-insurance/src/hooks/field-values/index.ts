import type { PrimaryKey, SchemaOverview } from '@directus/types';
import { fieldValueProblem } from '../../domain/rules/field-values';
import { InvalidInputError } from '../../errors';
import { defineInsuranceHook } from '../boundary';

// Every value written to our collections fits its column, whatever the path (REST single,
// batch or by query, nested relational payloads, GraphQL, imports, Flows): the types come from
// the schema Directus passes to the filter, so a new field is covered the day it is added.
// Nested items reach these filters as their own create or update.

function checkPayload(schema: SchemaOverview, collection: string, payload: unknown) {
	const fields = schema.collections[collection]?.fields;
	if (!fields || !payload || typeof payload !== 'object' || Array.isArray(payload)) return;
	const relational = new Set(schema.relations.filter((relation) => relation.collection === collection).map((relation) => relation.field));
	for (const [field, value] of Object.entries(payload as Record<string, unknown>)) {
		const column = fields[field];
		// Alias payloads and objects in a relation are nested writes, checked as such.
		if (!column || column.alias || (relational.has(field) && value !== null && typeof value === 'object')) continue;
		const problem = fieldValueProblem(column, value);
		if (problem) throw new InvalidInputError({ field, problem });
	}
}

/** Keys from the URL or a batch body: an id outside the column's range names no item. */
function checkKeys(schema: SchemaOverview, collection: string, keys: PrimaryKey[] | undefined) {
	const overview = schema.collections[collection];
	if (!overview || !Array.isArray(keys)) return;
	const column = overview.fields[overview.primary];
	if (!column) return;
	for (const key of keys) {
		const problem = fieldValueProblem(column, key);
		if (problem) throw new InvalidInputError({ field: overview.primary, problem });
	}
}

export default defineInsuranceHook(({ filter }) => {
	filter('items.create', (payload, meta, { schema }) => {
		if (schema) checkPayload(schema, meta['collection'], payload);
		return payload;
	});
	filter('items.update', (payload, meta, { schema }) => {
		if (schema) {
			checkKeys(schema, meta['collection'], meta['keys']);
			checkPayload(schema, meta['collection'], payload);
		}
		return payload;
	});
	filter('items.delete', (keys, meta, { schema }) => {
		if (schema) checkKeys(schema, meta['collection'], keys as PrimaryKey[]);
		return keys;
	});
});
