// Parameter defaults, products, portfolios and claim line kinds from seed/catalog.yaml; created when missing.
import type { SetupContext, Say } from './types';

export interface CatalogSeed {
	settings: Record<string, unknown>;
	products: ({ code: string } & Record<string, unknown>)[];
	portfolios: ({ name: string } & Record<string, unknown>)[];
	claim_line_kinds: ({ code: string } & Record<string, unknown>)[];
}

export async function seedCatalog(ctx: SetupContext, seed: CatalogSeed, say: Say) {
	const schema = await ctx.getSchema({ database: ctx.database, bypassCache: true });
	const service = (collection: string) => new ctx.services.ItemsService(collection, { knex: ctx.database, schema });

	const settings = service('insurance_settings');
	if ((await settings.readByQuery({ limit: 1, fields: ['id'] })).length === 0) {
		await settings.upsertSingleton(seed.settings);
		say('catalog: insurance settings created');
	}
	for (const [collection, key, rows] of [
		['products', 'code', seed.products],
		['portfolios', 'name', seed.portfolios],
		['claim_line_kinds', 'code', seed.claim_line_kinds],
	] as const) {
		const items = service(collection);
		const existing = new Set((await items.readByQuery({ fields: [key], limit: -1 })).map((row) => row[key]));
		const missing = rows.filter((row) => !existing.has(row[key as keyof typeof row]));
		if (missing.length > 0) {
			await items.createMany(missing);
			say(`catalog: ${missing.length} ${collection} created`);
		}
	}
}
