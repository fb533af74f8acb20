// Who may link what, on every create and update Directus makes with a person's rights: REST
// (single, batch, by query), GraphQL, /utils/import, Flows and other extensions' services.
//
// Directus checks row filters when items are read, updated or deleted, but a create or an
// update only checks the fields of its own payload: nothing stops a client from pointing a
// message at another client's claim. So every relational value of the payload, in whichever
// form Directus accepts (references.ts), is reduced to the keys it names, and each of them must
// be an item the writer can read with their own permissions (clients: their rows; integrators:
// the clients they serve; staff: all). Nested creates are left to Directus: it writes them
// through the related collection's service with the same rights, which runs this same check
// on them, with the parent's key filled in for one-to-many children.
import type { Accountability, ApiExtensionContext, PrimaryKey, SchemaOverview } from '@directus/types';
import type { Knex } from 'knex';
import { InvalidReferenceError, WriteRefusedError } from '../../errors';
import { manyToOneReference, oneToManyKeys, relationsOf, type KeyType, type Reference } from './references';
import { receiptRefusal } from './receipts';

export interface WriteContext {
	services: ApiExtensionContext['services'];
	schema: SchemaOverview;
	database: Knex;
	accountability: Accountability;
}

export interface Write {
	action: 'create' | 'update';
	collection: string;
	payload: Record<string, unknown>;
	/** The items an update changes. */
	keys: PrimaryKey[];
}

/** Files attached to a claim, which its holder then reads: a line's receipt, a message's attachment. */
const CLAIM_FILES: Record<string, string> = { claim_lines: 'receipt', claim_messages: 'attachment' };

/** The items a write must link to a readable parent (a claim's policy, a line's claim). */
const REQUIRED_PARENTS: Record<string, string> = { claims: 'policy', claim_lines: 'claim', claim_messages: 'claim' };

// Links to Directus' own users and roles (assignments, authorship) grant no access to
// insurance data; receipts (files) do, through the $FOLLOW read rule on directus_files.
const guardedTarget = (collection: string) => !collection.startsWith('directus_') || collection === 'directus_files';

/** The payload to write, with plain links reduced to keys; throws when it names what the writer may not reach. */
export async function guardWrite(context: WriteContext, write: Write): Promise<Record<string, unknown>> {
	const { schema } = context;
	const { collection, payload } = write;
	const { manyToOne, oneToMany } = relationsOf(schema.relations, collection);
	const out = { ...payload };
	const named: { field: string; related: string; key: PrimaryKey }[] = [];

	for (const { field, related } of manyToOne) {
		if (!(field in payload) || !guardedTarget(related)) continue;
		const reference = manyToOneReference(payload[field], primaryKeyOf(schema, related), keyTypeOf(schema, related));
		if (reference?.form === 'invalid') throw invalid(field, reference.problem);
		if (reference?.form === 'key') out[field] = reference.key;
		if (reference?.form === 'key' || reference?.form === 'update') named.push({ field, related, key: reference.key });
	}
	for (const { field, child } of oneToMany) {
		if (!(field in payload) || !guardedTarget(child)) continue;
		const children = oneToManyKeys(payload[field], primaryKeyOf(schema, child), keyTypeOf(schema, child));
		if ('problem' in children) throw invalid(field, children.problem);
		named.push(...children.keys.map((key) => ({ field, related: child, key })));
	}
	await assertReadable(context, collection, named);

	const parent = REQUIRED_PARENTS[collection];
	if (parent && write.action === 'create' && (out[parent] === undefined || out[parent] === null)) throw invalid(parent, 'is required');
	if (collection === 'claims') await holdClaimByPolicyHolder(context, write, out);
	const file = CLAIM_FILES[collection];
	if (file && out[file] !== undefined && out[file] !== null) await assertOwnReceipt(context, write, out, file);
	return out;
}

