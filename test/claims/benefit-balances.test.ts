// GET /insurance/policies/:id/benefits: what a policy year has used and has left, counted from
// the lines of the policy's Approved and Paid claims only; a client reads its own policies'
// balances and no one else's; a bad year_of is a 400 naming it.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, directusUrl } from '../helpers/clients';
import { dbDate, insertPolicy, testDatabase } from '../helpers/fixtures';
import { call, login } from '../security/http';

let a: string;
let b: string;
let policy: number;
let otherPolicy: number;
const idOf = (row: unknown) => Number(typeof row === 'object' && row ? (row as { id: number }).id : row);

/** A decided (or pending) claim with its lines as intake and the decision store them. */
async function insertClaim(status: string, lines: Record<string, unknown>[]) {
	const db = testDatabase();
	const client = await db('policies').where('id', policy).first('client');
	const [row] = await db('claims').insert({ policy, client: client.client, status, channel: 'portal', total_claimed: 0 }).returning('id');
	const claim = idOf(row);
	for (const line of lines) {
		const { service_date, adjudication, ...rest } = line;
		await db('claim_lines').insert({ claim, description: 'Balance test', service_date: dbDate(service_date as string), adjudication: adjudication ? JSON.stringify(adjudication) : null, ...rest });
	}
}

beforeAll(async () => {
	[a, b] = await Promise.all([login('client@example.com', DEMO_PASSWORD), login('client.b@example.com', DEMO_PASSWORD)]);
	// HEALTH-IND (demo): deductible 150; consultation 80 % after a 20 co-pay, 1500 and 12 units a
	// year; medication 100 %, 800 a year. Two policy years: from 2025-01-15 and from 2026-01-15.
	policy = await insertPolicy({ begin_date: dbDate('2025-01-15'), end_date: dbDate('2027-01-14'), coverage_limit: 20000 });
	const clientB = await testDatabase()('clients').where('email', 'client.b@example.com').first('id');
	otherPolicy = await insertPolicy({ client: clientB.id });
	const consultation = (service_date: string) => ({
		kind: 'consultation',
		service_date,
		quantity: 2,
		unit_amount: 150,
		amount_claimed: 300,
		amount_eligible: 300,
		amount_deductible: 150,
		amount_copay: 20,
		amount_benefit: 104,
		amount_approved: 104,
		adjudication: [
			{ code: 'DEDUCTIBLE', amount: '150.00', note: '' },
			{ code: 'COPAY', amount: '20.00', note: '' },
			{ code: 'COINSURANCE', amount: '26.00', note: '' },
		],
	});
	const medication = (service_date: string, amount: number) => ({ kind: 'medication', service_date, quantity: 1, unit_amount: amount, amount_claimed: amount, amount_eligible: amount, amount_deductible: 0, amount_copay: 0, amount_benefit: amount, amount_approved: amount, adjudication: [] });
	await insertClaim('Approved', [consultation('2026-03-02'), medication('2026-03-02', 30)]);
	await insertClaim('Paid', [medication('2025-06-01', 50)]);
	// Pending and rejected claims consume nothing.
	await insertClaim('InReview', [medication('2026-04-01', 400)]);
	await insertClaim('Rejected', [{ ...consultation('2026-05-01'), amount_approved: 0 }]);
});

const benefits = (token: string, id: number, query = '') => call(token, 'GET', `/insurance/policies/${id}/benefits${query}`);

describe('GET /insurance/policies/:id/benefits', () => {
	it('answers the policy year of year_of: limits, used and left per kind, the deductible and the coverage', async () => {
		const answer = await benefits(a, policy, '?year_of=2026-11-30');
		expect(answer.status, JSON.stringify(answer)).toBe(200);
		const data = answer.data as Record<string, any>;
		expect(data).toMatchObject({
			policy,
			currency: 'EUR',
			policy_year: { begin_date: '2026-01-15', end_date: '2027-01-14' },
			deductible: { annual_deductible: '150.00', used: '150.00', left: '0.00' },
			// Both years' approved amounts count against the contract's coverage.
			coverage: { coverage_limit: '20000.00', used: '184.00', left: '19816.00' },
		});
		const byKind = Object.fromEntries((data.benefits as { kind: string }[]).map((row) => [row.kind, row]));
		expect(byKind['consultation']).toEqual({ kind: 'consultation', annual_limit: '1500.00', used: '104.00', left: '1396.00', annual_quantity_limit: 12, quantity_used: 2, quantity_left: 10 });
		expect(byKind['medication']).toEqual({ kind: 'medication', annual_limit: '800.00', used: '30.00', left: '770.00', annual_quantity_limit: null, quantity_used: 1, quantity_left: null });
		expect(byKind['other']).toBeUndefined();
	});

	it('counts each policy year on its own', async () => {
		const answer = await benefits(a, policy, '?year_of=2025-06-01');
		expect(answer.status, JSON.stringify(answer)).toBe(200);
		const data = answer.data as Record<string, any>;
		expect(data.policy_year).toEqual({ begin_date: '2025-01-15', end_date: '2026-01-14' });
		expect(data.deductible).toEqual({ annual_deductible: '150.00', used: '0.00', left: '150.00' });
		expect(data.benefits.find((row: { kind: string }) => row.kind === 'medication')).toMatchObject({ used: '50.00', left: '750.00' });
		expect(data.benefits.find((row: { kind: string }) => row.kind === 'consultation')).toMatchObject({ used: '0.00', quantity_used: 0, quantity_left: 12 });
	});

	it('defaults to the policy year of today', async () => {
		const answer = await benefits(a, policy);
		expect(answer.status, JSON.stringify(answer)).toBe(200);
		const { policy_year } = answer.data as { policy_year: { begin_date: string; end_date: string } };
		const today = new Date().toISOString().slice(0, 10);
		expect(policy_year.begin_date <= today && today <= policy_year.end_date).toBe(true);
	});

	it('is refused on another client’s policy, and to a caller without a session', async () => {
		const refused = await benefits(a, otherPolicy);
		expect(refused.status).toBe(404);
		expect(JSON.stringify(refused)).not.toContain('"benefits"');
		expect((await benefits(b, otherPolicy)).status).toBe(200);
		expect((await benefits(b, policy)).status).toBe(404);
		expect((await fetch(`${directusUrl()}/insurance/policies/${policy}/benefits`)).status).toBe(403);
	});

	it.each([
		['?year_of=2026-13-01', 'year_of', 'is not a calendar date'],
		['?year_of=tomorrow', 'year_of', 'must be a date as YYYY-MM-DD'],
		['?year_of=2024-12-31', 'year_of', "must be within the policy's term, 2025-01-15 to 2027-01-14"],
		['?year_of=2026-01-01&year_of=2026-02-01', 'year_of', 'must be a string'],
		['?as_of=2026-01-01', 'as_of', 'is not allowed'],
	])('%s → 400 naming %s', async (query, field, problem) => {
		const answer = await benefits(a, policy, query);
		expect(answer.status, JSON.stringify(answer)).toBe(400);
		expect(answer.errors?.[0]?.message).toBe(`"${field}" ${problem}`);
	});

	it('a policy id that is not a number → 400 naming id', async () => {
		const answer = await call(a, 'GET', '/insurance/policies/abc/benefits');
		expect(answer.status).toBe(400);
		expect(answer.errors?.[0]?.message).toMatch(/^"id" /);
	});
});
