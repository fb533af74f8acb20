import type { PrimaryKey, SchemaOverview } from '@directus/types';
import { fieldValueProblem } from '../../domain/rules/field-values';
import { InvalidInputError } from '../../errors';
import { defineInsuranceHook } from '../boundary';

// Every value written to our collections fits its column, whatever the path (REST single,
// batch or by query, nested relational payloads, GraphQL, imports, Flows): the types come from
// the schema Directus passes to the filter, so a new field is covered the day it is added.
// Nested items reach these filters as their own create or update; the keys they name are
// checked here, before Directus looks them up.

const KEY_OPERATORS = ['_eq', '_neq', '_in', '_nin'];

/** Refuses a key that no row of `collection` can have (e.g. beyond the integer range). */
function checkKey(schema: SchemaOverview, collection: string, key: unknown, field: string) {
	const overview = schema.collections[collection];
	const column = overview?.fields[overview.primary];
	if (!column || key === null || key === undefined) return;
	const problem = fieldValueProblem(column, key);
	if (problem) throw new InvalidInputError({ field, problem });
}

/** The keys an o2m payload names: [key | {pk}], or {create, update: [{pk}], delete: [key]}. */
function keysOfMany(value: unknown, primary: string): unknown[] {
	const keyOf = (entry: unknown) => (entry !== null && typeof entry === 'object' ? (entry as Record<string, unknown>)[primary] : entry);
	if (Array.isArray(value)) return value.map(keyOf);
	if (value === null || typeof value !== 'object') return [];
	const { update, delete: removed } = value as { update?: unknown; delete?: unknown };
	return [...(Array.isArray(update) ? update.map(keyOf) : []), ...(Array.isArray(removed) ? removed : [])];
}

function checkPayload(schema: SchemaOverview, collection: string, payload: unknown) {
	const fields = schema.collections[collection]?.fields;
	if (!fields || !payload || typeof payload !== 'object' || Array.isArray(payload)) return;
	for (const [field, value] of Object.entries(payload as Record<string, unknown>)) {
		const column = fields[field];
		if (!column) continue;
		const toOne = schema.relations.find((relation) => relation.collection === collection && relation.field === field && relation.related_collection);
		const toMany = schema.relations.find((relation) => relation.related_collection === collection && relation.meta?.one_field === field);
		if (toMany) {
			const primary = schema.collections[toMany.collection]?.primary ?? 'id';
			for (const key of keysOfMany(value, primary)) checkKey(schema, toMany.collection, key, field);
			continue;
		}
		if (column.alias) continue;
		if (toOne && value !== null && typeof value === 'object') {
			// A nested item: its key is looked up before its own filters run.
			const related = toOne.related_collection!;
			checkKey(schema, related, (value as Record<string, unknown>)[schema.collections[related]?.primary ?? 'id'], field);
			continue;
		}
		const problem = fieldValueProblem(column, value);
		if (problem) throw new InvalidInputError({ field, problem });
	}
}

/** Keys from the URL or a batch body: an id outside the column's range names no item. */
function checkKeys(schema: SchemaOverview, collection: string, keys: PrimaryKey[] | undefined) {
	const overview = schema.collections[collection];
	if (!overview || !Array.isArray(keys)) return;
	for (const key of keys) checkKey(schema, collection, key, overview.primary);
}

/** Reads by key (GET /items/c/:id becomes a filter on the primary key). */
function checkQuery(schema: SchemaOverview, collection: string, filter: unknown) {
	const overview = schema.collections[collection];
	if (!overview || !filter || typeof filter !== 'object') return;
	for (const [key, condition] of Object.entries(filter as Record<string, unknown>)) {
		if ((key === '_and' || key === '_or') && Array.isArray(condition)) {
			for (const part of condition) checkQuery(schema, collection, part);
			continue;
		}
		if (key !== overview.primary || !condition || typeof condition !== 'object') continue;
		for (const [operator, operand] of Object.entries(condition as Record<string, unknown>)) {
			if (!KEY_OPERATORS.includes(operator)) continue;
			for (const value of Array.isArray(operand) ? operand : [operand]) {
				// Dynamic variables ($CURRENT_USER...) are resolved later by Directus.
				if (typeof value === 'string' && value.startsWith('$')) continue;
				checkKey(schema, collection, value, overview.primary);
			}
		}
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
	filter('items.query', (query, meta, { schema }) => {
		if (schema) checkQuery(schema, meta['collection'], (query as { filter?: unknown }).filter);
		return query;
	});
});
