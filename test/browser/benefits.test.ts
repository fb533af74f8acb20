// The explanation of benefits in the client portal: a decided claim's page shows how each line
// was reimbursed, with the reasons in the client's language, and links the decision letter; the
// policy page shows what the policy year has used and has left. The line figures are written
// straight into the database, hand-computed for HEALTH-IND (deductible 150; consultation 80 %
// after a 20 co-pay; medication 100 %; other not covered), so the page is tested on its own.
import { customEndpoint } from '@directus/sdk';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, directusUrl, loginAs } from '../helpers/clients';
import { dbDate, insertPolicy, testDatabase } from '../helpers/fixtures';
import { eventually, launchBrowser, newPage, portalSignIn, screenshot } from './browser';

const CLIENT = 'client@example.com';
const daysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const cut = (code: string, amount: number, note?: string) => ({ code, amount, note: note ?? null });

/**
 * consultation 300.00 → eligible 300.00, deductible 150.00, co-pay 20.00, 80 % of 130.00 = 104.00;
 * medication 2 × 40.00 = 80.00 → 100 %, the deductible used up, reduced by hand to 60.00;
 * other 50.00 → not covered.
 */
const FIGURES = {
	'Specialist consultation': { amount_eligible: 300, amount_deductible: 150, amount_copay: 20, amount_benefit: 104, amount_approved: 104, adjudication: [cut('DEDUCTIBLE', 150), cut('COPAY', 20), cut('COINSURANCE', 26)] },
	'Antibiotics': { amount_eligible: 80, amount_deductible: 0, amount_copay: 0, amount_benefit: 80, amount_approved: 60, adjudication: [cut('MANUAL_ADJUSTMENT', 20, 'one box was not prescribed')] },
	'Massage': { amount_eligible: 0, amount_deductible: 0, amount_copay: 0, amount_benefit: 0, amount_approved: 0, adjudication: [cut('NOT_COVERED', 50)] },
} as const;

/** What the handler writes on each reduced line. */
const REASONS_GIVEN: Record<keyof typeof FIGURES, string> = {
	'Specialist consultation': 'Deductible, co-payment and the 80 % rate.',
	'Antibiotics': 'One box was not prescribed.',
	'Massage': 'Not covered by the product.',
};

/** The visible text, every run of white space (narrow no-break spaces of French money too) one space. */
const textOf = async (page: Page, testId: string) => (await page.getByTestId(testId).innerText()).replace(/\s+/g, ' ');

let browser: Browser;
let page: Page;
let url: string;
let policy: number;
let claim: number;

beforeAll(async () => {
	url = directusUrl();
	browser = await launchBrowser();
	policy = await insertPolicy({ proposal_date: dbDate(daysFromToday(-120)), begin_date: dbDate(daysFromToday(-100)), end_date: dbDate(daysFromToday(265)) });

	const client = await loginAs(CLIENT);
	const line = (kind: string, description: string, quantity: number, unit_amount: string) => ({ kind, description, service_date: daysFromToday(-3), quantity, unit_amount });
	const filed = (await client.request(
		customEndpoint({
			path: '/insurance/claims',
			method: 'POST',
			body: JSON.stringify({ policy, lines: [line('consultation', 'Specialist consultation', 1, '300.00'), line('medication', 'Antibiotics', 2, '40.00'), line('other', 'Massage', 1, '50.00')] }),
		}),
	)) as { id: number }; // the SDK answers the body's data
	claim = filed.id;

	const db = testDatabase();
	const lines: { id: number; description: keyof typeof FIGURES }[] = await db('claim_lines').where('claim', claim).orderBy('id').select('id', 'description');
	const staff = await loginAs('claims@example.com');
	await staff.request(customEndpoint({ path: `/insurance/claims/${claim}/take`, method: 'POST', body: '{}' }));
	await staff.request(
		customEndpoint({
			path: `/insurance/claims/${claim}/approve`,
			method: 'POST',
			body: JSON.stringify({
				lines: lines.map((l) => ({ id: l.id, amount_approved: FIGURES[l.description].amount_approved.toFixed(2), rejection_reason: REASONS_GIVEN[l.description] })),
			}),
		}),
	);
	for (const l of lines) {
		const { adjudication, ...amounts } = FIGURES[l.description];
		await db('claim_lines').where('id', l.id).update({ ...amounts, adjudication: JSON.stringify(adjudication) });
	}

	page = await newPage(browser);
	await portalSignIn(page, url, CLIENT, DEMO_PASSWORD);
}, 120_000);

