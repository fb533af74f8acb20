// Adjudication wired into intake and the decision (SPEC §9): a kind and a benefit a Business
// Admin adds are used at once; every line's parts over two policy years match figures worked
// out by hand below; a small clean claim is approved by the system at intake, and the same
// claim without a receipt, above the limit or looking like a duplicate waits for a person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, directusUrl } from '../helpers/clients';
import { dbDate, historyOf, insertPolicy, testDatabase } from '../helpers/fixtures';
import { call, login, upload } from '../security/http';
import { post } from './api';

const money = (value: unknown) => (value === null || value === undefined ? null : Number(value).toFixed(2));
const idOf = (row: unknown) => Number(typeof row === 'object' && row ? (row as { id: number }).id : row);
const tag = `${process.pid}-${Date.now().toString(36)}`;

let businessAdmin: string;
let client: string;
let handler: string;
const products: number[] = [];

beforeAll(async () => {
	[businessAdmin, client, handler] = await Promise.all([
		login('business.admin@example.com', DEMO_PASSWORD),
		login('client@example.com', DEMO_PASSWORD),
		login('claims@example.com', DEMO_PASSWORD),
	]);
	// Start from a catalogue without dental care, whatever other files of the run added.
	const db = testDatabase();
	await db('claim_lines').where('kind', 'dental').delete();
	await db('product_benefits').where('kind', 'dental').delete();
	await db('claim_line_kinds').where('code', 'dental').delete();
});

afterAll(async () => {
	// The kind added here is the Business Admin's data of this run only.
	const db = testDatabase();
	await db('product_benefits').whereIn('product', products).delete();
	await db('claim_lines').where('kind', 'dental').delete();
	await db('claim_line_kinds').where('code', 'dental').delete();
});

/** A product as a Business Admin creates it in the app; returns its code. */
async function createProduct(name: string, fields: Record<string, unknown>) {
	const code = `TEST-ADJ-${name}-${tag}`;
	const created = await call(businessAdmin, 'POST', '/items/products', { code, name: `Adjudication test ${name}`, premium_frequency: 'monthly', ...fields });
	expect(created.status, JSON.stringify(created)).toBe(200);
	products.push(idOf(created.data));
	return { code, id: idOf(created.data) };
}

const fileClaim = async (policy: number, lines: Record<string, unknown>[]) => {
	const filed = await post(directusUrl(), '/insurance/claims', { policy, lines: lines.map((line) => ({ description: 'Adjudication test', quantity: 1, ...line })) }, client);
	expect(filed.status, JSON.stringify(filed.body)).toBe(201);
	return filed.body.data as { id: number; status: string };
};

/** Each line's parts as stored: claimed, eligible, deductible, co-pay, benefit, approved, and its cuts. */
async function partsOf(claim: number) {
	const rows = await testDatabase()('claim_lines').where('claim', claim).orderBy('id');
	return rows.map((row) => ({
		claimed: money(row.amount_claimed),
		eligible: money(row.amount_eligible),
		deductible: money(row.amount_deductible),
		copay: money(row.amount_copay),
		benefit: money(row.amount_benefit),
		approved: money(row.amount_approved),
		cuts: ((typeof row.adjudication === 'string' ? JSON.parse(row.adjudication) : row.adjudication) as { code: string; amount: string }[]).map((cut) => `${cut.code} ${cut.amount}`),
	}));
}

const statusOf = async (claim: number) => (await testDatabase()('claims').where('id', claim).first('status')).status as string;

