// The client portal in headless Chromium against the real Directus of the suite: filing a
// claim with receipts, following it live while staff work on it, answering, reading the
// decision; fields added by an admin; isolation between clients; server messages inline.
import { createField, customEndpoint, deleteField, readItem, readItems, readPermissions, readPolicies, updatePermission } from '@directus/sdk';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, DEMO_PASSWORD, directusUrl, loginAs } from '../helpers/clients';
import { eventually, fillLine, launchBrowser, navLink, newPage, portalSignIn, screenshot } from './browser';

const CLIENT_A = 'client@example.com';
const CLIENT_B = 'client.b@example.com';
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

let browser: Browser;
let url: string;
beforeAll(async () => {
	url = directusUrl();
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

async function claimsOfClient(email: string) {
	const admin = await asAdmin();
	return (await admin.request(readItems('claims', { filter: { client: { user: { email: { _eq: email } } } }, fields: ['id'], limit: -1 }))).length;
}

describe('client portal', () => {
	describe('a demo client follows a claim from filing to decision', () => {
		let page: Page;
		let claimId: number;
		let staff: Awaited<ReturnType<typeof loginAs>>;
		/** Opens the claim afresh. */
		const claimPage = async () => {
			await page.goto(`${url}/insurance/portal#/claims/${claimId}`);
			await page.reload();
		};
		afterAll(() => page?.context().close());

		it('files a claim with two lines and a receipt and sees it Submitted', async () => {
			page = await newPage(browser);
			staff = await loginAs('claims@example.com');
			await portalSignIn(page, url, CLIENT_A, DEMO_PASSWORD);
			await page.getByRole('link', { name: 'Open policy DEMO-P-0001' }).waitFor();
			await screenshot(page, 'portal-1-policies');

			await navLink(page, 'File a claim').click();
			await page.getByRole('combobox', { name: 'Policy', exact: true }).selectOption({ label: 'DEMO-P-0001 · In force' });
			await fillLine(page, 0, { kind: 'Medication', description: 'Paracetamol 500 mg', date: daysAgo(3), quantity: '2', amount: '4.50', receipt: true });
			await page.getByRole('button', { name: 'Add a line' }).click();
			await fillLine(page, 1, { kind: 'Consultation', description: 'Specialist consultation', date: daysAgo(2), quantity: '1', amount: '80' });
			await screenshot(page, 'portal-2-claim-form');
			await page.getByRole('button', { name: 'Submit the claim' }).click();

			await page.waitForURL(/#\/claims\/\d+$/);
			claimId = Number(/#\/claims\/(\d+)$/.exec(page.url())![1]);
			await eventually(() => page.getByTestId('claim-status').innerText()).toBe('Submitted');
			const decision = await page.getByTestId('decision').innerText();
			expect(decision).toContain('Paracetamol 500 mg');
			expect(decision).toContain('Specialist consultation');
			expect(await page.getByRole('link', { name: 'View the receipt' }).count()).toBe(1);
			const lines = await staff.request(readItems('claim_lines', { filter: { claim: { _eq: claimId } }, fields: ['description', 'receipt'], sort: ['id'] }));
			expect(lines.map((l) => [l.description, l.receipt !== null])).toEqual([
				['Paracetamol 500 mg', true],
				['Specialist consultation', false],
			]);
			await screenshot(page, 'portal-3-submitted');
		});

		it('shows a staff action (InReview) live, without reloading', async () => {
			await navLink(page, 'My claims').click();
			await page.getByRole('heading', { name: 'My claims' }).waitFor();
			await page.evaluate(() => ((window as unknown as { samePage: boolean }).samePage = true));
			const statusCell = page.locator(`[data-claim="${claimId}"][data-field="status"]`);
			expect(await statusCell.innerText()).toBe('Submitted');
			await page.waitForTimeout(500); // the subscription is confirmed before the change
			await staff.request(customEndpoint({ path: `/insurance/claims/${claimId}/take`, method: 'POST', body: '{}' }));
			await expect.poll(() => statusCell.innerText(), { timeout: 15_000 }).toBe('In review');
			expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);
			await screenshot(page, 'portal-4-live-in-review');
		});

		it('answers an information request', async () => {
			await claimPage();
			await eventually(() => page.getByTestId('claim-status').innerText()).toBe('In review');
			await page.waitForTimeout(500); // the subscription is confirmed before the change
			await staff.request(customEndpoint({ path: `/insurance/claims/${claimId}/request-information`, method: 'POST', body: JSON.stringify({ message: 'Please send the prescription for the paracetamol.' }) }));
			await eventually(() => page.getByTestId('claim-status').innerText()).toBe('Information requested');
			expect(await page.getByTestId('messages').innerText()).toContain('Please send the prescription for the paracetamol.');
			await page.getByLabel('Your answer').fill('The prescription is from Dr Martin, dated the same day.');
			await screenshot(page, 'portal-5-information-requested');
			await page.getByRole('button', { name: 'Send the answer' }).click();
			await eventually(() => page.getByTestId('messages').innerText()).toContain('The prescription is from Dr Martin');
			await eventually(() => page.getByTestId('claim-status').innerText()).toBe('In review');
			const messages = await staff.request(readItems('claim_messages', { filter: { claim: { _eq: claimId } }, fields: ['kind', 'body'], sort: ['id'] }));
			expect(messages.at(-1)).toEqual({ kind: 'answer', body: 'The prescription is from Dr Martin, dated the same day.' });
		});

		it('reads the line-by-line decision as soon as it is made, in English and French', async () => {
			const lines = await staff.request(readItems('claim_lines', { filter: { claim: { _eq: claimId } }, fields: ['id'], sort: ['id'] }));
			await staff.request(
				customEndpoint({
					path: `/insurance/claims/${claimId}/approve`,
					method: 'POST',
					body: JSON.stringify({
						lines: [
							// The deductible would take it all; the handler pays it in full, with a reason.
							{ id: lines[0]!.id, amount_approved: '9.00', rejection_reason: 'Deductible waived for this medication.' },
							{ id: lines[1]!.id, amount_approved: '56.00', rejection_reason: 'Reimbursed at the contractual rate of 70 %.' },
						],
						decision_note: 'Approved; the consultation at the contractual rate.',
					}),
				}),
			);
			await eventually(() => page.getByTestId('claim-status').innerText()).toBe('Approved');
			const rows = page.getByTestId('decision').locator('tbody tr');
			expect(await rows.nth(0).innerText()).toMatch(/Paracetamol 500 mg[\s\S]*€9\.00[\s\S]*€9\.00[\s\S]*Approved in full/);
			expect(await rows.nth(1).innerText()).toMatch(/Specialist consultation[\s\S]*€80\.00[\s\S]*€56\.00[\s\S]*Reduced[\s\S]*contractual rate of 70 %/);
			expect(await rows.nth(2).innerText()).toMatch(/Total[\s\S]*€89\.00[\s\S]*€65\.00/);
			expect(await page.locator('main').innerText()).toContain('Approved; the consultation at the contractual rate.');
			await screenshot(page, 'portal-6-decision');

			await page.getByLabel('Language').selectOption('fr');
			await eventually(() => page.getByTestId('claim-status').innerText()).toBe('Acceptée');
			expect(await page.getByTestId('decision').innerText()).toContain('Réduit');
			await screenshot(page, 'portal-7-decision-fr');
			await page.getByLabel('Langue').selectOption('en');
		});

		it('is readable on a phone', async () => {
			await page.setViewportSize({ width: 390, height: 844 });
			await claimPage();
			await page.getByTestId('decision').waitFor();
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
			await screenshot(page, 'portal-14-phone');
		});
	});

	it('shows a field an admin adds to claims and grants to Client (to file and to read) in the form and saves it', async () => {
		const admin = await asAdmin();
		const field = `referral_doctor_${Date.now().toString(36)}`;
		await admin.request(createField('claims', { field, type: 'string', meta: { interface: 'input', note: 'The doctor who sent you, if any.', translations: [{ language: 'en-US', translation: 'Referring doctor' }] }, schema: {} }));
		const [clientPolicy] = await admin.request(readPolicies({ filter: { name: { _eq: 'Client' } }, fields: ['id'] }));
		// A new field is the insurer's until granted: to file it and to read it back.
		const grants = await admin.request(readPermissions({ filter: { policy: { _eq: clientPolicy!.id }, collection: { _eq: 'claims' }, action: { _in: ['create', 'read'] } }, fields: ['id', 'fields'] }));
		for (const grant of grants) await admin.request(updatePermission(grant.id, { fields: [...(grant.fields ?? []), field] }));
		try {
			const page = await newPage(browser);
			await portalSignIn(page, url, CLIENT_A, DEMO_PASSWORD);
			await navLink(page, 'File a claim').click();
			await page.getByLabel('Referring doctor').fill('Dr Anna Weber');
			await page.getByRole('combobox', { name: 'Policy', exact: true }).selectOption({ label: 'DEMO-P-0001 · In force' });
			await fillLine(page, 0, { kind: 'Medication', description: 'Ibuprofen 400 mg', date: daysAgo(1), quantity: '1', amount: '6.20' });
			await screenshot(page, 'portal-8-admin-field-form');
			await page.getByRole('button', { name: 'Submit the claim' }).click();
			await page.waitForURL(/#\/claims\/\d+$/);
			const claimId = Number(/#\/claims\/(\d+)$/.exec(page.url())![1]);
			await eventually(() => page.locator(`dd[data-field="${field}"]`).innerText()).toBe('Dr Anna Weber');
			await screenshot(page, 'portal-9-admin-field-detail');
			const saved = await admin.request(readItem('claims', claimId, { fields: [field] }));
			expect(saved[field]).toBe('Dr Anna Weber');
			await page.context().close();
		} finally {
			for (const grant of grants) await admin.request(updatePermission(grant.id, { fields: grant.fields }));
			await admin.request(deleteField('claims', field));
		}
	});

	it('shows client B nothing of client A', async () => {
		const admin = await asAdmin();
		const [aClaim] = await admin.request(readItems('claims', { filter: { claim_number: { _eq: 'DEMO-C-0004' } }, fields: ['id'] }));
		const [aPolicy] = await admin.request(readItems('policies', { filter: { policy_number: { _eq: 'DEMO-P-0001' } }, fields: ['id'] }));

		const page = await newPage(browser);
		await portalSignIn(page, url, CLIENT_B, DEMO_PASSWORD);
		const policies = await page.getByTestId('policies').innerText();
		expect(policies).toContain('DEMO-P-0004');
		expect(policies).not.toMatch(/DEMO-P-000[123]/);
		await screenshot(page, 'portal-10-client-b-policies');

		await navLink(page, 'My claims').click();
		const claims = await page.getByTestId('claims').innerText();
		expect(claims).toContain('DEMO-C-0010');
		expect(claims).not.toMatch(/DEMO-C-000\d/);

		await page.goto(`${url}/insurance/portal#/claims/${aClaim!.id}`);
		await page.getByRole('heading', { name: 'This page does not exist or is not yours.' }).waitFor();
		expect(await page.locator('main').innerText()).not.toContain('prescription');
		await page.goto(`${url}/insurance/portal#/policies/${aPolicy!.id}`);
		await page.getByRole('heading', { name: 'This page does not exist or is not yours.' }).waitFor();
		await screenshot(page, 'portal-11-client-b-denied');

		const clientB = await loginAs(CLIENT_B);
		await expect(clientB.request(customEndpoint({ path: `/insurance/portal/timeline/policies/${aPolicy!.id}`, method: 'GET' }))).rejects.toMatchObject({ response: { status: 404 } });
		await expect(clientB.request(customEndpoint({ path: `/insurance/portal/timeline/claims/${aClaim!.id}`, method: 'GET' }))).rejects.toMatchObject({ response: { status: 404 } });
		await page.context().close();
	});

	it('shows the server’s field problems inline, in words, and writes nothing', async () => {
		const before = await claimsOfClient(CLIENT_A);
		const page = await newPage(browser);
		await portalSignIn(page, url, CLIENT_A, DEMO_PASSWORD);
		await navLink(page, 'File a claim').click();
		await page.getByRole('combobox', { name: 'Policy', exact: true }).selectOption({ label: 'DEMO-P-0001 · In force' });
		await fillLine(page, 0, { kind: 'Medication', description: 'Vitamin D', date: daysAgo(1), quantity: '0', amount: '3.10' });
		await page.getByRole('button', { name: 'Submit the claim' }).click();

		const quantity = page.locator('fieldset.line').nth(0).locator('[data-field$=".quantity"]');
		await eventually(() => quantity.locator('.field-error').innerText()).toBe('Enter a whole number of units, from 1 to 10,000.');
		expect(await quantity.getByRole('spinbutton').getAttribute('aria-invalid')).toBe('true');
		expect(await page.locator('.form-error').innerText()).toContain('nothing was saved');
		await screenshot(page, 'portal-12-inline-error');

		// Fixing the quantity and breaking the description moves the message to that field.
		await page.locator('fieldset.line').nth(0).getByLabel('Quantity').fill('1');
		await page.locator('fieldset.line').nth(0).getByLabel('Description').fill('   ');
		await page.getByRole('button', { name: 'Submit the claim' }).click();
		const description = page.locator('fieldset.line').nth(0).locator('[data-field$=".description"]');
		await eventually(() => description.locator('.field-error').innerText()).toBe('Describe the medication or the care (at most 255 characters).');
		expect(await quantity.locator('.field-error').isHidden()).toBe(true);
		expect(page.url()).toMatch(/#\/claims\/new$/);
		expect(await claimsOfClient(CLIENT_A)).toBe(before);

		// An empty answer to a claim is refused the same way.
		const admin = await asAdmin();
		const [open] = await admin.request(readItems('claims', { filter: { claim_number: { _eq: 'DEMO-C-0003' } }, fields: ['id'] }));
		const messagesBefore = (await admin.request(readItems('claim_messages', { filter: { claim: { _eq: open!.id } }, fields: ['id'] }))).length;
		await page.goto(`${url}/insurance/portal#/claims/${open!.id}`);
		await page.getByRole('button', { name: 'Send', exact: true }).click();
		await eventually(() => page.locator('[data-field="body"] .field-error').innerText()).toBe('Write your message.');
		await screenshot(page, 'portal-13-message-error');
		expect((await admin.request(readItems('claim_messages', { filter: { claim: { _eq: open!.id } }, fields: ['id'] }))).length).toBe(messagesBefore);
		await page.context().close();
	});
});

