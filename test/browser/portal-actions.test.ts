// What a client does with a claim in the portal, in headless Chromium against the suite's
// Directus: submit a draft, withdraw a claim, answer an information request with a document,
// read every problem of a submission at once in its own language, pick only a policy intake
// accepts, and see neither a proposed total before the decision nor the insurer's working fields.
import { createItem, customEndpoint } from '@directus/sdk';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, directusUrl, loginAs } from '../helpers/clients';
import { dbDate, FULL_COVER, insertPolicy, statusOf, testDatabase } from '../helpers/fixtures';
import { call, login } from '../security/http';
import { eventually, launchBrowser, newPage, portalSignIn, RECEIPT_PNG, screenshot } from './browser';

const CLIENT = 'client@example.com';
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const idOf = (row: unknown) => Number(typeof row === 'object' && row ? (row as { id: number }).id : row);

let browser: Browser;
let url: string;
let policy: number;
let policyNumber: string;
beforeAll(async () => {
	url = directusUrl();
	browser = await launchBrowser();
	policy = await insertPolicy({ begin_date: dbDate(daysAgo(200)), end_date: dbDate(daysAgo(-165)) }, FULL_COVER);
	policyNumber = (await testDatabase()('policies').where('id', policy).first('policy_number')).policy_number;
});
afterAll(async () => {
	await browser?.close();
});

/** A claim of the demo client in `status`, written straight into the database, with one line. */
async function insertClaim(status: string, fields: Record<string, unknown> = {}) {
	const db = testDatabase();
	const { client } = await db('policies').where('id', policy).first('client');
	const number = `PORTAL-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
	const id = idOf((await db('claims').insert({ policy, client, status, channel: 'portal', claim_number: number, total_claimed: 1850, submitted_at: new Date(), ...fields }).returning('id'))[0]);
	await db('claim_lines').insert({ claim: id, kind: 'hospital', description: 'Day hospital', service_date: dbDate(daysAgo(10)), quantity: 1, unit_amount: 1850, amount_claimed: 1850, amount_benefit: 1850 });
	return { id, number };
}

async function signedIn(): Promise<Page> {
	const page = await newPage(browser);
	await portalSignIn(page, url, CLIENT, DEMO_PASSWORD);
	return page;
}

const openClaim = async (page: Page, id: number) => {
	await page.goto(`${url}/insurance/portal#/claims/${id}`);
	await page.getByTestId('claim-status').waitFor();
};

