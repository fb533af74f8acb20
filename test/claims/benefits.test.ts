// What a product reimburses is data: a Business Admin adds a kind of care and a benefit for it
// over the API; bad benefits are refused on every write path with the field named and nothing
// written; a client reads the benefits of its own products only.
import { beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { ADMIN, DEMO_PASSWORD } from '../helpers/clients';
import { dbDate, insertPolicy, testDatabase } from '../helpers/fixtures';
import { call, login, type Answer } from '../security/http';

let businessAdmin: string;
let client: string;
let product: number;
let existing: number;

const count = async () => Number((await testDatabase()('product_benefits').count({ n: '*' }))[0]!.n);
const idOf = (answer: Answer) => (answer.data as { id: number }).id;
const consultation = { kind: 'consultation', coverage_percent: 80, copay_amount: 20, annual_limit: 1000 };

/** A 400 naming `field`, and the benefits exactly as they were. */
async function expectRefused(field: string, write: () => Promise<Answer>) {
	const before = await count();
	const answer = await write();
	expect(answer.status, JSON.stringify(answer)).toBe(400);
	expect(answer.errors?.[0]?.message).toMatch(new RegExp(`^"${field}" `));
	expect(await count()).toBe(before);
	return answer;
}

beforeAll(async () => {
	businessAdmin = await login('business.admin@example.com', DEMO_PASSWORD);
	client = await login('client@example.com', DEMO_PASSWORD);
	const created = await call(businessAdmin, 'POST', '/items/products', { code: `TEST-BEN-${process.pid}`, name: 'Benefits test product', premium_frequency: 'monthly', benefits: [consultation] });
	expect(created.status, JSON.stringify(created)).toBe(200);
	product = idOf(created);
	existing = Number((await testDatabase()('product_benefits').where({ product, kind: 'consultation' }).first('id')).id);
});

describe('bad benefits are refused, naming the field, writing nothing', () => {
	it.each([
		['coverage_percent', { kind: 'medication', coverage_percent: 120 }],
		['annual_limit', { kind: 'medication', coverage_percent: 100, annual_limit: -5 }],
		['copay_amount', { kind: 'medication', coverage_percent: 100, copay_amount: '-0.01' }],
		['waiting_period_days', { kind: 'medication', coverage_percent: 100, waiting_period_days: -1 }],
		['kind', { kind: 'acupuncture', coverage_percent: 50 }],
		['kind', { kind: 'consultation', coverage_percent: 50 }],
	])('REST create: %s in %j', async (field, benefit) => {
		await expectRefused(field, () => call(businessAdmin, 'POST', '/items/product_benefits', { product, ...benefit }));
	});

	it('a batch with one bad row writes none of them', async () => {
		await expectRefused('coverage_percent', () =>
			call(businessAdmin, 'POST', '/items/product_benefits', [
				{ product, kind: 'medication', coverage_percent: 100 },
				{ product, kind: 'hospital', coverage_percent: 120 },
			]),
		);
		// Two rows for one kind in the same batch: the second is the duplicate.
		await expectRefused('kind', () =>
			call(businessAdmin, 'POST', '/items/product_benefits', [
				{ product, kind: 'medication', coverage_percent: 100 },
				{ product, kind: 'medication', coverage_percent: 90 },
			]),
		);
	});

	it('nested in the product, through GraphQL, and on update (single and by query)', async () => {
		await expectRefused('annual_limit', () => call(businessAdmin, 'PATCH', `/items/products/${product}`, { benefits: { create: [{ kind: 'medication', coverage_percent: 100, annual_limit: -1 }], update: [], delete: [] } }));
		const gql = await call(businessAdmin, 'POST', '/graphql', { query: `mutation { update_product_benefits_item(id: ${existing}, data: { waiting_period_days: -1 }) { id } }` });
		expect(gql.errors?.[0]?.message).toMatch(/^"waiting_period_days" must be a whole number of 0 or more/);

		await expectRefused('coverage_percent', () => call(businessAdmin, 'PATCH', `/items/product_benefits/${existing}`, { coverage_percent: 120 }));
		await expectRefused('per_claim_limit', () => call(businessAdmin, 'PATCH', '/items/product_benefits', { query: { filter: { product: { _eq: product } } }, data: { per_claim_limit: -10 } }));
		await expectRefused('kind', () => call(businessAdmin, 'PATCH', `/items/product_benefits/${existing}`, { kind: 'dentistry' }));
		const row = await testDatabase()('product_benefits').where('id', existing).first();
		expect([Number(row.coverage_percent), row.per_claim_limit, row.waiting_period_days, row.kind]).toEqual([80, null, 0, 'consultation']);
	});

	it('the database itself holds one benefit per product and kind, past any hook', async () => {
		await expect(testDatabase()('product_benefits').insert({ product, kind: 'consultation', coverage_percent: 10 })).rejects.toThrow(/unique/i);
	});

	it('moving a benefit onto a product that already has that kind is a duplicate', async () => {
		const other = await call(businessAdmin, 'POST', '/items/products', { code: `TEST-BEN2-${process.pid}`, name: 'Second benefits test product', benefits: [consultation] });
		expect(other.status, JSON.stringify(other)).toBe(200);
		await expectRefused('kind', () => call(businessAdmin, 'PATCH', `/items/product_benefits/${existing}`, { product: idOf(other) }));
	});
});

describe('a Business Admin configures a new kind of care', () => {
	it('adds the kind dental and a benefit for it, read back on the product page', async () => {
		const kind = await call(businessAdmin, 'POST', '/items/claim_line_kinds', { code: 'dental', name: 'Dental care' });
		expect(kind.status, JSON.stringify(kind)).toBe(200);
		const benefit = await call(businessAdmin, 'POST', '/items/product_benefits', { product, kind: 'dental', coverage_percent: 70, copay_amount: 10, annual_limit: 600, annual_quantity_limit: 4, waiting_period_days: 180 });
		expect(benefit.status, JSON.stringify(benefit)).toBe(200);

		const read = await call(businessAdmin, 'GET', `/items/products/${product}?fields=code,benefits.kind.name,benefits.coverage_percent,benefits.waiting_period_days&deep[benefits][_sort]=kind`);
		expect((read.data as { benefits: unknown[] }).benefits).toEqual([
			{ kind: { name: 'Consultation' }, coverage_percent: expect.anything(), waiting_period_days: 0 },
			{ kind: { name: 'Dental care' }, coverage_percent: expect.anything(), waiting_period_days: 180 },
		]);
		const edited = await call(businessAdmin, 'PATCH', `/items/product_benefits/${idOf(benefit)}`, { coverage_percent: 75 });
		expect(edited.status, JSON.stringify(edited)).toBe(200);
	});

	it('a claim line picks its kind from the catalogue, and a kind in use stays', async () => {
		const admin = await login(ADMIN.email, ADMIN.password);
		const field = await call(admin, 'GET', '/fields/claim_lines/kind');
		expect((field.data as { meta: { interface: string } }).meta.interface).toBe('select-dropdown-m2o');
		const relation = await call(admin, 'GET', '/relations/claim_lines/kind');
		expect((relation.data as { related_collection: string }).related_collection).toBe('claim_line_kinds');

		const code = `optics${process.pid}`;
		expect((await call(businessAdmin, 'POST', '/items/claim_line_kinds', { code, name: 'Optics' })).status).toBe(200);
		const policy = await insertPolicy({ begin_date: dbDate(DateTime.utc().minus({ months: 2 }).toISODate()!) });
		const line = { kind: code, description: 'Glasses', service_date: DateTime.utc().minus({ days: 3 }).toISODate(), quantity: 1, unit_amount: 120 };
		const draft = await call(client, 'POST', '/items/claims?fields=lines.kind.name', { policy, lines: [line] });
		expect(draft.status, JSON.stringify(draft)).toBe(200);
		expect((draft.data as { lines: unknown[] }).lines).toEqual([{ kind: { name: 'Optics' } }]);

		const removed = await call(admin, 'DELETE', `/items/claim_line_kinds/${code}`);
		expect(removed.status, JSON.stringify(removed)).toBe(409);
		expect(removed.errors?.[0]?.extensions?.['code']).toBe('DELETE_RESTRICTED');
		expect(await testDatabase()('claim_line_kinds').where('code', code).first()).toBeDefined();
	});

	it('the product page lists benefits; removing one there deletes it', async () => {
		const added = await call(businessAdmin, 'POST', '/items/product_benefits', { product, kind: 'other', coverage_percent: 10 });
		expect(added.status, JSON.stringify(added)).toBe(200);
		const removed = await call(businessAdmin, 'PATCH', `/items/products/${product}`, { benefits: { create: [], update: [], delete: [idOf(added)] } });
		expect(removed.status, JSON.stringify(removed)).toBe(200);
		expect(await testDatabase()('product_benefits').where('id', idOf(added)).first()).toBeUndefined();
	});
});

describe('clients read the benefits of their own products', () => {
	it('sees HEALTH-IND benefits (it holds a policy of it), not GROUP-HEALTH nor the test product', async () => {
		const rows = (await call(client, 'GET', '/items/product_benefits?fields=kind,product.code&limit=-1')).data as { kind: string; product: { code: string } }[];
		const codes = new Set(rows.map((row) => row.product.code));
		expect(codes.has('HEALTH-IND')).toBe(true);
		expect(codes.has('GROUP-HEALTH')).toBe(false);
		expect(codes.has(`TEST-BEN-${process.pid}`)).toBe(false);
		expect(rows.filter((row) => row.product.code === 'HEALTH-IND').map((row) => row.kind).sort()).toEqual(['consultation', 'hospital', 'medication']);

		const groupProduct = await testDatabase()('products').where('code', 'GROUP-HEALTH').first('id');
		const groupBenefit = await testDatabase()('product_benefits').where('product', groupProduct.id).first('id');
		expect((await call(client, 'GET', `/items/product_benefits/${groupBenefit.id}`)).status).toBe(403);
		const gql = await call(client, 'POST', '/graphql', { query: `{ product_benefits(filter: { product: { code: { _eq: "GROUP-HEALTH" } } }) { id } }` });
		expect(gql.data).toEqual({ product_benefits: [] });
	});

	it('reads the active kinds only, and may not write kinds or benefits', async () => {
		const retired = await call(businessAdmin, 'POST', '/items/claim_line_kinds', { code: 'retired-care', name: 'Retired', active: false });
		expect(retired.status, JSON.stringify(retired)).toBe(200);
		const kinds = ((await call(client, 'GET', '/items/claim_line_kinds?fields=code&limit=-1')).data as { code: string }[]).map((k) => k.code);
		expect(kinds).toEqual(expect.arrayContaining(['medication', 'consultation', 'hospital', 'other', 'dental']));
		expect(kinds).not.toContain('retired-care');

		const before = await count();
		expect((await call(client, 'POST', '/items/product_benefits', { product, kind: 'medication', coverage_percent: 100 })).status).toBe(403);
		expect((await call(client, 'POST', '/items/claim_line_kinds', { code: 'spa', name: 'Spa' })).status).toBe(403);
		expect(await count()).toBe(before);
	});

	it('staff read benefits; an administrator is held to the same checks', async () => {
		const claims = await login('claims@example.com', DEMO_PASSWORD);
		expect((await call(claims, 'GET', `/items/product_benefits?filter[product][_eq]=${product}`)).status).toBe(200);
		expect((await call(claims, 'POST', '/items/product_benefits', { product, kind: 'medication', coverage_percent: 100 })).status).toBe(403);
		const admin = await login(ADMIN.email, ADMIN.password);
		await expectRefused('coverage_percent', () => call(admin, 'POST', '/items/product_benefits', { product, kind: 'medication', coverage_percent: 101 }));
	});
});
