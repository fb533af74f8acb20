// Rights as data, granted where administrators work: in the app's "Who may do what" matrix an
// administrator gives a new access policy ("Senior claims handler") the claim actions, and its
// holder approves without a code change; unticking Claims Department's `take` refuses it at
// once on a second instance of the installation.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ADMIN, DEMO_PASSWORD, directusUrl } from '../helpers/clients';
import { ensureFullCover, FULL_COVER, insertPolicy, testDatabase } from '../helpers/fixtures';
import { startInstance, type Instance } from '../helpers/instance';
import { call, login } from '../security/http';
import { appSignIn, launchBrowser, newPage, screenshot } from './browser';

const SENIOR = 'senior.rights@example.com';
const POLICY_NAME = 'Senior claims handler';
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

let browser: Browser;
let second: Instance;
let admin: string;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
	browser = await launchBrowser();
	// The same installation served by a second process, as behind a load balancer.
	const { PORT: _port, PUBLIC_URL: _public, ...env } = inject('directusEnv');
	second = await startInstance(env);
	admin = await login(ADMIN.email, ADMIN.password);
	const policy = await call(admin, 'POST', '/policies', { name: POLICY_NAME, icon: 'verified', app_access: true, admin_access: false });
	expect(policy.status, JSON.stringify(policy)).toBe(200);
	const policyId = (policy.data as { id: string }).id;
	cleanups.push(() => call(admin, 'DELETE', `/policies/${policyId}`));
	for (const collection of ['claims', 'claim_lines']) expect((await call(admin, 'POST', '/permissions', { policy: policyId, collection, action: 'read', fields: ['*'] })).status).toBe(200);
	const role = await call(admin, 'POST', '/roles', { name: POLICY_NAME, policies: [{ policy: policyId }] });
	const roleId = (role.data as { id: string }).id;
	cleanups.push(() => call(admin, 'DELETE', `/roles/${roleId}`));
	const user = await call(admin, 'POST', '/users', { email: SENIOR, password: DEMO_PASSWORD, role: roleId, status: 'active' });
	expect(user.status, JSON.stringify(user)).toBe(200);
	cleanups.push(() => call(admin, 'DELETE', `/users/${(user.data as { id: string }).id}`));
}, 300_000);

afterAll(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup();
	await second?.stop();
	await browser?.close();
});

async function fileClaim(amount: string) {
	await ensureFullCover(testDatabase());
	const policy = await insertPolicy({}, FULL_COVER);
	const client = await login('client@example.com', DEMO_PASSWORD);
	const filed = await call(client, 'POST', '/insurance/claims', { policy, lines: [{ kind: 'consultation', description: 'GP consultation', service_date: daysAgo(3), quantity: 1, unit_amount: amount }] });
	expect(filed.status, JSON.stringify(filed)).toBe(201);
	return (filed.data as { id: number }).id;
}

/** The administrator's rights matrix in the app. */
async function rightsMatrix(): Promise<Page> {
	const page = await newPage(browser, { width: 1600, height: 1000 });
	page.setDefaultTimeout(45_000);
	await appSignIn(page, directusUrl(), ADMIN.email, ADMIN.password);
	await page.goto(`${directusUrl()}/admin/insurance-admin/rights`);
	await page.getByTestId('rights-matrix').locator('table').waitFor();
	return page;
}

const cell = (page: Page, action: string, policy: string) => page.locator(`[data-cell="claim:${action}|${policy}"]`);
const ticked = async (page: Page, action: string, policy: string) => (await cell(page, action, policy).getAttribute('class'))?.includes('checked') ?? false;

/** Ticks or unticks a cell and waits until the grant is stored (or gone). */
async function setCell(page: Page, action: string, policy: string, on: boolean) {
	const policyId = (await testDatabase()('directus_policies').where('name', policy).first('id')).id;
	expect(await ticked(page, action, policy)).toBe(!on);
	await cell(page, action, policy).click();
	await expect.poll(async () => (await testDatabase()('transition_permissions').where({ lifecycle: 'claim', action, policy: policyId }).first('id')) !== undefined, { timeout: 10_000 }).toBe(on);
	await expect.poll(() => ticked(page, action, policy), { timeout: 10_000 }).toBe(on);
}

describe('the rights matrix in the app', () => {
	it('grants a new access policy the claim actions: its holder takes and approves above the limit', async () => {
		const claim = await fileClaim('1500.00');
		const senior = await login(SENIOR, DEMO_PASSWORD);
		expect((await call(senior, 'POST', `/insurance/claims/${claim}/actions/take`, {})).status).toBe(403);

		const page = await rightsMatrix();
		for (const action of ['take', 'approve', 'decide-above-limit']) await setCell(page, action, POLICY_NAME, true);
		await screenshot(page, 'rights-1-senior-granted');
		await page.context().close();

		expect(((await call(senior, 'GET', `/insurance/claims/${claim}/actions`)).data as { action: string }[]).map((offer) => offer.action)).toEqual(['take']);
		expect((await call(senior, 'POST', `/insurance/claims/${claim}/actions/take`, {})).data).toMatchObject({ to: 'InReview' });
		expect((await call(senior, 'POST', `/insurance/claims/${claim}/actions/approve`, { decision_note: 'Senior decision' })).data).toMatchObject({ from: 'InReview', to: 'Approved' });
	});

	it('unticking Claims Department’s take refuses it at once on the second instance', async () => {
		const claimsPolicy = (await testDatabase()('directus_policies').where('name', 'Claims Department').first('id')).id;
		cleanups.push(() => testDatabase()('transition_permissions').insert({ lifecycle: 'claim', action: 'take', policy: claimsPolicy }).onConflict(['lifecycle', 'action', 'policy']).ignore());
		const claim = await fileClaim('20.00');
		const handler = await login('claims@example.com', DEMO_PASSWORD);
		const offeredOnSecond = async () => ((await call(handler, 'GET', `/insurance/claims/${claim}/actions`, undefined, second.url)).data as { action: string }[]).map((offer) => offer.action);
		expect(await offeredOnSecond()).toEqual(['take']);

		const page = await rightsMatrix();
		await setCell(page, 'take', 'Claims Department', false);
		await screenshot(page, 'rights-2-take-revoked');
		await page.context().close();

		expect(await offeredOnSecond()).toEqual([]);
		const refused = await call(handler, 'POST', `/insurance/claims/${claim}/actions/take`, {}, second.url);
		expect(refused.status).toBe(403);
		expect(refused.errors![0]!.message).toBe(`claims ${claim}: you hold no grant for the action "take"`);
	});
});