afterAll(async () => {
	await page?.context().close();
	await browser?.close();
});

describe('explanation of benefits in the portal', () => {
	it("a decided claim's page shows each line from claimed to approved, with the reasons, in English and French", async () => {
		await page.goto(`${url}/insurance/portal#/claims/${claim}`);
		await eventually(() => page.getByTestId('claim-status').innerText()).toBe('Approved');
		const rows = page.getByTestId('breakdown').locator('tbody tr');
		const row = async (n: number) => (await rows.nth(n).innerText()).replace(/\s+/g, ' ');
		// claimed, eligible, deductible, co-pay, co-insurance, other cuts, approved
		expect(await row(0)).toMatch(/Specialist consultation.*€300\.00.*€300\.00.*€150\.00.*€20\.00.*€26\.00.*—.*€104\.00/);
		expect(await row(1)).toMatch(/Antibiotics.*€80\.00.*€80\.00.*€0\.00.*€0\.00.*€0\.00.*Adjusted by the claims team \(one box was not prescribed\): €20\.00.*€60\.00/);
		expect(await row(2)).toMatch(/Massage.*€50\.00.*€0\.00.*€0\.00.*€0\.00.*€0\.00.*Not covered by your product: €50\.00.*€0\.00/);
		await screenshot(page, 'benefits-1-claim-breakdown');

		await page.getByLabel('Language').selectOption('fr');
		await eventually(() => page.getByTestId('claim-status').innerText()).toBe('Acceptée');
		const breakdown = await textOf(page, 'breakdown');
		expect(breakdown).toContain('Ticket modérateur');
		expect(breakdown).toMatch(/Specialist consultation.*300,00 €.*150,00 €.*20,00 €.*26,00 €.*104,00 €/);
		expect(breakdown).toContain('Ajusté par le service des sinistres (one box was not prescribed): 20,00 €');
		expect(breakdown).toContain('Non couvert par votre produit: 50,00 €');
		await screenshot(page, 'benefits-2-claim-breakdown-fr');
		await page.getByLabel('Langue').selectOption('en');
	});

	it('links the decision letter, which the client downloads as a PDF with their token', async () => {
		const db = testDatabase();
		await expect.poll(async () => (await db('claims').where('id', claim).first('decision_letter')).decision_letter, { timeout: 30_000 }).toBeTruthy();
		await page.reload();
		const link = page.getByTestId('decision-letter');
		expect(await link.innerText()).toBe('Download the decision letter (PDF)');
		const answer = await page.request.get((await link.getAttribute('href'))!);
		expect(answer.status()).toBe(200);
		expect(answer.headers()['content-type']).toContain('application/pdf');
		expect((await answer.body()).subarray(0, 5).toString()).toBe('%PDF-');
	});

	it("the policy page shows the policy year's balances: deductible, coverage and each kind's limit, used and left", async () => {
		await page.goto(`${url}/insurance/portal#/policies/${policy}`);
		await page.getByTestId('benefits').waitFor();
		const overall = await textOf(page, 'benefits-overall');
		expect(overall).toMatch(/Annual deductible €150\.00 €150\.00 €0\.00/);
		expect(overall).toMatch(/Coverage €20,000\.00 €164\.00 €19,836\.00/);
		const byKind = await textOf(page, 'benefits-by-kind');
		// limit, used, left, units per year, units used, units left
		expect(byKind).toMatch(/Consultation €1,500\.00 €104\.00 €1,396\.00 12 1 11/);
		expect(byKind).toMatch(/Medication €800\.00 €60\.00 €740\.00 No limit 2 No limit/);
		await screenshot(page, 'benefits-3-policy-balances');

		await page.getByLabel('Language').selectOption('fr');
		await page.getByRole('heading', { name: 'Vos garanties cette année de contrat' }).waitFor();
		expect(await textOf(page, 'benefits-overall')).toMatch(/Franchise annuelle 150,00 € 150,00 € 0,00 €/);
		expect(await textOf(page, 'benefits-by-kind')).toMatch(/Médicament 800,00 € 60,00 € 740,00 € Sans plafond 2 Sans plafond/);
		await screenshot(page, 'benefits-4-policy-balances-fr');
		await page.getByLabel('Langue').selectOption('en');
	});
});
