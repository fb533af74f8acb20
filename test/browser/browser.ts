// Headless Chromium (found by ./chromium.mjs) driven by playwright-core, with screenshots kept
// as test artifacts under test-results/browser.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { projectRoot } from '../helpers/instance';
import { findChromium } from './chromium.mjs';

const ARTIFACTS = join(projectRoot, 'test-results', 'browser');

export async function launchBrowser(): Promise<Browser> {
	const { executablePath, env } = await findChromium();
	return chromium.launch({
		executablePath,
		env: { ...process.env, ...env },
		args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-gpu'],
	});
}

/** A fresh browser context (its own storage, so its own sign-in) with a desktop viewport. */
export async function newPage(browser: Browser, options: { width?: number; height?: number; locale?: string } = {}): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 900 }, locale: options.locale ?? 'en-GB' });
	const page = await context.newPage();
	page.setDefaultTimeout(20_000);
	return page;
}

export async function screenshot(page: Page, name: string) {
	mkdirSync(ARTIFACTS, { recursive: true });
	await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Polls until the page catches up: rendering and realtime take longer than expect.poll's default second. */
export const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000, interval: 100 });

/** Signs in to the Directus app through its form; the app lands where the user last was. */
export async function appSignIn(page: Page, url: string, email: string, password: string) {
	await page.goto(`${url}/admin/login`);
	await page.locator('input[type="email"]').fill(email);
	await page.locator('input[type="password"]').fill(password);
	await page.locator('button[type="submit"]').click();
	await page.waitForURL(/\/admin\/(?!login)/, { timeout: 60_000 });
}

/** Signs in to the client portal through its form. */
export async function portalSignIn(page: Page, url: string, email: string, password: string) {
	await page.goto(`${url}/insurance/portal`);
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.getByRole('heading', { name: 'My policies' }).waitFor();
}

/** Fills line `n` (0-based) of the claim form. */
export async function fillLine(page: Page, n: number, line: { kind: string; description: string; date: string; quantity: string; amount: string; receipt?: boolean }) {
	const fieldset = page.locator('fieldset.line').nth(n);
	await fieldset.getByLabel('Kind').selectOption({ label: line.kind });
	await fieldset.getByLabel('Description').fill(line.description);
	await fieldset.getByLabel('Date of care').fill(line.date);
	await fieldset.getByLabel('Quantity').fill(line.quantity);
	await fieldset.getByLabel('Unit amount').fill(line.amount);
	if (line.receipt) await fieldset.getByLabel('Receipt').setInputFiles({ name: `receipt-${n + 1}.png`, mimeType: 'image/png', buffer: RECEIPT_PNG });
}

export const navLink = (page: Page, name: string) => page.getByRole('navigation').getByRole('link', { name, exact: true });

/** A tiny PNG, enough to stand for a scanned receipt. */
export const RECEIPT_PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
	'base64',
);
