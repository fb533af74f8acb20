// A Business Admin adds a field to claims in the Directus app (Insurance setup → Add a field)
// and lets clients fill it in; the client then finds it in the portal's claim form, and reads
// it over the API. Screenshots under test-results/browser.
import { deleteField, readPermissions, readPolicies, updatePermission } from '@directus/sdk';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, DEMO_PASSWORD, directusUrl } from '../helpers/clients';
import { call, login } from '../security/http';
import { appSignIn, launchBrowser, newPage, portalSignIn, screenshot } from './browser';

let browser: Browser;
let url: string;
const field = `referring_doctor_${Date.now().toString(36)}`;

beforeAll(async () => {
	url = directusUrl();
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	const admin = await asAdmin();
	const [clientPolicy] = await admin.request(readPolicies({ filter: { name: { _eq: 'Client' } }, fields: ['id'] }));
	const [intake] = await admin.request(readPermissions({ filter: { policy: { _eq: clientPolicy!.id }, collection: { _eq: 'claims' }, action: { _eq: 'create' } }, fields: ['id', 'fields'] }));
	if (intake?.fields?.includes(field)) await admin.request(updatePermission(intake.id, { fields: intake.fields.filter((f: string) => f !== field) }));
	await admin.request(deleteField('claims', field)).catch(() => undefined);
});

describe('adding a field in the app', () => {
	it('a Business Admin adds a field for clients, and the portal claim form shows it', async () => {
		const page = await newPage(browser, { width: 1400, height: 1000 });
		page.setDefaultTimeout(45_000);
		const refused: string[] = [];
		page.on('response', (response) => {
			if (response.status() === 403) refused.push(response.url());
		});
		await appSignIn(page, url, 'business.admin@example.com', DEMO_PASSWORD);
		await page.goto(`${url}/admin/insurance-admin`);
		const form = page.getByTestId('add-field');
		await form.waitFor();

		await page.getByTestId('field-collection').click();
		await page.locator('.v-menu-content .v-list-item', { hasText: /^\s*Claims\s*$/ }).click();
		await page.getByTestId('field-name').fill(field);
		await page.getByTestId('field-label').fill('Referring doctor');
		await page.getByTestId('field-note').fill('The doctor who sent you, if any.');
		await page.getByTestId('client-read').click();
		await page.getByTestId('client-create').click();
		await screenshot(page, 'app-field-1-form');
		await page.getByTestId('create-field').click();
		await expect.poll(() => page.getByTestId('field-created').isVisible(), { timeout: 30_000 }).toBe(true);
		expect(await page.getByTestId('field-created').innerText()).toContain(field);
		await screenshot(page, 'app-field-2-created');
		expect(refused).toEqual([]);
		await page.context().close();

		// The client: the field in the claim form, and readable on its own claims.
		const portal = await newPage(browser);
		await portalSignIn(portal, url, 'client@example.com', DEMO_PASSWORD);
		await portal.getByRole('navigation').getByRole('link', { name: 'File a claim', exact: true }).click();
		await portal.getByLabel('Referring doctor').waitFor();
		await screenshot(portal, 'app-field-3-portal-form');
		await portal.context().close();
		const client = await login('client@example.com', DEMO_PASSWORD);
		expect((await call(client, 'GET', `/items/claims?fields=id,${field}&limit=1`)).status).toBe(200);
	});
});
