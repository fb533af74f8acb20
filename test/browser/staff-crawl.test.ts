// Every page the staff roles reach from their navigation opens without a refused request (the
// app turns each 403 into a "Forbidden" dialog): for each seeded staff role, every collection's
// list and saved view, and the first item of the lists staff work from.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGINS, DEMO_PASSWORD, directusUrl } from '../helpers/clients';
import { appSignIn, launchBrowser, newPage } from './browser';

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

/** Counts the page's HTTP requests in flight (the realtime websocket aside, which never ends). */
function inFlight(page: Page) {
	let open = 0;
	page.on('request', (request) => void (request.resourceType() !== 'websocket' && open++));
	const finished = (request: { resourceType(): string }) => void (request.resourceType() !== 'websocket' && open--);
	page.on('requestfinished', finished);
	page.on('requestfailed', finished);
	return () => open;
}

/** Waits for the page's content, then until no request has been open for a moment (at most 10 s). */
async function settled(page: Page, content: string, open: () => number) {
	await page.locator(content).first().waitFor({ timeout: 15_000 }).catch(() => undefined);
	const until = Date.now() + 10_000;
	for (let calm = 0; calm < 3 && Date.now() < until; ) {
		calm = open() <= 0 ? calm + 1 : 0;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** Item pages opened from their list: the lifecycle records staff work on. */
const OPEN_FIRST_ITEM = ['/admin/content/claims', '/admin/content/policies', '/admin/content/payments', '/admin/content/policy_change_requests'];

describe('the staff navigation', () => {
	it.each(STAFF)('%s opens every list, saved view and a first item without a Forbidden dialog', async (role) => {
		const page = await newPage(browser, { width: 1400, height: 1000 });
		page.setDefaultTimeout(45_000);
		const refused = new Set<string>();
		const open = inFlight(page);
		page.on('response', (response) => {
			if (response.status() === 403) refused.add(`${new URL(page.url()).pathname} → ${response.request().method()} ${decodeURIComponent(new URL(response.url()).pathname + new URL(response.url()).search)}`);
		});
		// Another test may have left the user on a module page: the crawl starts from the content.
		await appSignIn(page, url, DEMO_LOGINS[role], DEMO_PASSWORD);
		await page.goto(`${url}/admin/content`);
		await settled(page, 'a[href^="/admin/content/"]', open);
		// The navigation lists the collections and, under them, the role's saved views.
		const links = await page.locator('a[href^="/admin/content/"]').evaluateAll((anchors) => [...new Set(anchors.map((a) => a.getAttribute('href')!))]);
		expect(links.length).toBeGreaterThan(3);
		for (const link of links) {
			await page.goto(`${url}${link}`);
			await settled(page, '.v-table, .v-info, .v-form', open);
			if (!OPEN_FIRST_ITEM.includes(link)) continue;
			const first = page.locator('.v-table tbody tr').first();
			if ((await first.count()) === 0) continue;
			await first.click();
			await settled(page, '.v-form', open);
		}
		expect([...refused]).toEqual([]);
		await page.context().close();
	}, 300_000);
});
