// The seeded Insights dashboards, opened by an administrator in the Directus app: every panel
// renders with data (screenshots under test-results/browser).
import { readDashboards, readItems, readPanels } from '@directus/sdk';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, asAdmin, directusUrl } from '../helpers/clients';
import { appSignIn, eventually, launchBrowser, newPage, screenshot } from './browser';

let browser: Browser;
let page: Page;
let url: string;

beforeAll(async () => {
	url = directusUrl();
	browser = await launchBrowser();
	page = await newPage(browser, { width: 1600, height: 1200 });
	await appSignIn(page, url, ADMIN.email, ADMIN.password);
});
afterAll(async () => {
	await browser?.close();
});

/** Opens a dashboard and waits until every panel shows something other than a spinner. */
async function openDashboard(name: string) {
	const admin = await asAdmin();
	const [dashboard] = await admin.request(readDashboards({ filter: { name: { _eq: name } }, fields: ['id', 'panels.id', 'panels.name', 'panels.type'] }));
	expect(dashboard, `dashboard "${name}" is seeded`).toBeDefined();
	await page.goto(`${url}/admin/insights/${dashboard!.id}`);
	const remindLater = page.getByRole('button', { name: 'Remind Later' });
	const tiles = page.locator('.v-workspace-tile');
	await expect.poll(() => tiles.count(), { timeout: 30_000 }).toBe(dashboard!.panels.length);
	if (await remindLater.isVisible()) await remindLater.click();
	return { panels: dashboard!.panels as unknown as { id: string; name: string; type: string }[], tiles };
}

/** The text a panel shows, once it has loaded. */
async function panelText(name: string) {
	const exactly = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
	const tile = page.locator('.v-workspace-tile').filter({ has: page.locator('.header .name', { hasText: exactly }) });
	await expect.poll(async () => (await tile.locator('.tile-content').innerText()).trim().length, { timeout: 30_000, message: `panel "${name}" shows data` }).toBeGreaterThan(0);
	return tile;
}

/**
 * The first row a list panel shows, read through the API with the panel's own options: other
 * test files on the same server add rows of their own, so the demo's need not come first.
 */
async function firstListed(name: string, fields: string[]) {
	const admin = await asAdmin();
	const [panel] = await admin.request(readPanels({ filter: { name: { _eq: name } }, fields: ['options'] }));
	const { collection, filter, sortField, sortDirection } = panel!.options as Record<string, any>;
	const [first] = await admin.request(readItems(collection, { filter, sort: [`${sortDirection === 'desc' ? '-' : ''}${sortField}`], limit: 1, fields }));
	expect(first, `panel "${name}" has a row to show`).toBeDefined();
	return first as Record<string, any>;
}

describe('Insights dashboards', () => {
	it('Policy lifecycle: the diagram with counts per state and recent transitions', async () => {
		const { panels } = await openDashboard('Policy lifecycle');
		for (const panel of panels) await panelText(panel.name);
		const diagram = (await panelText('Policies')).getByTestId('lifecycle-diagram');
		await eventually(() => diagram.locator('g.state').count()).toBe(10);
		const inForce = Number(await diagram.locator('g.state[data-status="InForce"] text.count').textContent());
		expect(inForce).toBeGreaterThan(0);
		expect(await (await panelText('Policies')).innerText()).toMatch(/[1-9]\d* transitions in the last 30 days/);
		expect(Number(await (await panelText('In force')).locator('.tile-content').innerText())).toBe(inForce);
		await page.waitForTimeout(1000);
		await screenshot(page, 'dashboard-policy-lifecycle');
	});

	it('Collections: due this month, unpaid, lapses ahead with amounts, refunds due', async () => {
		const { panels } = await openDashboard('Collections');
		for (const panel of panels) await panelText(panel.name);
		expect(await (await panelText('Due this month')).innerText()).toMatch(/\d+ installments due/);
		expect(await (await panelText('Lapses ahead')).getByTestId('lapses').locator('tbody tr').count()).toBeGreaterThan(0);
		// The demo's pending refunds, waiting for Administration.
		expect(await (await panelText('Refunds due')).getByTestId('refunds-due').locator('tbody tr').count()).toBeGreaterThan(0);
		const oldest = await firstListed('Oldest unpaid installments', ['policy.policy_number', 'sequence']);
		expect(await (await panelText('Oldest unpaid installments')).innerText()).toContain(`${oldest['policy']['policy_number']} #${oldest['sequence']}`);
		expect(Number((await (await panelText('Unpaid installments')).locator('.tile-content').innerText()).trim())).toBeGreaterThan(0);
		await page.waitForTimeout(1000);
		await screenshot(page, 'dashboard-collections');
	});

	it('Claims: queue by status and age, overdue, approval rate, time to decision', async () => {
		const { panels } = await openDashboard('Claims');
		for (const panel of panels) await panelText(panel.name);
		const queue = (await panelText('Queue by status and age')).getByTestId('queue');
		expect(await queue.locator('tbody tr').count()).toBe(4);
		expect(Number((await (await panelText('Overdue against the service level')).locator('.tile-content').innerText()).trim())).toBeGreaterThan(0);
		expect(await (await panelText('Overdue claims')).innerText()).toContain((await firstListed('Overdue claims', ['claim_number']))['claim_number']);
		expect(await (await panelText('Approval rate')).getByTestId('figure').innerText()).toMatch(/^\d+ %$/);
		expect(await (await panelText('Time to decision')).getByTestId('figure').innerText()).toMatch(/^\d+\.\d days$/);
		expect(await (await panelText('Claims by status')).locator('svg').count()).toBeGreaterThan(0);
		await eventually(async () => (await panelText('Claim lifecycle')).getByTestId('lifecycle-diagram').locator('g.state').count()).toBe(9);
		await page.waitForTimeout(1000);
		await screenshot(page, 'dashboard-claims');
	});
});
