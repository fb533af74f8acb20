// Every page the staff roles reach from their navigation opens without a refused request (the
// app turns each 403 into a "Forbidden" dialog): each collection's list, its first item, and
// the role's saved views, for each seeded staff role.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGINS, DEMO_PASSWORD, directusUrl } from '../helpers/clients';
import { launchBrowser, newPage } from './browser';

const STAFF = ['Business Admin', 'Claims Department', 'Call Center', 'Manager', 'Administration'] as const;

let browser: Browser;
let url: string;
beforeAll(async () => {
	url = directusUrl();
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
});

/** Waits until the page has stopped asking the server for data (bounded: realtime never stops). */
async function settled(page: Page) {
	await page.waitForLoadState('networkidle', { timeout: 20_000 }).catch(() => undefined);
}

describe('the staff navigation', () => {
	it.each(STAFF)('%s opens every collection, its first item and its saved views without a Forbidden dialog', async (role) => {
		const page = await newPage(browser, { width: 1400, height: 1000 });
		page.setDefaultTimeout(45_000);
		const refused = new Set<string>();
		page.on('response', (response) => {
			if (response.status() === 403) refused.add(`${new URL(page.url()).pathname} → ${response.request().method()} ${decodeURIComponent(new URL(response.url()).pathname + new URL(response.url()).search)}`);
		});
		await page.goto(`${url}/admin/login`);
		await page.locator('input[type="email"]').fill(DEMO_LOGINS[role]);
		await page.locator('input[type="password"]').fill(DEMO_PASSWORD);
		await page.locator('button[type="submit"]').click();
		await page.waitForURL(/\/admin\/content/, { timeout: 60_000 });
		await settled(page);
		// The navigation lists the collections and, under them, the role's saved views.
		const links = await page.locator('a[href^="/admin/content/"]').evaluateAll((anchors) => [...new Set(anchors.map((a) => a.getAttribute('href')!))]);
		expect(links.length).toBeGreaterThan(3);
		for (const link of links) {
			await page.goto(`${url}${link}`);
			await settled(page);
			if (link.includes('?bookmark=')) continue;
			const first = page.locator('.v-table tbody tr').first();
			if ((await first.count()) === 0) continue;
			await first.click();
			await page.waitForURL(/\/admin\/content\/[^/]+\/[^/?]+/, { timeout: 20_000 }).catch(() => undefined);
			await settled(page);
		}
		expect([...refused]).toEqual([]);
		await page.context().close();
	});
});
