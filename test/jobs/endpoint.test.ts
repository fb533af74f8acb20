// POST /insurance/jobs/:name/run refuses bad input and callers other than administrators,
// and runs nothing then. (Runs themselves are exercised on Directus instances of their own.)
import { beforeAll, describe, expect, it } from 'vitest';
import { directusUrl } from '../helpers/clients';
import { testDatabase } from '../helpers/fixtures';
import { signIn, signInAdmin, type Session } from './api';

let admin: Session;
const runCount = async () => Number((await testDatabase()('job_runs').count({ n: '*' }))[0]!.n);

beforeAll(async () => {
	admin = await signInAdmin(directusUrl());
});

describe('POST /insurance/jobs/:name/run', () => {
	it.each([
		['lapse-policies', { as_of: '2026-02-30' }, '"as_of" is not a calendar date'],
		['lapse-policies', { as_of: 'yesterday' }, '"as_of" must be a date as YYYY-MM-DD'],
		['lapse-policies', { as_of: 20260101 }, '"as_of" must be a string'],
		['lapse-policies', { as_of: '2026-01-01', force: true }, '"force" is not allowed'],
		['lapse-everything', {}, '"name" must be one of [withdraw-proposals, enforce-policies, mature-policies, issue-statements, mark-unpaid-installments, lapse-policies, withdraw-master-policies, enforce-master-policies, mature-master-policies, lapse-master-policies, aggregate-master-installments, send-payment-reminders, renew-policies, all]'],
	])('refuses %s %j with a 400 naming the field', async (name, body, message) => {
		const before = await runCount();
		const reply = await admin.post(`/insurance/jobs/${name}/run`, body);
		expect(reply.status).toBe(400);
		expect(reply.body.errors![0]!.message).toBe(message);
		expect(await runCount()).toBe(before);
	});

	it.each(['administration@example.com', 'business.admin@example.com', 'client@example.com'])('is for administrators only: %s gets 403', async (email) => {
		const before = await runCount();
		const reply = await (await signIn(directusUrl(), email)).post('/insurance/jobs/all/run', {});
		expect(reply.status).toBe(403);
		expect(reply.body.errors![0]!.message).toBe('Only administrators may run insurance jobs');
		expect(await runCount()).toBe(before);
	});

	it('refuses anonymous callers', async () => {
		const reply = await fetch(`${directusUrl()}/insurance/jobs/all/run`, { method: 'POST' });
		expect(reply.status).toBe(403);
	});
});
