import { defineHook } from '@directus/extensions-sdk';
import type { PrimaryKey } from '@directus/types';
import type { Knex } from 'knex';
import { benefitProblem } from '../../domain/claims';
import { InvalidInputError } from '../../errors';

type Row = Record<string, unknown>;

// A product's benefits are checked on every write path (REST single, batch and by query, nested
// in a product, GraphQL, imports, Flows): the filter runs in the write's transaction, before
// anything is stored, and names the field at fault.
export default defineHook(({ filter }) => {
	filter('product_benefits.items.create', async (payload, _meta, { database }) => {
		await check(database, [payload as Row], []);
		return payload;
	});

	filter('product_benefits.items.update', async (payload, meta, { database }) => {
		const keys = meta['keys'] as PrimaryKey[];
		const stored: Row[] = keys.length > 0 ? await database('product_benefits').whereIn('id', keys).select() : [];
		await check(database, stored.map((row) => ({ ...row, ...(payload as Row) })), keys);
		return payload;
	});
});

/** Each row as it will be stored; `keys`: the rows being rewritten, whose old kinds do not count. */
async function check(database: Knex, rows: Row[], keys: PrimaryKey[]) {
	if (rows.length === 0) return;
	const kinds = new Set<string>((await database('claim_line_kinds').select('code')).map((row) => String(row.code)));
	const written = new Map<PrimaryKey, Set<string>>();
	for (const payload of rows) {
		// A product created inline with its benefit has no benefits yet; a kind must exist first.
		const product = keyOf(payload['product'], 'id');
		const row = { ...payload, product: product ?? payload['product'], kind: keyOf(payload['kind'], 'code') };
		let others = product === undefined ? new Set<string>() : written.get(product);
		if (!others) {
			const query = database('product_benefits').where('product', product!);
			if (keys.length > 0) query.whereNotIn('id', keys);
			written.set(product!, (others = new Set((await query.select('kind')).map((other) => String(other.kind)))));
		}
		const problem = benefitProblem(row, kinds, others);
		if (problem) throw new InvalidInputError(problem);
		others.add(String(row.kind));
	}
}

/** The key of a relational value: the key itself, or that of an item given as an object. */
function keyOf(value: unknown, key: string): PrimaryKey | undefined {
	if (typeof value === 'string' || typeof value === 'number') return value;
	const inner = value && typeof value === 'object' ? (value as Row)[key] : undefined;
	return typeof inner === 'string' || typeof inner === 'number' ? inner : undefined;
}
