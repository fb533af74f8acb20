// A claim worked from filing to payment through the browser only (screenshots under
// test-results/browser): the client files it in the portal; in the Directus app a claims handler
// takes it and asks for information; the client answers in the portal with a document; the
// handler decides the lines through the item page's action bar (a refused approval explains
// itself in words); a manager approves above the limit; Administration pays it with a reference.
// The status field is read-only, and no request of any page answers 403 (a "Forbidden" dialog).
// The test reads results from the database; it calls no API.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, directusUrl } from '../helpers/clients';
import { FULL_COVER, insertPolicy, statusOf, testDatabase } from '../helpers/fixtures';
import { appSignIn, eventually, fillLine, launchBrowser, navLink, newPage, portalSignIn, RECEIPT_PNG, screenshot } from './browser';

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

let browser: Browser;
let url: string;
let claim: number;
let policyNumber: string;

beforeAll(async () => {
	url = directusUrl();
	browser = await launchBrowser();
	// Full cover: the proposal equals the amounts claimed, 1,880 in all, above the 1,000 approval limit.
	const policy = await insertPolicy({}, FULL_COVER);
	policyNumber = (await testDatabase()('policies').where('id', policy).first('policy_number')).policy_number;
});
afterAll(async () => {
	await browser?.close();
});

/** Signs in to the Directus app and records every refused request of the session. */
async function staffPage(email: string) {
	const page = await newPage(browser, { width: 1500, height: 1100 });
	page.setDefaultTimeout(45_000);
	const refused: string[] = [];
	page.on('response', (response) => {
		if (response.status() === 403) refused.push(`${response.request().method()} ${response.url()}`);
	});
	await appSignIn(page, url, email, DEMO_PASSWORD);
	return { page, refused };
}

const bar = (page: Page) => page.getByTestId('insurance-actions');
const actionButton = (page: Page, label: string) => bar(page).locator('.bar').getByRole('button', { name: label, exact: true });
const dialog = (page: Page) => page.locator('.insurance-action-dialog');

async function openClaim(page: Page) {
	await page.goto(`${url}/admin/content/claims/${claim}`);
	await bar(page).locator('.bar .v-button').first().waitFor();
}

/** Confirms the open dialog and waits for the claim's new status; a refusal shown instead fails with its words. */
async function confirm(page: Page, expected: string) {
	await dialog(page).getByTestId('confirm-action').click();
	await eventually(async () => {
		const refusal = dialog(page).getByTestId('action-error');
		return (await refusal.count()) > 0 ? `refused: ${await refusal.innerText()}` : statusOf('claims', claim);
	}).toBe(expected);
	await bar(page).locator('.bar').waitFor();
}

/** Opens an action's dialog, fills its inputs, confirms and waits for the new status. */
async function perform(page: Page, label: string, inputs: Record<string, string>, expected: string) {
	await actionButton(page, label).click();
	await dialog(page).waitFor();
	for (const [name, value] of Object.entries(inputs)) await dialog(page).locator(`[data-input="${name}"]`).locator('textarea, input').fill(value);
	await confirm(page, expected);
}

const statusShown = (page: Page) => page.locator('[data-field="status"] input').first().inputValue();

async function clientPortal() {
	const page = await newPage(browser);
	await portalSignIn(page, url, 'client@example.com', DEMO_PASSWORD);
	return page;
}

