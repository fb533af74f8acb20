// The portal's notice banner in headless Chromium: a client sees what is due on its policies and
// the day an overdue one lapses, on the policies page and the policy's own page; another client
// sees none of it.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, directusUrl } from '../helpers/clients';
import { dbDate, insertPolicy, testDatabase } from '../helpers/fixtures';
import { launchBrowser, newPage, portalSignIn } from './browser';

const idOf = (row: unknown) => Number(typeof row === 'object' && row ? (row as { id: number }).id : row);

let browser: Browser;
const B = {} as { policy: number; number: string };

beforeAll(async () => {
	browser = await launchBrowser();
	const db = testDatabase();
	const client = (await db('clients').where('email', 'client.b@example.com').first('id')).id;
	B.policy = await insertPolicy({ client, status: 'InForce' });
	B.number = (await db('policies').where('id', B.policy).first('policy_number')).policy_number;
	const installment = async (sequence: number, due: string, status: string) =>
		idOf((await db('installments').insert({ policy: B.policy, sequence, due_date: dbDate(due), amount: 100, paid_amount: 0, status }).returning('id'))[0]);
	const sentAt = new Date();
	await db('client_notices').insert([
		{ client, policy: B.policy, installment: await installment(1, '2026-05-15', 'Unpaid'), kind: 'overdue', due_date: dbDate('2026-05-15'), amount: 100, lapse_date: dbDate('2026-06-14'), sent_at: sentAt },
		{ client, policy: B.policy, installment: await installment(2, '2026-06-15', 'StatementIssued'), kind: 'reminder', due_date: dbDate('2026-06-15'), amount: 100, sent_at: sentAt },
		{ client, policy: B.policy, installment: await installment(3, '2026-04-15', 'Paid'), kind: 'reminder', due_date: dbDate('2026-04-15'), amount: 100, sent_at: sentAt },
	]);
});
afterAll(async () => {
	await browser?.close();
});

describe('portal notice banner', () => {
	it('shows the client what is due and when the policy lapses, and nothing already paid', async () => {
		const page = await newPage(browser);
		await portalSignIn(page, directusUrl(), 'client.b@example.com', DEMO_PASSWORD);
		const banner = page.getByTestId('notices');
		await banner.waitFor();
		const lines = await banner.locator('li').filter({ hasText: B.number }).allInnerTexts();
		expect(lines).toEqual([expect.stringMatching(/overdue since 15 May 2026: the policy lapses on 14 Jun 2026/), expect.stringMatching(/due on 15 Jun 2026/)]);

		await page.getByRole('link', { name: `Open policy ${B.number}` }).click();
		await page.getByRole('heading', { name: `Policy ${B.number}` }).waitFor();
		expect(await page.getByTestId('notices').locator('li').count()).toBe(2);
		await page.context().close();
	});

	it('shows another client none of it', async () => {
		const page = await newPage(browser);
		await portalSignIn(page, directusUrl(), 'client@example.com', DEMO_PASSWORD);
		await page.getByRole('link', { name: 'Open policy DEMO-P-0001' }).waitFor();
		expect(await page.content()).not.toContain(B.number);
		await page.context().close();
	});
});
