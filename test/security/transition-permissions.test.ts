// Rights as data: who may start which action is a grant of transition_permissions to an access
// policy. A new role acts without a code change, a renamed role keeps its rights, a revoked
// grant refuses at once, on the actions endpoint and on a plain status write alike; only
// administrators see or edit the grants.
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, DEMO_PASSWORD } from '../helpers/clients';
import { dbDate, ensureFullCover, FULL_COVER, insertPolicy, statusOf, testDatabase } from '../helpers/fixtures';
import { call, login } from './http';

const SENIOR = 'senior.handler@example.com';
let admin: string;
let claims: string;
let client: string;
let manager: string;
let claimsPolicy: string;
const cleanups: (() => Promise<unknown>)[] = [];

const day = (offset: number) => DateTime.now().setZone('Europe/Paris').plus({ days: offset }).toISODate()!;
const LINE = { kind: 'consultation', description: 'GP consultation', service_date: day(-3), quantity: 1 };

async function fileClaim(amount: string) {
	await ensureFullCover(testDatabase());
	const policy = await insertPolicy({ begin_date: dbDate(day(-100)), end_date: dbDate(day(265)), coverage_limit: 50_000 }, FULL_COVER);
	const filed = await call(client, 'POST', '/insurance/claims', { policy, lines: [{ ...LINE, unit_amount: amount }] });
	expect(filed.status, JSON.stringify(filed)).toBe(201);
	return (filed.data as { id: number }).id;
}
const act = (token: string, claim: number, action: string, body: unknown = {}) => call(token, 'POST', `/insurance/claims/${claim}/actions/${action}`, body);
const offered = async (token: string, claim: number) => ((await call(token, 'GET', `/insurance/claims/${claim}/actions`)).data as { action: string }[]).map((a) => a.action);
const grantOf = (action: string) => testDatabase()('transition_permissions').where({ lifecycle: 'claim', action, policy: claimsPolicy }).first('id');

beforeAll(async () => {
	admin = await login(ADMIN.email, ADMIN.password);
	claims = await login('claims@example.com', DEMO_PASSWORD);
	client = await login('client@example.com', DEMO_PASSWORD);
	manager = await login('manager@example.com', DEMO_PASSWORD);
	claimsPolicy = (await testDatabase()('directus_policies').where('name', 'Claims Department').first('id')).id;
});