describe('a kind and a benefit added in the app', () => {
	it('are filed and adjudicated at once, with no restart', async () => {
		const product = await createProduct('DENTAL', { annual_deductible: 0, auto_approve_limit: 500 });
		const policy = await insertPolicy({ begin_date: dbDate('2026-01-01'), end_date: dbDate('2026-12-31') }, product.code);
		const refused = await post(directusUrl(), '/insurance/claims', { policy, lines: [{ kind: 'dental', description: 'Filling', service_date: '2026-03-01', quantity: 1, unit_amount: 110 }] }, client);
		expect(refused.status).toBe(400);
		expect(refused.body.errors![0]!.message).toMatch(/^"lines\[0\]\.kind" must be one of the active claim kinds: /);

		expect((await call(businessAdmin, 'POST', '/items/claim_line_kinds', { code: 'dental', name: 'Dental care' })).status).toBe(200);
		const benefit = await call(businessAdmin, 'POST', '/items/product_benefits', { product: product.id, kind: 'dental', coverage_percent: 70, copay_amount: 10 });
		expect(benefit.status, JSON.stringify(benefit)).toBe(200);

		// 110 claimed: no deductible, 10 co-pay, 70 % of 100 = 70; no receipt, so a person decides.
		const claim = await fileClaim(policy, [{ kind: 'dental', description: 'Filling', service_date: '2026-03-01', unit_amount: 110 }]);
		expect(claim.status).toBe('Submitted');
		expect(await partsOf(claim.id)).toEqual([{ claimed: '110.00', eligible: '110.00', deductible: '0.00', copay: '10.00', benefit: '70.00', approved: null, cuts: ['COPAY 10.00', 'COINSURANCE 30.00'] }]);
	});
});

