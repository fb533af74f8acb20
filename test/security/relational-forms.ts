// Generates, from the schema's relations, every relational payload form Directus accepts
// (references.ts of the extension lists them) aimed at rows the writer must not reach, for
// every collection the writer may create or update, and every path that writes: REST single,
// batch and by query, GraphQL and /utils/import.

/** The rows one writer owns and the rows it must not reach, by collection. */
export interface Sides {
	own: Record<string, number | string>;
	foreign: Record<string, (number | string)[]>;
}

export interface Relation {
	collection: string;
	field: string;
	related_collection: string | null;
	meta: { one_field: string | null } | null;
}

/** A payload and where it goes: a new item, or an update of an existing one. */
export interface Payload {
	collection: string;
	label: string;
	body: Record<string, unknown>;
	/** Set for updates: the item written. */
	key?: number | string;
}

export interface Attempt {
	payload: Payload;
	path: string;
	method: 'POST' | 'PATCH';
	url: string;
	body?: unknown;
	graphql?: string;
	/** A JSON file for /utils/import. */
	importFile?: unknown[];
}

/** A valid item of each writable collection on the writer's own rows. */
export const newItem = (collection: string, own: Sides['own']): Record<string, unknown> =>
	({
		claims: { policy: own['policies'], lines: [newLine()] },
		claim_lines: { claim: own['claims'], ...newLine() },
		claim_messages: { claim: own['claims'], body: 'a message' },
	})[collection] ?? {};

export const newLine = () => ({ kind: 'medication', description: 'a medication', service_date: '2026-03-01', quantity: 1, unit_amount: 10 });

/** A change of an item that a writer of its collection could plausibly make. */
const CHANGE: Record<string, Record<string, unknown>> = {
	claims: { status: 'Withdrawn' },
	claim_lines: { description: 'taken over' },
	claim_messages: { body: 'taken over' },
	policies: { status_reason: 'taken over' },
	clients: { name: 'taken over' },
	installments: { amount: 1 },
	directus_files: { title: 'taken over' },
};

/** Many-to-one forms naming `key`: plain, as text, {id}, {id, changes}, and the list shapes Directus must not take. */
export function manyToOneForms(related: string, key: number | string): [string, unknown][] {
	return [
		['key', key],
		['key as text', String(key)],
		['{id}', { id: key }],
		['{id} as text', { id: String(key) }],
		['{id, changes}', { id: key, ...CHANGE[related] }],
		['[key]', [key]],
		['[{id}]', [{ id: key }]],
	];
}

/** One-to-many forms naming the existing `key`: link, update, move and delete it, in the list and detailed shapes. */
export function oneToManyForms(child: string, key: number | string, fresh: Record<string, unknown>): [string, unknown][] {
	const change = CHANGE[child] ?? {};
	return [
		['[key]', [key]],
		['[{id}]', [{ id: key }]],
		['[{id, changes}]', [{ id: key, ...change }]],
		['{update}', { create: [], update: [{ id: key, ...change }], delete: [] }],
		['{delete}', { create: [], update: [], delete: [key] }],
		['{create with its key}', { create: [{ ...fresh, id: key }], update: [], delete: [] }],
	];
}

const isGuardedTarget = (collection: string) => !collection.startsWith('directus_') || collection === 'directus_files';