afterAll(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('transition permissions', () => {
	it('are seeded from the rights the roles had, per access policy', async () => {
		const rows: { name: string; lifecycle: string; action: string }[] = await testDatabase()('transition_permissions as t')
			.join('directus_policies as p', 'p.id', 't.policy')
			.whereIn('p.name', ['Claims Department', 'Manager', 'Client'])
			.where('t.lifecycle', 'claim')
			.orderBy(['p.name', 't.action'])
			.select('p.name', 't.lifecycle', 't.action');
		const byPolicy = (name: string) => rows.filter((row) => row.name === name).map((row) => row.action);
		expect(byPolicy('Claims Department')).toEqual(['approve', 'refer-to-manager', 'reject', 'request-information', 'resume-review', 'submit', 'take']);
		expect(byPolicy('Manager')).toEqual(['approve', 'decide-above-limit', 'reject', 'request-information', 'take']);
		expect(byPolicy('Client')).toEqual(['submit', 'withdraw']);
	});

	it('let a new role act once its policy is granted the actions, without a code change', async () => {
		const policy = await call(admin, 'POST', '/policies', { name: 'Senior claims handler', icon: 'verified', app_access: true, admin_access: false });
		expect(policy.status, JSON.stringify(policy)).toBe(200);
		const policyId = (policy.data as { id: string }).id;
		cleanups.push(() => call(admin, 'DELETE', `/policies/${policyId}`));
		for (const collection of ['claims', 'claim_lines']) expect((await call(admin, 'POST', '/permissions', { policy: policyId, collection, action: 'read', fields: ['*'] })).status).toBe(200);
		const role = await call(admin, 'POST', '/roles', { name: 'Senior claims handler', policies: [{ policy: policyId }] });
		expect(role.status, JSON.stringify(role)).toBe(200);
		const roleId = (role.data as { id: string }).id;
		cleanups.push(() => call(admin, 'DELETE', `/roles/${roleId}`));
		const user = await call(admin, 'POST', '/users', { email: SENIOR, password: DEMO_PASSWORD, role: roleId, status: 'active' });
		expect(user.status).toBe(200);
		cleanups.push(() => call(admin, 'DELETE', `/users/${(user.data as { id: string }).id}`));
		const senior = await login(SENIOR, DEMO_PASSWORD);

		const claim = await fileClaim('1500.00');
		expect(await offered(senior, claim)).toEqual([]);
		expect((await act(senior, claim, 'take')).status).toBe(403);
		for (const action of ['take', 'approve']) {
			const grant = await call(admin, 'POST', '/items/transition_permissions', { lifecycle: 'claim', action, policy: policyId });
			expect(grant.status, JSON.stringify(grant)).toBe(200);
		}
		expect(await offered(senior, claim)).toEqual(['take']);
		expect((await act(senior, claim, 'take')).status).toBe(200);
		// Above the limit without decide-above-limit: the approval is a referral.
		expect(await call(admin, 'POST', '/items/transition_permissions', { lifecycle: 'claim', action: 'decide-above-limit', policy: policyId })).toMatchObject({ status: 200 });
		const approved = await act(senior, claim, 'approve', { decision_note: 'Senior decision' });
		expect(approved, JSON.stringify(approved)).toMatchObject({ status: 200, data: { from: 'InReview', to: 'Approved' } });
	});

	it('survive renaming a role: rights follow its policies, not its name', async () => {
		const role = await testDatabase()('directus_roles').where('name', 'Claims Department').first('id');
		cleanups.push(() => call(admin, 'PATCH', `/roles/${role.id}`, { name: 'Claims Department' }));
		expect((await call(admin, 'PATCH', `/roles/${role.id}`, { name: 'Claims handling' })).status).toBe(200);
		const claim = await fileClaim('30.00');
		expect((await act(claims, claim, 'take')).status).toBe(200);
		expect((await act(claims, claim, 'approve')).status).toBe(200);
		expect((await call(admin, 'PATCH', `/roles/${role.id}`, { name: 'Claims Department' })).status).toBe(200);
	});

	it('refuse at once when a grant is revoked, through the app and the database alike, on every write path', async () => {
		const grant = await grantOf('take');
		const restore = () => testDatabase()('transition_permissions').insert({ lifecycle: 'claim', action: 'take', policy: claimsPolicy }).onConflict(['lifecycle', 'action', 'policy']).ignore();
		cleanups.push(restore);
		const first = await fileClaim('20.00');
		expect(await offered(claims, first)).toEqual(['take']);
		expect((await call(admin, 'DELETE', `/items/transition_permissions/${grant.id}`)).status).toBe(204);
		expect(await offered(claims, first)).toEqual([]);
		const refused = await act(claims, first, 'take');
		expect(refused.status).toBe(403);
		expect(refused.errors![0]!.message).toBe(`claims ${first}: you hold no grant for the action "take"`);
		// The specific endpoint and a plain status write ask the same grants.
		expect((await call(claims, 'POST', `/insurance/claims/${first}/take`, {})).status).toBe(400);
		const write = await call(claims, 'PATCH', `/items/claims/${first}`, { status: 'InReview' });
		expect(write.status).toBe(400);
		expect(write.errors![0]!.extensions!.code).toBe('TRANSITION_NOT_ALLOWED');
		expect(await statusOf('claims', first)).toBe('Submitted');
		// A Manager keeps it through their own policy's grant.
		expect((await act(manager, first, 'take')).status).toBe(200);

		// Given back straight in the database (as another instance would): the next request sees it.
		await restore();
		const second = await fileClaim('20.00');
		expect((await act(claims, second, 'take')).status).toBe(200);
		await testDatabase()('transition_permissions').where({ lifecycle: 'claim', action: 'request-information', policy: claimsPolicy }).delete();
		cleanups.push(() => testDatabase()('transition_permissions').insert({ lifecycle: 'claim', action: 'request-information', policy: claimsPolicy }).onConflict(['lifecycle', 'action', 'policy']).ignore());
		expect((await act(claims, second, 'request-information', { message: 'Receipt?' })).status).toBe(403);
	});

	it('are read and edited by administrators only, and name a right the tables know', async () => {
		for (const token of [claims, manager, client]) {
			expect((await call(token, 'GET', '/items/transition_permissions')).status).toBe(403);
			expect((await call(token, 'POST', '/items/transition_permissions', { lifecycle: 'claim', action: 'approve', policy: claimsPolicy })).status).toBe(403);
		}
		expect((await call(admin, 'GET', '/items/transition_permissions?limit=1')).status).toBe(200);
		const misspelt = await call(admin, 'POST', '/items/transition_permissions', { lifecycle: 'claim', action: 'aprove', policy: claimsPolicy });
		expect(misspelt.status).toBe(400);
		expect(misspelt.errors![0]!.message).toMatch(/^"action" must be a right of the claim lifecycle: submit, take, /);
		const lifecycle = await call(admin, 'POST', '/items/transition_permissions', { lifecycle: 'claims', action: 'take', policy: claimsPolicy });
		expect(lifecycle.errors![0]!.message).toBe('"lifecycle" must be one of policy, master_policy, installment, change_request, claim');
		const grant = await grantOf('take');
		const moved = await call(admin, 'PATCH', `/items/transition_permissions/${grant.id}`, { lifecycle: 'policy' });
		expect(moved.errors![0]!.message).toBe('"action" must be a right of the policy lifecycle: enforce, cancel, withdraw');
		const twice = await call(admin, 'POST', '/items/transition_permissions', { lifecycle: 'claim', action: 'take', policy: claimsPolicy });
		expect(twice.status).toBe(400);
	});
});
