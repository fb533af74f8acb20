// The Directus app as each staff role opens it: an item page of a claim and of a policy, and
// the saved views of the role's navigation, requested field by field as the app does (the item,
// its action bar, its title, each reference with its display template, each one-to-many list). None may answer
// 403: the app shows every refused request as a "Forbidden" dialog.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, DEMO_LOGINS, DEMO_PASSWORD } from '../helpers/clients';
import { call, login } from './http';

const STAFF = ['Business Admin', 'Claims Department', 'Call Center', 'Manager', 'Administration'] as const;
const SYSTEM_PATHS: Record<string, string> = { directus_users: '/users', directus_roles: '/roles', directus_files: '/files' };

interface FieldMeta {
	field: string;
	type: string;
	meta: { special?: string[] | null; options?: { template?: string } | null; display_options?: { template?: string } | null } | null;
}
interface Relation {
	collection: string;
	field: string;
	related_collection: string | null;
	meta: { one_field?: string | null } | null;
}

let admin: string;
let relations: Relation[];
let templates: Map<string, string | null>;
const fieldsOf = new Map<string, FieldMeta[]>();

beforeAll(async () => {
	admin = await login(ADMIN.email, ADMIN.password);
	relations = (await call(admin, 'GET', '/relations')).data as Relation[];
	templates = new Map(((await call(admin, 'GET', '/collections')).data as { collection: string; meta: { display_template: string | null } | null }[]).map((c) => [c.collection, c.meta?.display_template ?? null]));
});

async function fields(collection: string) {
	if (!fieldsOf.has(collection)) fieldsOf.set(collection, (await call(admin, 'GET', `/fields/${collection}`)).data as FieldMeta[]);
	return fieldsOf.get(collection)!;
}

/** The fields a display template reads: "{{policy_number}} · {{client.name}}" → policy_number, client.name. */
const templateFields = (template: string | null | undefined) =>
	[...(template ?? '').matchAll(/{{\s*([\w.$]+)\s*}}/g)].map((match) => match[1]!).filter((field) => !field.startsWith('$')); // $thumbnail: drawn by the app, not a field

const itemsPath = (collection: string) => SYSTEM_PATHS[collection] ?? `/items/${collection}`;
const query = (params: Record<string, unknown>) =>
	new URLSearchParams(Object.entries(params).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)])).toString();
/** A query as the app sends it: nested objects as brackets, filter[_or][0][status][_eq]=…. */
const bracketQuery = (params: Record<string, unknown>) => {
	const pairs: [string, string][] = [];
	const walk = (prefix: string, value: unknown) => {
		if (value !== null && typeof value === 'object') for (const [key, inner] of Object.entries(value)) walk(`${prefix}[${key}]`, inner);
		else pairs.push([prefix, String(value)]);
	};
	for (const [key, value] of Object.entries(params)) walk(key, value);
	return new URLSearchParams(pairs).toString();
};

/** Every request the item page makes for its data; the refused ones, as "status path". */
async function openItemPage(token: string, collection: string, id: number | string) {
	const refused: string[] = [];
	const get = async (path: string) => {
		const answer = await call(token, 'GET', path);
		if (answer.status === 403 || answer.status >= 500) refused.push(`${answer.status} ${decodeURIComponent(path)}`);
		return answer;
	};
	const item = (await get(`${itemsPath(collection)}/${id}?fields=*`)).data as Record<string, unknown> | undefined;
	// The action bar of the item page.
	await get(`/insurance/${collection}/${id}/actions`);
	const title = templateFields(templates.get(collection));
	if (title.length) await get(`${itemsPath(collection)}/${id}?fields=${title.join(',')}`);
	for (const field of await fields(collection)) {
		const special = field.meta?.special ?? [];
		if (special.includes('m2o') || special.includes('file')) {
			const related = relations.find((r) => r.collection === collection && r.field === field.field)?.related_collection;
			const value = item?.[field.field];
			if (!related || value === null || value === undefined) continue;
			const wanted = templateFields(field.meta?.options?.template ?? field.meta?.display_options?.template ?? templates.get(related)) ;
			await get(`${itemsPath(related)}/${value}?fields=${['id', ...wanted].join(',')}`);
		} else if (special.includes('o2m')) {
			const relation = relations.find((r) => r.related_collection === collection && r.meta?.one_field === field.field);
			if (!relation) continue;
			const wanted = templateFields(field.meta?.options?.template ?? templates.get(relation.collection));
			await get(`${itemsPath(relation.collection)}?${query({ filter: { [relation.field]: { _eq: id } }, fields: ['id', ...wanted].join(','), limit: 15 })}`);
		}
	}
	return refused;
}