/** Every payload aimed at foreign rows, for the writable collections. */
export function hostilePayloads(relations: Relation[], writable: string[], sides: Sides): Payload[] {
	const { own, foreign } = sides;
	const manyToOne = (collection: string) => relations.filter((r) => r.collection === collection && r.related_collection && isGuardedTarget(r.related_collection));
	const oneToMany = (collection: string) => relations.filter((r) => r.related_collection === collection && r.meta?.one_field);
	const payloads: Payload[] = [];
	const both = (collection: string, label: string, change: Record<string, unknown>) => {
		payloads.push({ collection, label: `create ${label}`, body: { ...newItem(collection, own), ...change } });
		if (own[collection] !== undefined) payloads.push({ collection, label: `update ${label}`, body: change, key: own[collection] });
	};

	for (const collection of writable) {
		for (const { field, related_collection: related } of manyToOne(collection)) {
			for (const key of foreign[related!] ?? []) {
				for (const [form, value] of manyToOneForms(related!, key)) both(collection, `${field}=${form} (${related} ${key})`, { [field]: value });
			}
			// A parent created with the item, itself pointing at foreign rows.
			if (writable.includes(related!)) {
				for (const { field: inner, related_collection: innerRelated } of manyToOne(related!)) {
					for (const key of foreign[innerRelated!] ?? []) {
						for (const [form, value] of manyToOneForms(innerRelated!, key).slice(0, 3)) {
							both(collection, `${field}={new ${related} with ${inner}=${form}} (${innerRelated} ${key})`, { [field]: { ...newItem(related!, own), lines: undefined, [inner]: value } });
						}
					}
				}
			}
			// The writer's own parent, updated through the item to point at foreign rows.
			if (own[related!] !== undefined) {
				for (const { field: inner, related_collection: innerRelated } of manyToOne(related!)) {
					for (const key of foreign[innerRelated!] ?? []) {
						for (const [form, value] of manyToOneForms(innerRelated!, key).slice(0, 3)) both(collection, `${field}={own ${related}, ${inner}=${form}} (${innerRelated} ${key})`, { [field]: { id: own[related!], [inner]: value } });
					}
				}
				for (const { meta, collection: child } of oneToMany(related!)) {
					for (const key of foreign[child] ?? []) {
						for (const [form, value] of oneToManyForms(child, key, newItem(child, own)).slice(0, 5)) {
							both(collection, `${field}={own ${related}, ${meta!.one_field}=${form}} (${child} ${key})`, { [field]: { id: own[related!], [meta!.one_field!]: value } });
						}
					}
				}
			}
		}
		for (const { meta, collection: child, field: back } of oneToMany(collection)) {
			const alias = meta!.one_field!;
			for (const key of foreign[child] ?? []) {
				for (const [form, value] of oneToManyForms(child, key, newItem(child, own))) both(collection, `${alias}=${form} (${child} ${key})`, { [alias]: value });
			}
			// New children carrying links to foreign rows.
			for (const { field, related_collection: related } of manyToOne(child)) {
				if (field === back) continue;
				for (const key of foreign[related!] ?? []) {
					for (const [form, value] of manyToOneForms(related!, key)) {
						const fresh = { ...withoutKey(newItem(child, own), back), [field]: value };
						both(collection, `${alias}=[new ${child} with ${field}=${form}] (${related} ${key})`, { [alias]: [fresh] });
						both(collection, `${alias}={create: new ${child} with ${field}=${form}} (${related} ${key})`, { [alias]: { create: [fresh], update: [], delete: [] } });
					}
				}
			}
		}
		// Every link of the item at once, to the same foreign holder's rows (a claim on their
		// policy, held by them, appears in their list).
		const links = manyToOne(collection).filter((r) => foreign[r.related_collection!]?.length);
		if (links.length > 1) {
			for (const [form, wrap] of [['keys', (key: unknown) => key], ['{id}', (key: unknown) => ({ id: key })]] as const) {
				both(collection, `every link=${form} (${links.map((r) => r.field).join(', ')})`, Object.fromEntries(links.map((r) => [r.field, wrap(foreign[r.related_collection!]![0])])));
			}
		}
		// Writes onto foreign items themselves.
		for (const key of foreign[collection] ?? []) {
			payloads.push({ collection, label: `update foreign ${collection} ${key}`, body: CHANGE[collection] ?? {}, key });
			const parent = manyToOne(collection)[0];
			if (parent && own[parent.related_collection!] !== undefined) payloads.push({ collection, label: `move foreign ${collection} ${key} to own ${parent.related_collection}`, body: { [parent.field]: own[parent.related_collection!] }, key });
		}
	}
	return payloads;
}

const withoutKey = (item: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(item).filter(([k]) => k !== key));

/** Each payload on every path that writes it. Imports go to collections the writer may both create and update. */
export function attempts(payload: Payload, own: Sides['own'], importable: string[]): Attempt[] {
	const { collection, body, key } = payload;
	const items = `/items/${collection}`;
	const list: Attempt[] = [];
	if (key === undefined) {
		list.push({ payload, path: 'REST create', method: 'POST', url: items, body });
		list.push({ payload, path: 'REST batch create after a valid item', method: 'POST', url: items, body: [newItem(collection, own), body] });
		list.push({ payload, path: 'GraphQL create', method: 'POST', url: '/graphql', graphql: `mutation { create_${collection}_item(data: ${gql(body)}) { id } }` });
		list.push({ payload, path: 'GraphQL batch create', method: 'POST', url: '/graphql', graphql: `mutation { create_${collection}_items(data: [${gql(newItem(collection, own))}, ${gql(body)}]) { id } }` });
		if (importable.includes(collection)) list.push({ payload, path: 'import', method: 'POST', url: `/utils/import/${collection}`, importFile: [body] });
	} else {
		list.push({ payload, path: 'REST update', method: 'PATCH', url: `${items}/${key}`, body });
		list.push({ payload, path: 'REST update by keys', method: 'PATCH', url: items, body: { keys: [key], data: body } });
		list.push({ payload, path: 'REST batch update', method: 'PATCH', url: items, body: [{ ...body, id: key }] });
		list.push({ payload, path: 'REST update by query', method: 'PATCH', url: items, body: { query: { filter: { id: { _eq: key } } }, data: body } });
		list.push({ payload, path: 'GraphQL update', method: 'POST', url: '/graphql', graphql: `mutation { update_${collection}_item(id: ${JSON.stringify(String(key))}, data: ${gql(body)}) { id } }` });
		if (importable.includes(collection)) list.push({ payload, path: 'import', method: 'POST', url: `/utils/import/${collection}`, importFile: [{ ...body, id: key }] });
	}
	return list;
}

/** A JSON value as a GraphQL input literal. */
export function gql(value: unknown): string {
	if (value === undefined || value === null) return 'null';
	if (Array.isArray(value)) return `[${value.map(gql).join(', ')}]`;
	if (typeof value === 'object') {
		return `{${Object.entries(value)
			.filter(([, v]) => v !== undefined)
			.map(([k, v]) => `${k}: ${gql(v)}`)
			.join(', ')}}`;
	}
	return JSON.stringify(value);
}