async function assertReadable(context: WriteContext, collection: string, named: { field: string; related: string; key: PrimaryKey }[]) {
	const byCollection = new Map<string, typeof named>();
	for (const entry of named) byCollection.set(entry.related, [...(byCollection.get(entry.related) ?? []), entry]);
	for (const [related, entries] of byCollection) {
		const primaryKey = primaryKeyOf(context.schema, related);
		const keys = [...new Set(entries.map((entry) => entry.key))];
		const readable = await new context.services.ItemsService(related, { knex: context.database, schema: context.schema, accountability: context.accountability }).readByQuery({
			filter: { [primaryKey]: { _in: keys } },
			fields: [primaryKey],
			limit: -1,
		});
		const seen = new Set(readable.map((row) => String(row[primaryKey])));
		const missing = entries.find((entry) => !seen.has(String(entry.key)));
		if (!missing) continue;
		// A key nobody has is bad input; a row of someone else's is a refusal (ids are no secret).
		const exists = await context.database(related).where(primaryKey, missing.key).first(primaryKey);
		if (!exists) throw invalid(missing.field, `${related} ${missing.key} does not exist`);
		throw refusal(collection, missing.field, `${related} ${missing.key} does not exist or is not yours`);
	}
}

// The field is named in the message only (see InvalidReferenceError).
const refusal = (collection: string, field: string, problem: string) => new WriteRefusedError({ collection, reason: `"${field}": ${problem}` });
const invalid = (field: string, problem: string) => new InvalidReferenceError({ reason: `"${field}" ${problem}` });

/** A claim is always held by its policy's holder, whatever the payload says. */
async function holdClaimByPolicyHolder({ database }: WriteContext, write: Write, out: Record<string, unknown>) {
	const asked = 'client' in out ? manyToOneReference(out['client'], 'id', 'integer') : undefined;
	const policies: PrimaryKey[] = [];
	if ('policy' in out) {
		const policy = manyToOneReference(out['policy'], 'id', 'integer');
		if (policy?.form === 'create') throw invalid('policy', 'must be an existing policy');
		if (policy && policy.form !== 'invalid') policies.push(policy.key);
	} else if (asked !== undefined && write.action === 'update') {
		policies.push(...(await database('claims').whereIn('id', write.keys).pluck('policy')));
	}
	if (policies.length === 0) return;
	const holders = new Set((await database('policies').whereIn('id', policies).pluck('client')).map(String));
	if (asked !== undefined && asked !== null && !(asked.form === 'key' && holders.has(String(asked.key)) && holders.size === 1)) {
		throw refusal(write.collection, 'client', `the claim is held by the policy's holder; leave "client" out`);
	}
	if ('policy' in out && holders.size === 1) out['client'] = Number([...holders][0]);
}

/** A file attached to a claim must be the writer's own file or one of the claim holder's receipts. */
async function assertOwnReceipt(context: WriteContext, write: Write, out: Record<string, unknown>, field: string) {
	const receipt = manyToOneReference(out[field], 'id', 'uuid') as Reference;
	if (receipt.form === 'create' || receipt.form === 'invalid') return; // a file made now is the writer's; invalid ones were refused above
	for (const holder of await claimHolders(context.database, write, out)) {
		const problem = await receiptRefusal(context.database, String(receipt.key), context.accountability.user ?? null, holder);
		if (problem) throw refusal(write.collection, field, problem);
	}
}

/** The clients holding the claims the written lines or messages belong to (undefined: not known yet). */
async function claimHolders(database: Knex, write: Write, out: Record<string, unknown>): Promise<(PrimaryKey | undefined)[]> {
	if (!('claim' in out)) return database(`${write.collection} as l`).join('claims as c', 'c.id', 'l.claim').whereIn('l.id', write.keys).pluck('c.client');
	const claim = manyToOneReference(out['claim'], 'id', 'integer');
	if (claim === null || claim.form === 'invalid') return [undefined];
	if (claim.form !== 'create') return [(await database('claims').where('id', claim.key).first('client'))?.client];
	// A claim created with the line: held by the holder of the policy it is filed on.
	const policy = manyToOneReference(claim.item['policy'], 'id', 'integer');
	if (policy === null || policy.form === 'invalid' || policy.form === 'create') return [undefined];
	return [(await database('policies').where('id', policy.key).first('client'))?.client];
}

const primaryKeyOf = (schema: SchemaOverview, collection: string) => schema.collections[collection]?.primary ?? 'id';

function keyTypeOf(schema: SchemaOverview, collection: string): KeyType {
	const type = schema.collections[collection]?.fields[primaryKeyOf(schema, collection)]?.type;
	return type === 'integer' || type === 'bigInteger' ? 'integer' : type === 'uuid' ? 'uuid' : 'string';
}