describe('the app opens without a Forbidden dialog for every staff role', () => {
	const tokens = new Map<string, string>();
	let claim: number;
	let policy: number;

	beforeAll(async () => {
		for (const role of STAFF) tokens.set(role, await login(DEMO_LOGINS[role], DEMO_PASSWORD));
		// A claim taken by a handler (assigned user and team set) and its policy, with lines and messages.
		const claims = (await call(admin, 'GET', `/items/claims?${query({ filter: { assigned_to: { _nnull: true }, assigned_team: { _nnull: true } }, fields: 'id,policy', limit: 1 })}`)).data as { id: number; policy: number }[];
		const fallback = (await call(admin, 'GET', `/items/claims?${query({ filter: { assigned_to: { _nnull: true } }, fields: 'id,policy', limit: 1 })}`)).data as { id: number; policy: number }[];
		const chosen = claims[0] ?? fallback[0];
		expect(chosen, 'the demo data has an assigned claim').toBeDefined();
		claim = chosen!.id;
		policy = chosen!.policy;
	});

	afterAll(() => tokens.clear());

	it.each(STAFF)('%s: a claim item page and its policy', async (role) => {
		const token = tokens.get(role)!;
		expect(await openItemPage(token, 'claims', claim)).toEqual([]);
		expect(await openItemPage(token, 'policies', policy)).toEqual([]);
	});

	it.each(STAFF)("%s: the role's saved views list their columns", async (role) => {
		const token = tokens.get(role)!;
		const roleId = ((await call(admin, 'GET', `/roles?${query({ filter: { name: { _eq: role } }, fields: 'id' })}`)).data as { id: string }[])[0]!.id;
		const bookmarks = (await call(admin, 'GET', `/presets?${query({ filter: { role: { _eq: roleId }, bookmark: { _nnull: true } }, limit: -1 })}`)).data as {
			bookmark: string;
			collection: string;
			filter: object | null;
			layout_query: { tabular?: { fields?: string[]; sort?: string[] } } | null;
		}[];
		const refused: string[] = [];
		for (const bookmark of bookmarks) {
			const columns = bookmark.layout_query?.tabular?.fields ?? ['*'];
			const expanded: string[] = [];
			for (const column of columns) {
				const meta = (await fields(bookmark.collection)).find((f) => f.field === column);
				const related = relations.find((r) => r.collection === bookmark.collection && r.field === column)?.related_collection;
				const wanted = related ? templateFields(meta?.meta?.display_options?.template ?? templates.get(related)) : [];
				expanded.push(...(wanted.length ? wanted.map((w) => `${column}.${w}`) : [column]));
			}
			const answer = await call(token, 'GET', `/items/${bookmark.collection}?${bracketQuery({ fields: expanded.join(','), filter: bookmark.filter ?? {}, sort: (bookmark.layout_query?.tabular?.sort ?? []).join(','), limit: 25 })}`);
			if (answer.status !== 200) refused.push(`${answer.status} ${bookmark.bookmark}: ${answer.errors?.[0]?.message}`);
		}
		expect(refused).toEqual([]);
	});
});

describe('saved views', () => {
	it('seeds the views of SPEC §10 for the staff roles', async () => {
		const presets = (await call(admin, 'GET', `/presets?${query({ filter: { bookmark: { _nnull: true }, role: { _nnull: true } }, fields: 'bookmark,collection,role.name', limit: -1 })}`)).data as { bookmark: string; role: { name: string } }[];
		const has = (role: string, bookmark: string) => presets.some((p) => p.role.name === role && p.bookmark === bookmark);
		expect(has('Claims Department', 'Claims to take')).toBe(true);
		expect(has('Claims Department', 'My claims')).toBe(true);
		expect(has('Manager', 'Pending approval')).toBe(true);
		expect(has('Manager', 'Overdue claims')).toBe(true);
		expect(has('Administration', 'Awaiting payment')).toBe(true);
		expect(has('Administration', 'Proposals past half their withdrawal days')).toBe(true);
	});
});

describe('the allocation picker', () => {
	it("offers only the open installments of the payment's client", async () => {
		const token = await login(DEMO_LOGINS.Administration, DEMO_PASSWORD);
		const picker = (await fields('payment_allocations')).find((f) => f.field === 'installment')!;
		const template = JSON.stringify((picker.meta as { options: { filter: object } }).options.filter);
		expect(template).toContain('{{payment}}');
		const payments = (await call(admin, 'GET', '/items/payments?fields=id,client&limit=-1')).data as { id: number; client: number }[];
		expect(payments.length).toBeGreaterThan(0);
		for (const payment of payments.slice(0, 3)) {
			// What the app sends once the allocation names its payment: the template rendered with the form's values.
			const filter = JSON.parse(template.replaceAll('{{payment}}', String(payment.id)));
			const offered = await call(token, 'GET', `/items/installments?${query({ filter, fields: 'id', sort: 'id', limit: -1 })}`);
			expect(offered.status).toBe(200);
			const expected = await call(admin, 'GET', `/items/installments?${query({ filter: { _and: [{ policy: { client: { _eq: payment.client } } }, { status: { _in: ['OnTime', 'StatementIssued', 'Unpaid'] } }] }, fields: 'id', sort: 'id', limit: -1 })}`);
			expect((offered.data as { id: number }[]).map((row) => row.id)).toEqual((expected.data as { id: number }[]).map((row) => row.id));
		}
	});
});