describe('a scenario over two policy years', () => {
	// Deductible 100 a policy year; coverage 600 for the contract.
	// consultation: 80 % after a 20 co-pay, 100 per claim, 250 a year, 4 units a year;
	// medication: 100 %; hospital: 90 %, 300 a year, covered 60 days after the begin date;
	// other: no benefit.
	let policy: number;
	beforeAll(async () => {
		const product = await createProduct('SCENARIO', {
			annual_deductible: 100,
			auto_approve_limit: null,
			benefits: [
				{ kind: 'consultation', coverage_percent: 80, copay_amount: 20, per_claim_limit: 100, annual_limit: 250, annual_quantity_limit: 4 },
				{ kind: 'medication', coverage_percent: 100 },
				{ kind: 'hospital', coverage_percent: 90, annual_limit: 300, waiting_period_days: 60 },
			],
		});
		policy = await insertPolicy({ begin_date: dbDate('2025-01-15'), end_date: dbDate('2027-01-14'), coverage_limit: 600 }, product.code);
	});

	const approve = async (claim: number) => {
		expect((await post(directusUrl(), `/insurance/claims/${claim}/take`, {}, handler)).status).toBe(200);
		const approved = await post(directusUrl(), `/insurance/claims/${claim}/approve`, {}, handler);
		expect(approved.status, JSON.stringify(approved.body)).toBe(200);
		return approved.body.data as { status: string; total_approved: unknown };
	};

	it('year 1, first claim: waiting period, not covered, deductible, co-pay, co-insurance, quantity and per-claim limits', async () => {
		const claim = await fileClaim(policy, [
			{ kind: 'hospital', service_date: '2025-02-01', unit_amount: 500 },
			{ kind: 'other', service_date: '2025-03-01', unit_amount: 40 },
			{ kind: 'consultation', service_date: '2025-04-01', quantity: 2, unit_amount: 100 },
			{ kind: 'consultation', service_date: '2025-04-02', quantity: 3, unit_amount: 100 },
		]);
		const none = { eligible: '0.00', deductible: '0.00', copay: '0.00', benefit: '0.00', approved: null };
		expect(await partsOf(claim.id)).toEqual([
			// Before 2025-01-15 + 60 days = 2025-03-16: all of it.
			{ claimed: '500.00', ...none, cuts: ['WAITING_PERIOD 500.00'] },
			{ claimed: '40.00', ...none, cuts: ['NOT_COVERED 40.00'] },
			// 200: deductible 100, co-pay 20, 80 % of 80 = 64.
			{ claimed: '200.00', eligible: '200.00', deductible: '100.00', copay: '20.00', benefit: '64.00', approved: null, cuts: ['DEDUCTIBLE 100.00', 'COPAY 20.00', 'COINSURANCE 16.00'] },
			// 2 of 4 units left: 100 cut; co-pay 20; 80 % of 180 = 144; 100 - 64 = 36 left per claim.
			{ claimed: '300.00', eligible: '200.00', deductible: '0.00', copay: '20.00', benefit: '36.00', approved: null, cuts: ['QUANTITY_LIMIT 100.00', 'COPAY 20.00', 'COINSURANCE 36.00', 'PER_CLAIM_LIMIT 108.00'] },
		]);
		// Approved without line decisions: each line at its amount_benefit.
		const approved = await approve(claim.id);
		expect(approved.status).toBe('Approved');
		expect(money(approved.total_approved)).toBe('100.00');
		expect((await partsOf(claim.id)).map((line) => line.approved)).toEqual(['0.00', '0.00', '64.00', '36.00']);
	});

	it('year 1, second claim: the year used up its units, the annual limit, and the deductible', async () => {
		const claim = await fileClaim(policy, [
			{ kind: 'medication', service_date: '2025-07-01', unit_amount: 50 },
			{ kind: 'consultation', service_date: '2025-07-02', unit_amount: 100 },
			{ kind: 'hospital', service_date: '2025-08-01', unit_amount: 400 },
		]);
		expect(await partsOf(claim.id)).toEqual([
			// The deductible was used by the first claim.
			{ claimed: '50.00', eligible: '50.00', deductible: '0.00', copay: '0.00', benefit: '50.00', approved: null, cuts: [] },
			// 4 units used this year: all of it.
			{ claimed: '100.00', eligible: '0.00', deductible: '0.00', copay: '0.00', benefit: '0.00', approved: null, cuts: ['QUANTITY_LIMIT 100.00'] },
			// 90 % of 400 = 360; 300 a year.
			{ claimed: '400.00', eligible: '400.00', deductible: '0.00', copay: '0.00', benefit: '300.00', approved: null, cuts: ['COINSURANCE 40.00', 'ANNUAL_LIMIT 60.00'] },
		]);
		expect(money((await approve(claim.id)).total_approved)).toBe('350.00');
	});

	it('year 2: a new deductible and new limits, and the contract coverage left', async () => {
		const claim = await fileClaim(policy, [
			{ kind: 'consultation', service_date: '2026-02-01', unit_amount: 200 },
			{ kind: 'hospital', service_date: '2026-02-02', unit_amount: 200 },
		]);
		expect(await partsOf(claim.id)).toEqual([
			// Deductible 100 again, co-pay 20, 80 % of 80 = 64.
			{ claimed: '200.00', eligible: '200.00', deductible: '100.00', copay: '20.00', benefit: '64.00', approved: null, cuts: ['DEDUCTIBLE 100.00', 'COPAY 20.00', 'COINSURANCE 16.00'] },
			// 90 % of 200 = 180; coverage 600 - 450 approved - 64 = 86 left.
			{ claimed: '200.00', eligible: '200.00', deductible: '0.00', copay: '0.00', benefit: '86.00', approved: null, cuts: ['COINSURANCE 20.00', 'COVERAGE_LIMIT 94.00'] },
		]);
	});

	it('a handler overrides a line with a reason: MANUAL_ADJUSTMENT, and the parts still add up', async () => {
		const claim = await fileClaim(policy, [{ kind: 'medication', service_date: '2025-09-01', unit_amount: 30 }]);
		await post(directusUrl(), `/insurance/claims/${claim.id}/take`, {}, handler);
		const [line] = await testDatabase()('claim_lines').where('claim', claim.id).select('id');
		const unexplained = await post(directusUrl(), `/insurance/claims/${claim.id}/approve`, { lines: [{ id: line.id, amount_approved: '20.00' }] }, handler);
		expect(unexplained.status).toBe(400);
		expect(unexplained.body.errors![0]!.extensions['field']).toBe('lines[0].rejection_reason');
		const approved = await post(directusUrl(), `/insurance/claims/${claim.id}/approve`, { lines: [{ id: line.id, amount_approved: '20.00', rejection_reason: 'Generic price' }] }, handler);
		expect(approved.status, JSON.stringify(approved.body)).toBe(200);
		expect(await partsOf(claim.id)).toEqual([{ claimed: '30.00', eligible: '30.00', deductible: '0.00', copay: '0.00', benefit: '30.00', approved: '20.00', cuts: ['MANUAL_ADJUSTMENT 10.00'] }]);
	});
});

