// The demo products' benefits (seed/demo.yaml), which the benchmark gives its portfolio too: claims
// are adjudicated against realistic terms, not against a product that covers nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { projectRoot } from '../scripts/lib/environment.mjs';

export const BENCH_PRODUCT = 'HEALTH-PLUS';

export function demoTerms(code = BENCH_PRODUCT) {
	const demo = parse(readFileSync(join(projectRoot, 'seed', 'demo.yaml'), 'utf8'));
	const terms = demo.products?.[code];
	if (!terms) throw new Error(`seed/demo.yaml has no terms for ${code}`);
	return terms;
}

/** Writes the terms onto the product of a database without demo data. */
export async function giveBenefits(db, code = BENCH_PRODUCT) {
	const { benefits, ...product } = demoTerms(code);
	const { id } = await db('products').where('code', code).first('id');
	await db('products').where('id', id).update(product);
	await db('product_benefits').where('product', id).delete();
	await db('product_benefits').insert(benefits.map((benefit) => ({ ...benefit, product: id })));
}
