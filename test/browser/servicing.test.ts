// The portal's policy page in headless Chromium: the refund a cancellation recorded and the
// documents of the policy (its schedule), downloaded with the client's own rights; another
// client sees neither.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, directusUrl } from '../helpers/clients';
import { testDatabase } from '../helpers/fixtures';
import { ok, referenceIds, signIn, signInAdmin, uniqueNumber } from '../jobs/api';
import { eventually, launchBrowser, newPage, portalSignIn, screenshot } from './browser';

let browser: Browser;
let url: string;
let policy: number;
beforeAll(async () => {
	url = directusUrl();
	browser = await launchBrowser();
	// A policy of the demo client, issued by its first payment, then withdrawn within the
	// cooling-off period (backdated): 100.00 paid, all of it refunded.
	const db = testDatabase();
	const ids = await referenceIds(db);
	const admin = await signInAdmin(url);
	const office = await signIn(url, 'administration@example.com');
	const client = await ids.client('client@example.com');
	policy = Number(ok(await admin.post('/items/policies', { policy_number: uniqueNumber('PORTAL-R'), client, product: await ids.product('HEALTH-IND'), begin_date: '2026-03-01', end_date: '2027-03-01', premium_amount: 1200 })).id);
	const first = await db('installments').where('policy', policy).orderBy('sequence').first('id', 'amount');
	const payment = Number(ok(await office.post('/items/payments', { client, amount: first.amount, received_at: '2026-02-25T10:00:00Z', reference: uniqueNumber('PORTAL-PAY') })).id);
	ok(await office.post('/items/payment_allocations', { payment, installment: first.id, amount: first.amount }));
	ok(await office.post(`/insurance/policies/${policy}/cancel`, { reason_type: 'Withdrawal', effective_date: '2026-03-05' }));
	// The schedule is written once the issue has committed.
	for (let tries = 0; !(await db('policy_documents').where({ policy, kind: 'policy_schedule' }).first('id')); tries++) {
		if (tries > 300) throw new Error(`no policy schedule for policy ${policy}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
});
afterAll(async () => {
	await browser?.close();
});

describe('portal policy page', () => {
	let page: Page;
	afterAll(() => page?.context().close());

	it('lists the refund with its amount and status, and the policy schedule with a working download link', async () => {
		page = await newPage(browser);
		await portalSignIn(page, url, 'client@example.com', DEMO_PASSWORD);
		await page.goto(`${url}/insurance/portal#/policies/${policy}`);
		const refunds = page.getByTestId('refunds');
		await eventually(() => refunds.innerText()).toContain('100.00');
		expect(await refunds.innerText()).toContain('Pending');
		expect(await refunds.innerText()).toContain('Withdrawal');

		const documents = page.getByTestId('documents');
		await eventually(() => documents.innerText()).toContain('Policy schedule');
		const link = documents.locator('li[data-kind="policy_schedule"] a');
		expect(await link.count()).toBe(1);
		const download = await page.request.get((await link.getAttribute('href'))!);
		expect(download.status()).toBe(200);
		expect(download.headers()['content-type']).toContain('application/pdf');
		expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');
		await screenshot(page, 'portal-refund-documents');
	});

	it('shows nothing of it to another client', async () => {
		const other = await newPage(browser);
		try {
			await portalSignIn(other, url, 'client.b@example.com', DEMO_PASSWORD);
			await other.goto(`${url}/insurance/portal#/policies/${policy}`);
			await eventually(() => other.locator('main').innerText()).not.toBe('');
			expect(await other.getByTestId('refunds').count()).toBe(0);
			expect(await other.getByTestId('documents').count()).toBe(0);
		} finally {
			await other.context().close();
		}
	});
});