describe('straight-through approval at intake', () => {
	// Medication reimbursed in full, no deductible; the system approves up to 100.
	let policy: number;
	const receipt = async (content: string) => upload(client, `receipt-${content}.pdf`, { type: 'application/pdf', content: `%PDF-1.4 ${content}` });
	beforeAll(async () => {
		const product = await createProduct('STRAIGHT', { annual_deductible: 0, auto_approve_limit: 100, benefits: [{ kind: 'medication', coverage_percent: 100 }] });
		policy = await insertPolicy({ begin_date: dbDate('2026-01-01'), end_date: dbDate('2026-12-31') }, product.code);
	});

	it('approves a small claim with receipts at intake, as the system, with its history and event', async () => {
		const claim = await fileClaim(policy, [
			{ kind: 'medication', service_date: '2026-04-01', unit_amount: 40, receipt: await receipt('a') },
			{ kind: 'medication', service_date: '2026-04-02', unit_amount: 20, receipt: await receipt('b') },
		]);
		expect(claim.status).toBe('Approved');
		expect(await historyOf('claims', claim.id)).toEqual([
			expect.objectContaining({ to_status: 'Draft', trigger: 'created' }),
			expect.objectContaining({ from_status: 'Draft', to_status: 'Submitted', trigger: 'manual' }),
			expect.objectContaining({ from_status: 'Submitted', to_status: 'Approved', trigger: 'automatic', actor: 'claims-straight-through' }),
		]);
		expect((await partsOf(claim.id)).map((line) => line.approved)).toEqual(['40.00', '20.00']);
		expect(money((await testDatabase()('claims').where('id', claim.id).first('total_approved')).total_approved)).toBe('60.00');
		const events = await testDatabase()('insurance_events').where({ collection: 'claims', item: String(claim.id) }).orderBy('id').pluck('to_status');
		expect(events).toContain('Approved');
	});

	it('approves it the same way when the claim is submitted through the item API', async () => {
		const draft = await call(client, 'POST', '/items/claims', { policy, lines: [{ kind: 'medication', description: 'Item API', service_date: '2026-06-01', quantity: 1, unit_amount: 30, receipt: await receipt('g') }] });
		expect(draft.status, JSON.stringify(draft)).toBe(200);
		const id = idOf(draft.data);
		expect((await call(client, 'PATCH', `/items/claims/${id}`, { status: 'Submitted' })).status).toBe(200);
		expect(await statusOf(id)).toBe('Approved');
		expect((await partsOf(id)).map((line) => [line.benefit, line.approved])).toEqual([['30.00', '30.00']]);
		expect((await historyOf('claims', id)).at(-1)).toMatchObject({ from_status: 'Submitted', to_status: 'Approved', trigger: 'automatic' });
	});

	it('leaves to a person the same claim without a receipt, above the limit, or a duplicate', async () => {
		const withoutReceipt = await fileClaim(policy, [
			{ kind: 'medication', service_date: '2026-05-01', unit_amount: 40, receipt: await receipt('c') },
			{ kind: 'medication', service_date: '2026-05-02', unit_amount: 20 },
		]);
		expect(withoutReceipt.status).toBe('Submitted');

		const aboveLimit = await fileClaim(policy, [
			{ kind: 'medication', service_date: '2026-05-03', unit_amount: 80, receipt: await receipt('d') },
			{ kind: 'medication', service_date: '2026-05-04', unit_amount: 21, receipt: await receipt('e') },
		]);
		expect(aboveLimit.status).toBe('Submitted');

		// Another upload of the content of receipt "a", on other dates and amounts.
		const sameReceipt = await fileClaim(policy, [{ kind: 'medication', service_date: '2026-05-05', unit_amount: 41, receipt: await receipt('a') }]);
		expect(sameReceipt.status).toBe('Submitted');
		expect((await partsOf(sameReceipt.id))[0]!.cuts).toEqual(['DUPLICATE_SUSPECTED 0.00']);

		// The same kind, date and amount as a line of the approved claim.
		const sameLine = await fileClaim(policy, [{ kind: 'medication', service_date: '2026-04-01', unit_amount: 40, receipt: await receipt('f') }]);
		expect(sameLine.status).toBe('Submitted');
		expect((await partsOf(sameLine.id))[0]!.cuts).toEqual(['DUPLICATE_SUSPECTED 0.00']);

		for (const claim of [withoutReceipt, aboveLimit, sameReceipt, sameLine]) expect(await statusOf(claim.id)).toBe('Submitted');
	});
});
