// Every way Directus lets a write payload point at another item, reduced to the keys it names.
// Directus resolves these forms after the create/update filters have run (PayloadService
// processM2O / processO2M), so whatever checks a relation must read them in all their forms:
//
//   many-to-one   12 | "12" | {id: 12} (link) | {id: 12, ...changes} (nested update; a
//                 nested create when 12 does not exist) | {...fields} (nested create)
//   one-to-many   [12, {id: 13}, {id: 14, ...changes}, {...new}] |
//                 {create: [{...new}], update: [{id: 14, ...changes}], delete: [15]}
//
// Nested creates are written by Directus through the related collection's own service, with
// the writer's rights, firing that collection's own create filter: their links are checked
// there. Every key named here must be an item the writer can read.
import type { PrimaryKey } from '@directus/types';

/** The part of Directus' relation overview this module needs. */
export interface RelationInfo {
	collection: string;
	field: string;
	related_collection: string | null;
	meta: { one_field?: string | null } | null;
}

/** A many-to-one field of the collection and the collection it points at. */
export interface ManyToOne {
	field: string;
	related: string;
}

/** A one-to-many alias field of the collection: its items live in `child`, linked by `childField`. */
export interface OneToMany {
	field: string;
	child: string;
	childField: string;
}

export function relationsOf(relations: readonly RelationInfo[], collection: string): { manyToOne: ManyToOne[]; oneToMany: OneToMany[] } {
	return {
		manyToOne: relations.filter((r) => r.collection === collection && r.related_collection).map((r) => ({ field: r.field, related: r.related_collection! })),
		oneToMany: relations
			.filter((r) => r.related_collection === collection && r.meta?.one_field)
			.map((r) => ({ field: r.meta!.one_field!, child: r.collection, childField: r.field })),
	};
}

/** How a primary key is typed, as far as telling a key from anything else goes. */
export type KeyType = 'integer' | 'uuid' | 'string';

export type Reference =
	| { form: 'key'; key: PrimaryKey }
	| { form: 'update'; key: PrimaryKey }
	| { form: 'create'; item: Record<string, unknown> }
	| { form: 'invalid'; problem: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A key as the related collection stores it (integers as numbers), or undefined when it cannot be one. */
export function asKey(value: unknown, type: KeyType): PrimaryKey | undefined {
	if (type === 'integer') {
		const number = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d{1,16}$/.test(value) ? Number(value) : NaN;
		return Number.isSafeInteger(number) ? number : undefined;
	}
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value);
	if (type === 'uuid') return UUID.test(text) ? text : undefined;
	return text === '' ? undefined : text;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What a many-to-one value names; null when it names nothing (absent or null). */
export function manyToOneReference(value: unknown, primaryKey: string, type: KeyType): Reference | null {
	if (value === undefined || value === null) return null;
	if (isPlainObject(value)) {
		if (!(primaryKey in value)) return { form: 'create', item: value };
		const key = asKey(value[primaryKey], type);
		if (key === undefined) return { form: 'invalid', problem: `has an "${primaryKey}" that is not a key` };
		return Object.keys(value).length === 1 ? { form: 'key', key } : { form: 'update', key };
	}
	const key = asKey(value, type);
	return key === undefined ? { form: 'invalid', problem: `must be a key or an object with "${primaryKey}"` } : { form: 'key', key };
}

/** The existing items a one-to-many value names (to link, update, move or delete), or its problem. */
export function oneToManyKeys(value: unknown, primaryKey: string, type: KeyType): { keys: PrimaryKey[] } | { problem: string } {
	if (value === undefined || value === null) return { keys: [] };
	const keys: PrimaryKey[] = [];
	/** Adds the keys a list names; `accepts` says which forms its entries may take. */
	const collect = (list: unknown, what: string, accepts: 'keys' | 'items' | 'both'): string | undefined => {
		if (list === undefined) return undefined;
		if (!Array.isArray(list)) return `${what} must be a list`;
		for (const entry of list) {
			const object = isPlainObject(entry);
			if ((object && accepts === 'keys') || (!object && accepts === 'items')) return `${what} holds ${JSON.stringify(entry)}, which is not ${accepts === 'keys' ? 'a key' : 'an item'}`;
			const reference = manyToOneReference(entry, primaryKey, type);
			if (reference === null || reference.form === 'invalid') return `${what} holds ${JSON.stringify(entry)}, which is neither a key nor an item`;
			if (reference.form !== 'create') keys.push(reference.key);
		}
		return undefined;
	};
	let problem: string | undefined;
	if (Array.isArray(value)) problem = collect(value, 'the list', 'both');
	else if (!isPlainObject(value)) problem = 'must be a list of items or keys, or {create, update, delete}';
	else {
		const unknown = Object.keys(value).filter((key) => !['create', 'update', 'delete'].includes(key));
		problem = unknown.length > 0 ? `has ${unknown.map((key) => `"${key}"`).join(', ')}; only "create", "update" and "delete" are known` : undefined;
		problem ??= collect(value['create'], '"create"', 'items') ?? collect(value['update'], '"update"', 'items') ?? collect(value['delete'], '"delete"', 'keys');
		if (!problem && Array.isArray(value['update']) && value['update'].some((entry) => !(primaryKey in (entry as object)))) problem = `"update" holds an item without "${primaryKey}"`;
	}
	return problem ? { problem } : { keys };
}