describe('portal: acting on a claim', () => {
	it('submits a draft claim', async () => {
		const client = await loginAs(CLIENT);
		const draft = await client.request(
			createItem('claims', { policy, lines: [{ kind: 'medication', description: 'Ibuprofen 400 mg', service_date: daysAgo(2), quantity: 1, unit_amount: '6.20' }] } as never, { fields: ['id'] }),
		);
		const id = Number((draft as { id: number }).id);
		const page = await signedIn();
		await openClaim(page, id);
		expect(await page.getByTestId('claim-status').innerText()).toBe('Draft');
		expect(await page.locator('main').innerText()).toContain('This claim is a draft');
		await screenshot(page, 'portal-actions-1-draft');
		await page.getByRole('button', { name: 'Submit the claim' }).click();
		await eventually(() => page.getByTestId('claim-status').innerText()).toBe('Submitted');
		expect(await statusOf('claims', id)).toBe('Submitted');
		expect((await testDatabase()('claims').where('id', id).first('claim_number')).claim_number).toMatch(/^CLM-/);
		// Submitted claims can still be withdrawn, not submitted again.
		expect(await page.getByRole('button', { name: 'Submit the claim' }).count()).toBe(0);
		expect(await page.getByRole('button', { name: 'Withdraw the claim' }).count()).toBe(1);
		await screenshot(page, 'portal-actions-2-submitted');
		await page.context().close();
	});

	it('withdraws a claim after confirming, and offers it only where the lifecycle lets the client', async () => {
		const { id, number } = await insertClaim('InReview');
		const page = await signedIn();
		await openClaim(page, id);
		await page.getByRole('button', { name: 'Withdraw the claim' }).click();
		expect(await page.locator('main').innerText()).toContain(`Withdraw claim ${number}?`);
		await screenshot(page, 'portal-actions-3-withdraw-confirm');
		// Keeping it changes nothing.
		await page.getByRole('button', { name: 'Keep the claim' }).click();
		expect(await statusOf('claims', id)).toBe('InReview');
		await page.getByRole('button', { name: 'Withdraw the claim' }).click();
		await page.getByRole('button', { name: 'Yes, withdraw it' }).click();
		await eventually(() => page.getByTestId('claim-status').innerText()).toBe('Withdrawn');
		expect(await statusOf('claims', id)).toBe('Withdrawn');
		expect(await page.getByTestId('claim-actions').count()).toBe(0);
		await screenshot(page, 'portal-actions-4-withdrawn');

		// Waiting for a manager, approved or paid: the client has nothing to do.
		for (const status of ['PendingApproval', 'Approved']) {
			const other = await insertClaim(status, status === 'Approved' ? { total_approved: 1850, decided_at: new Date() } : {});
			await openClaim(page, other.id);
			expect(await page.getByTestId('claim-actions').count(), status).toBe(0);
		}
		await page.context().close();
	});

	it('shows the server’s refusal in words when the claim moved on meanwhile', async () => {
		const { id } = await insertClaim('Submitted');
		const page = await signedIn();
		await openClaim(page, id);
		// The claims team rejects it while the client looks at it.
		await testDatabase()('claims').where('id', id).update({ status: 'Rejected', decision_note: 'Not covered', decided_at: new Date() });
		await page.getByRole('button', { name: 'Withdraw the claim' }).click();
		await page.getByRole('button', { name: 'Yes, withdraw it' }).click();
		const alert = page.getByTestId('claim-actions').getByRole('alert');
		await eventually(() => alert.innerText()).toContain('This is no longer possible: the claim has moved on.');
		expect(await statusOf('claims', id)).toBe('Rejected');
		await page.context().close();
	});

	it('answers an information request with a document that becomes the client’s own file on the claim', async () => {
		const handler = (await testDatabase()('directus_users').where('email', 'claims@example.com').first('id')).id;
		const { id } = await insertClaim('InformationRequested', { assigned_to: handler });
		await testDatabase()('claim_messages').insert({ claim: id, kind: 'information_request', body: 'Please send the discharge letter.', user_created: handler, date_created: new Date() });
		const page = await signedIn();
		await openClaim(page, id);
		expect(await page.getByTestId('messages').innerText()).toContain('Please send the discharge letter.');
		await page.getByLabel('Your answer').fill('Here is the discharge letter.');
		await page.getByLabel('Attach a document (optional)').setInputFiles({ name: 'discharge-letter.png', mimeType: 'image/png', buffer: RECEIPT_PNG });
		await screenshot(page, 'portal-actions-5-answer-with-document');
		await page.getByRole('button', { name: 'Send the answer' }).click();
		await eventually(() => page.getByTestId('claim-status').innerText()).toBe('In review');
		await eventually(() => page.getByRole('link', { name: 'View the attached document' }).count()).toBe(1);
		await screenshot(page, 'portal-actions-6-answered');

		const db = testDatabase();
		const answer = await db('claim_messages').where('claim', id).orderBy('id', 'desc').first('kind', 'body', 'attachment');
		expect(answer).toMatchObject({ kind: 'answer', body: 'Here is the discharge letter.' });
		const client = await db('directus_users').where('email', CLIENT).first('id');
		expect(await db('directus_files').where('id', answer.attachment).first('uploaded_by', 'type')).toEqual({ uploaded_by: client.id, type: 'image/png' });
		// The handler opens it; another client does not.
		expect((await call(await login('claims@example.com', DEMO_PASSWORD), 'GET', `/assets/${answer.attachment}`)).status).toBe(200);
		expect((await call(await login('client.b@example.com', DEMO_PASSWORD), 'GET', `/assets/${answer.attachment}`)).status).toBe(403);
		await page.context().close();
	});

	it('refuses a document of a type the claims team cannot open, next to the file input', async () => {
		const { id } = await insertClaim('InformationRequested');
		const page = await signedIn();
		await openClaim(page, id);
		await page.getByLabel('Your answer').fill('See the attached page.');
		await page.getByLabel('Attach a document (optional)').setInputFiles({ name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<p>page</p>') });
		await page.getByRole('button', { name: 'Send the answer' }).click();
		await eventually(() => page.locator('[data-field="attachment"] .field-error').innerText()).toBe('The document must be a PDF or a photo (JPEG, PNG, HEIC, WebP) of at most 10 MB.');
		expect(await statusOf('claims', id)).toBe('InformationRequested');
		expect(Number((await testDatabase()('claim_messages').where('claim', id).count('* as n').first())!.n)).toBe(0);
		await page.context().close();
	});
});

describe('portal: filing a claim', () => {
	/** The input of `field` on line `n` (0-based) of the claim form. */
	const lineField = (page: Page, n: number, field: string) => page.locator('fieldset.line').nth(n).locator(`[data-field="lines.${n}.${field}"]`);

	it('offers only the policies a claim can be filed on', async () => {
		const proposal = await insertPolicy({ status: 'Proposal' });
		const proposalNumber = (await testDatabase()('policies').where('id', proposal).first('policy_number')).policy_number;
		const page = await signedIn();
		await page.goto(`${url}/insurance/portal#/claims/new`);
		const picker = page.getByRole('combobox', { name: 'Policy', exact: true });
		await picker.waitFor();
		const offered = (await picker.locator('option').allInnerTexts()).filter((label) => label !== 'Choose…');
		expect(offered).toContain(`${policyNumber} · In force`);
		expect(offered).toContain('DEMO-P-0001 · In force');
		for (const excluded of [proposalNumber, 'DEMO-P-0002', 'DEMO-P-0003']) expect(offered.some((label) => label.startsWith(excluded)), excluded).toBe(false);
		expect(offered.every((label) => label.endsWith('· In force'))).toBe(true);
		await page.context().close();
	});

	it('shows every problem of a submission at once, next to its field, in French', async () => {
		const before = Number((await testDatabase()('claims').where('policy', policy).count('* as n').first())!.n);
		const page = await signedIn();
		await page.getByLabel('Language').selectOption('fr');
		await page.getByRole('link', { name: 'Demander un remboursement', exact: true }).first().click();
		await page.getByRole('heading', { name: 'Demander un remboursement' }).waitFor();
		await page.getByRole('combobox', { name: 'Contrat', exact: true }).selectOption({ label: `${policyNumber} · En vigueur` });
		const line0 = page.locator('fieldset.line').nth(0);
		await line0.locator('select').selectOption('medication');
		await lineField(page, 0, 'service_date').locator('input').fill(daysAgo(3));
		await lineField(page, 0, 'quantity').locator('input').fill('0');
		await lineField(page, 0, 'unit_amount').locator('input').fill('4.50');
		await page.getByRole('button', { name: 'Ajouter une ligne' }).click();
		await page.locator('fieldset.line').nth(1).locator('select').selectOption('consultation');
		await lineField(page, 1, 'description').locator('input').fill('Consultation');
		await lineField(page, 1, 'service_date').locator('input').fill(daysAgo(2));
		await lineField(page, 1, 'quantity').locator('input').fill('1');
		await page.getByRole('button', { name: 'Envoyer la demande' }).click();

		// The description and quantity of line 1 and the price of line 2, in one answer.
		const error = (n: number, field: string) => lineField(page, n, field).locator('.field-error');
		await eventually(() => error(0, 'description').innerText()).toBe('Décrivez le médicament ou le soin (255 caractères au plus).');
		expect(await error(0, 'quantity').innerText()).toBe("Indiquez un nombre entier d'unités, de 1 à 10 000.");
		expect(await error(1, 'unit_amount').innerText()).toBe("Indiquez le prix d'une unité, par exemple 12,50 (2 décimales au plus).");
		expect(await lineField(page, 0, 'quantity').locator('input').getAttribute('aria-invalid')).toBe('true');
		expect(await page.locator('.form-error').innerText()).toContain("rien n'a été enregistré");
		// Every problem has its field: none is left over in the summary.
		expect(await page.locator('.form-error li').count()).toBe(0);
		expect(await page.locator('main').innerText()).not.toMatch(/lines\[|must be|is required/);
		await screenshot(page, 'portal-actions-7-errors-fr');

		// Once their shape is right, the dates of every line are checked, again all at once.
		await lineField(page, 0, 'description').locator('input').fill('Paracétamol');
		await lineField(page, 0, 'quantity').locator('input').fill('2');
		await lineField(page, 0, 'service_date').locator('input').fill(daysAgo(-3));
		await lineField(page, 1, 'unit_amount').locator('input').fill('25');
		await lineField(page, 1, 'service_date').locator('input').fill('1990-01-01');
		await page.getByRole('button', { name: 'Envoyer la demande' }).click();
		await eventually(() => error(0, 'service_date').innerText()).toBe('La date des soins ne peut pas être dans le futur.');
		expect(await error(1, 'service_date').innerText()).toBe('La date des soins doit être comprise dans la période du contrat.');
		expect(await error(0, 'quantity').isHidden()).toBe(true);
		await screenshot(page, 'portal-actions-8-dates-fr');
		expect(page.url()).toMatch(/#\/claims\/new$/);
		expect(Number((await testDatabase()('claims').where('policy', policy).count('* as n').first())!.n)).toBe(before);
		await page.getByLabel('Langue').selectOption('en');
		await page.context().close();
	});
});

describe('portal: what a client reads of a claim', () => {
	it('shows no approved total while a manager has still to decide, and the total once decided', async () => {
		const { id, number } = await insertClaim('PendingApproval', { total_approved: 1850, decision_note: 'Proposed in full.' });
		const page = await signedIn();
		await openClaim(page, id);
		const main = () => page.locator('main').innerText();
		expect(await page.getByTestId('claim-status').innerText()).toBe('Pending approval');
		expect(await page.locator('dd[data-field="total_approved"]').count()).toBe(0);
		expect(await main()).not.toContain('Total approved');
		expect(await main()).not.toContain('Proposed in full.');
		// The total row: claimed, and no approved amount yet.
		const total = page.getByTestId('decision').locator('tbody tr').last().locator('td');
		expect(await total.nth(2).innerText()).toBe('€1,850.00');
		expect(await total.nth(3).innerText()).toBe('—');
		await screenshot(page, 'portal-actions-9-pending-approval');
		await page.goto(`${url}/insurance/portal#/claims`);
		await eventually(() => page.locator(`[data-claim="${id}"][data-field="total_approved"]`).innerText()).toBe('—');

		const manager = await loginAs('manager@example.com');
		await manager.request(customEndpoint({ path: `/insurance/claims/${id}/approve`, method: 'POST', body: JSON.stringify({ decision_note: 'Approved in full.' }) }));
		await openClaim(page, id);
		expect(await page.getByTestId('claim-status').innerText()).toBe('Approved');
		expect(await page.locator('dd[data-field="total_approved"]').innerText()).toBe('€1,850.00');
		expect(await main()).toContain(`Claim ${number}`);
		await page.context().close();
	});

	it('shows none of the insurer’s working fields on a claim or a policy', async () => {
		const { id } = await insertClaim('InReview', { channel: 'call_center', overdue: true, escalated_at: new Date() });
		const page = await signedIn();
		await openClaim(page, id);
		const text = await page.locator('main').innerText();
		for (const label of ['Channel', 'Overdue', 'Escalated at', 'Assigned team', 'Call center']) expect(text, label).not.toContain(label);
		for (const field of ['channel', 'overdue', 'escalated_at', 'assigned_team', 'assigned_to']) expect(await page.locator(`dd[data-field="${field}"]`).count(), field).toBe(0);
		await page.goto(`${url}/insurance/portal#/policies/${policy}`);
		await page.getByRole('heading', { name: `Policy ${policyNumber}` }).waitFor();
		const policyText = await page.locator('main').innerText();
		for (const label of ['Days after unpaid due date', 'Portfolio']) expect(policyText, label).not.toContain(label);
		expect(await page.locator('dd[data-field="days_after_unpaid_due_date"]').count()).toBe(0);
		await screenshot(page, 'portal-actions-10-no-internal-fields');
		await page.context().close();
	});
});