describe('a claim from filing to payment, in the portal and the Directus app', () => {
	it('the client files a claim of two lines in the portal', async () => {
		const page = await clientPortal();
		await navLink(page, 'File a claim').click();
		await page.getByRole('combobox', { name: 'Policy', exact: true }).selectOption({ label: `${policyNumber} · In force` });
		await fillLine(page, 0, { kind: 'Consultation', description: 'GP consultation', date: daysAgo(3), quantity: '1', amount: '30.00' });
		await page.getByRole('button', { name: 'Add a line' }).click();
		await fillLine(page, 1, { kind: 'Hospital', description: 'Day hospital', date: daysAgo(5), quantity: '1', amount: '1850.00' });
		await page.getByRole('button', { name: 'Submit the claim' }).click();
		await page.waitForURL(/#\/claims\/\d+$/);
		claim = Number(/#\/claims\/(\d+)$/.exec(page.url())![1]);
		await eventually(() => page.getByTestId('claim-status').innerText()).toBe('Submitted');
		await page.context().close();
	});

	it('a claims handler takes the claim and requests information; the status is read-only', async () => {
		const { page, refused } = await staffPage('claims@example.com');
		await openClaim(page);
		expect(await page.locator('[data-field="status"] .v-input').getAttribute('class')).toContain('disabled');
		await eventually(() => statusShown(page)).toContain('Submitted');
		await screenshot(page, 'app-1-claim-submitted');

		await perform(page, 'Take', {}, 'InReview');
		await eventually(() => statusShown(page)).toContain('In review');
		await actionButton(page, 'Request information').waitFor();

		await actionButton(page, 'Request information').click();
		await dialog(page).waitFor();
		// Required input missing: the dialog cannot be confirmed yet.
		expect(await dialog(page).getByTestId('confirm-action').locator('button').isDisabled()).toBe(true);
		await screenshot(page, 'app-2-request-information-dialog');
		await dialog(page).locator('[data-input="message"] textarea').fill('Please send the discharge letter of the day hospital.');
		await dialog(page).getByTestId('confirm-action').click();
		await eventually(() => statusOf('claims', claim)).toBe('InformationRequested');
		await eventually(() => page.getByTestId('claim-conversation').innerText()).toContain('Please send the discharge letter');
		await eventually(() => statusShown(page)).toContain('Information requested');
		await screenshot(page, 'app-3-information-requested');
		expect(refused).toEqual([]);
		await page.context().close();
	});

	it('the client answers in the portal with the document asked for', async () => {
		const page = await clientPortal();
		await page.goto(`${url}/insurance/portal#/claims/${claim}`);
		await eventually(() => page.getByTestId('messages').innerText()).toContain('Please send the discharge letter');
		await page.getByLabel('Your answer').fill('Letter attached.');
		await page.getByLabel('Attach a document (optional)').setInputFiles({ name: 'discharge-letter.png', mimeType: 'image/png', buffer: RECEIPT_PNG });
		await page.getByRole('button', { name: 'Send the answer' }).click();
		await eventually(() => page.getByTestId('claim-status').innerText()).toBe('In review');
		await screenshot(page, 'app-4-client-answered');
		const answer = await testDatabase()('claim_messages').where('claim', claim).orderBy('id', 'desc').first('body', 'attachment');
		expect(answer.body).toBe('Letter attached.');
		expect(answer.attachment).not.toBeNull();
		await page.context().close();
	});

	it('decides the lines: a reduction without a reason is refused in words, with one the approval goes to a manager', async () => {
		const { page, refused } = await staffPage('claims@example.com');
		await openClaim(page);
		await eventually(() => page.getByTestId('claim-conversation').innerText()).toContain('Letter attached.');
		const lines = page.getByTestId('claim-lines');
		const hospital = lines.locator('tr', { hasText: 'Day hospital' });
		await hospital.getByTestId('line-amount').fill('1500');

		await actionButton(page, 'Approve').click();
		await dialog(page).waitFor();
		await eventually(() => dialog(page).innerText()).toContain('1 line decided otherwise');
		await dialog(page).getByTestId('confirm-action').click();
		const refusal = dialog(page).getByTestId('action-error');
		await refusal.waitFor();
		const message = await refusal.innerText();
		expect(message).toMatch(/rejection_reason.*required when less than the amount claimed is approved/);
		expect(message).not.toMatch(/errors\.|INVALID_PAYLOAD/);
		expect(await statusOf('claims', claim)).toBe('InReview');
		await screenshot(page, 'app-5-refused-in-words');
		await dialog(page).getByRole('button', { name: 'Cancel' }).click();
		await dialog(page).waitFor({ state: 'detached' });

		await hospital.getByTestId('line-reason').fill('Day rate above the agreed tariff');
		await perform(page, 'Approve', { decision_note: 'Hospital line at the agreed tariff.' }, 'PendingApproval');
		await eventually(() => statusShown(page)).toContain('Pending approval');
		await screenshot(page, 'app-6-pending-approval');
		expect(refused).toEqual([]);
		await page.context().close();
	});

	it('a manager approves the claim waiting above the limit, without a Forbidden dialog', async () => {
		const { page, refused } = await staffPage('manager@example.com');
		await openClaim(page);
		// The handler's decision stands as the starting point of the manager's.
		await eventually(async () => Number(await page.getByTestId('claim-lines').locator('tr', { hasText: 'Day hospital' }).getByTestId('line-amount').inputValue())).toBe(1500);
		await perform(page, 'Approve', {}, 'Approved');
		await eventually(() => statusShown(page)).toContain('Approved');
		await screenshot(page, 'app-7-approved-by-manager');
		// Paying is Administration's action, not the manager's.
		expect(await actionButton(page, 'Pay').count()).toBe(0);
		expect(refused).toEqual([]);
		await page.context().close();
	});

	it('Administration pays the approved claim with a payment reference', async () => {
		const { page, refused } = await staffPage('administration@example.com');
		await openClaim(page);
		await perform(page, 'Pay', { payment_reference: 'TRF-2026-0457' }, 'Paid');
		await eventually(() => statusShown(page)).toContain('Paid');
		await screenshot(page, 'app-8-paid');
		expect(await testDatabase()('claims').where('id', claim).first('payment_reference')).toEqual({ payment_reference: 'TRF-2026-0457' });
		expect(refused).toEqual([]);
		await page.context().close();
	});
});
