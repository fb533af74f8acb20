// A simulated calendar: policies and master policies with chosen dates, payments on chosen
// days, and the daily jobs run for every day of 18 months with as_of. Each rule must fire on
// its day and no other; a second run of any day changes nothing.
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchDatabase, startInstance, type Instance } from '../helpers/instance';
import { ok, readDate, referenceIds, signIn, signInAdmin, storedDate, uniqueNumber, type Session } from './api';

let database: Awaited<ReturnType<typeof scratchDatabase>>;
let instance: Instance;
let db: Knex;
let admin: Session;
let office: Session;
let ids: Awaited<ReturnType<typeof referenceIds>>;

beforeAll(async () => {
	database = await scratchDatabase('calendar');
	instance = await startInstance(database.env);
	db = database.db();
	admin = await signInAdmin(instance.url);
	office = await signIn(instance.url, 'administration@example.com');
	ids = await referenceIds(db);
}, 300_000);

afterAll(async () => {
	await db?.destroy();
	await instance?.stop();
	await database?.drop();
});

const runJobs = (job: string, as_of: string) => admin.post(`/insurance/jobs/${job}/run`, { as_of });

async function createPolicy(client: string, product: string, portfolio: string, dates: { proposal: string; begin: string; end: string }, premium: number, fields: Record<string, unknown> = {}) {
	const created = ok(
		await admin.post('/items/policies', {
			policy_number: uniqueNumber('CAL-P'),
			client: await ids.client(client),
			product: await ids.product(product),
			portfolio: await ids.portfolio(portfolio),
			proposal_date: dates.proposal,
			begin_date: dates.begin,
			end_date: dates.end,
			premium_amount: premium,
			...fields,
		}),
	);
	return Number(created.id);
}

/** A master policy as the quote stage leaves it: in Proposal (written directly: its creation flow is not under test). */
async function insertMaster(dates: { proposal: string; begin: string; end: string }, status = 'Proposal') {
	const [row] = await db('master_policies')
		.insert({
			master_policy_number: uniqueNumber('CAL-M'),
			client: await ids.client('hr@acme.example'),
			product: await ids.product('GROUP-HEALTH'),
			portfolio: await ids.portfolio('Corporate'),
			status,
			proposal_date: storedDate(db, dates.proposal),
			begin_date: storedDate(db, dates.begin),
			end_date: storedDate(db, dates.end),
		})
		.returning('id');
	return Number(typeof row === 'object' ? row.id : row);
}

const installment = (policy: number, sequence: number) => db('installments').where({ policy, sequence }).first();

/** Receives the money still due on an installment (or `amount`) and allocates it. */
async function pay(policy: number, sequence: number, amount?: number) {
	const row = await installment(policy, sequence);
	const client = (await db('policies').where('id', policy).first('client')).client;
	const due = amount ?? Number(row.amount) - Number(row.paid_amount);
	const payment = ok(await office.post('/items/payments', { client, amount: due, received_at: new Date().toISOString(), reference: uniqueNumber('CAL-PAY') }));
	return Number(ok(await office.post('/items/payment_allocations', { payment: payment.id, installment: row.id, amount: due })).id);
}

const allocationOf = async (policy: number, sequence: number) => Number((await db('payment_allocations').where('installment', (await installment(policy, sequence)).id).orderBy('id', 'desc').first('id')).id);

describe('deallocation after the due date on a master policy member', () => {
	it('moves the member installment and its master installment Paid → Unpaid', async () => {
		const master = await insertMaster({ proposal: '2026-07-01', begin: '2026-08-01', end: '2026-11-01' }, 'InForce');
		const member = await createPolicy('hr@acme.example', 'GROUP-HEALTH', 'Corporate', { proposal: '2026-07-01', begin: '2026-08-01', end: '2026-11-01' }, 300, { master_policy: master });
		for (const sequence of [1, 2, 3]) await pay(member, sequence);
		ok(await runJobs('aggregate-master-installments', '2026-08-02'));
		expect(await db('master_installments').where('master_policy', master).orderBy('due_date').pluck('status')).toEqual(['Paid', 'Paid', 'Paid']);
		const third = await installment(member, 3);
		expect((await db('master_installments').where('id', third.master_installment).first()).status).toBe('Paid');

		expect((await office.del(`/items/payment_allocations/${await allocationOf(member, 3)}`)).status).toBe(204);
		expect((await installment(member, 3)).status).toBe('Unpaid');
		const masterInstallment = await db('master_installments').where('id', third.master_installment).first();
		expect(masterInstallment).toMatchObject({ status: 'Unpaid' });
		expect(Number(masterInstallment.paid_amount)).toBe(0);
		const history = await db('status_history').where({ collection: 'master_installments', item: String(third.master_installment) }).orderBy('id').select('from_status', 'to_status', 'trigger');
		expect(history.slice(-1)).toEqual([{ from_status: 'Paid', to_status: 'Unpaid', trigger: 'automatic' }]);
	});
});

describe('18 months of daily jobs', () => {
	it('fires every rule on its day and no other, once', async () => {
		const acme = 'hr@acme.example';
		const chloe = 'client@example.com';
		const p = { proposal: '2027-01-01', begin: '2027-01-15', end: '2028-01-15' };
		const policies = {
			A: await createPolicy(chloe, 'HEALTH-IND', 'Retail', { proposal: '2027-01-01', begin: '2027-02-01', end: '2027-05-01' }, 300),
			B: await createPolicy(chloe, 'HEALTH-IND', 'Retail', { proposal: '2027-01-01', begin: '2027-01-15', end: '2027-04-15' }, 300),
			C: await createPolicy(chloe, 'HEALTH-PLUS', 'Retail', { proposal: '2027-01-01', begin: '2027-02-01', end: '2027-08-01' }, 500),
			D: await createPolicy(chloe, 'HEALTH-IND', 'Retail', p, 1200),
			E: await createPolicy(chloe, 'HEALTH-IND', 'Retail', p, 1200),
			F: await createPolicy(chloe, 'HEALTH-IND', 'Retail', p, 1200, { days_after_unpaid_due_date: 10 }),
		};
		const masters = {
			M1: await insertMaster({ proposal: '2027-01-01', begin: '2027-02-01', end: '2027-05-01' }),
			M2: await insertMaster({ proposal: '2027-01-01', begin: '2027-02-01', end: '2027-08-01' }),
			M3: await insertMaster({ proposal: '2027-01-01', begin: '2027-03-01', end: '2027-09-01' }),
		};
		const member = (master: number, end: string, premium: number) =>
			createPolicy(acme, 'GROUP-HEALTH', 'Corporate', { proposal: '2027-01-01', begin: '2027-02-01', end }, premium, { master_policy: master });
		const members = {
			P1: await member(masters.M1, '2027-05-01', 300),
			P2: await member(masters.M1, '2027-05-01', 300),
			P3: await member(masters.M2, '2027-08-01', 600),
			P4: await member(masters.M2, '2027-08-01', 600),
		};
		// A registered claim keeps E's premium and schedule when it lapses.
		await db('claims').insert({ claim_number: uniqueNumber('CAL-C'), policy: policies.E, client: await ids.client(chloe), status: 'Submitted', channel: 'portal', total_claimed: 80 });

		const { A, B, C, D, E, F } = policies;
		let partialAllocation = 0;
		const { P1, P2, P3, P4 } = members;
		const actions: Record<string, (() => Promise<unknown>)[]> = {
			'2027-01-02': [() => office.post(`/insurance/master-policies/${masters.M1}/quote-and-bind`, {}), () => office.post(`/insurance/master-policies/${masters.M2}/quote-and-bind`, {})],
			'2027-01-05': [() => pay(B, 1), () => pay(D, 1), () => pay(E, 1), () => pay(F, 1)],
			'2027-01-10': [() => pay(C, 1)],
			'2027-01-18': [() => pay(P1, 1), () => pay(P3, 1), () => pay(P4, 1)],
			'2027-01-20': [() => pay(P2, 1)],
			'2027-02-15': [() => pay(B, 2), () => pay(D, 2), () => pay(E, 2), () => pay(F, 2)],
			'2027-02-20': [() => pay(P1, 2), () => pay(P2, 2)],
			'2027-02-25': [async () => office.del(`/items/payment_allocations/${await allocationOf(P1, 2)}`)],
			'2027-02-26': [() => pay(P1, 2)],
			'2027-03-01': [() => admin.post(`/insurance/policies/${C}/transition`, { to: 'InForce' }), () => pay(P1, 3), () => pay(P3, 2)],
			'2027-03-10': [() => pay(B, 3), async () => (partialAllocation = await pay(D, 3, 40))],
			'2027-04-01': [() => pay(P2, 3), () => pay(P3, 3)],
			'2027-05-01': [() => pay(C, 2), () => pay(P3, 4)],
			'2027-06-01': [() => pay(P3, 5)],
			'2027-07-01': [() => pay(P3, 6)],
		};

		const tracked: Record<string, () => Promise<string>> = {};
		const statusOf = (table: string, where: Record<string, unknown>) => async () => (await db(table).where(where).first('status'))?.status ?? 'gone';
		for (const [name, id] of Object.entries({ ...policies, ...members })) tracked[name] = statusOf('policies', { id });
		for (const [name, id] of Object.entries(masters)) tracked[name] = statusOf('master_policies', { id });
		for (const [name, policy, sequence] of [['A#1', A, 1], ['B#1', B, 1], ['B#2', B, 2], ['B#3', B, 3], ['C#1', C, 1], ['C#2', C, 2], ['D#3', D, 3], ['E#3', E, 3], ['F#3', F, 3], ['P1#2', P1, 2]] as const) {
			tracked[name] = statusOf('installments', { policy, sequence });
		}
		for (const [name, master_policy] of [['M1#1', masters.M1], ['M1#2', masters.M1], ['M1#3', masters.M1], ['M2#2', masters.M2]] as const) {
			const due = { 'M1#1': '2027-02-01', 'M1#2': '2027-03-01', 'M1#3': '2027-04-01', 'M2#2': '2027-03-01' }[name];
			tracked[name] = async () => (await db('master_installments').where({ master_policy, due_date: storedDate(db, due) }).first('status'))?.status ?? 'none';
		}

		const timeline: Record<string, string[]> = Object.fromEntries(Object.keys(tracked).map((name) => [name, []]));
		const last: Record<string, string> = {};
		for (const [name, read] of Object.entries(tracked)) last[name] = await read();
		let day = new Date('2027-01-01T00:00:00Z');
		const end = new Date('2028-06-30T00:00:00Z');
		let reruns = 0;
		for (; day <= end; day = new Date(day.getTime() + 86_400_000)) {
			const asOf = day.toISOString().slice(0, 10);
			for (const action of actions[asOf] ?? []) {
				const reply = (await action()) as { status?: number } | number;
				if (typeof reply === 'object' && reply.status !== undefined) expect(reply.status, `${asOf} action`).toBeLessThan(300);
			}
			const report = ok(await runJobs('all', asOf));
			expect(report.as_of).toBe(asOf);
			if (report.total > 0) {
				// Idempotent: the same day again changes nothing.
				expect(ok(await runJobs('all', asOf)).total, `second run of ${asOf}`).toBe(0);
				reruns++;
			}
			for (const [name, read] of Object.entries(tracked)) {
				const now = await read();
				if (now !== last[name]) timeline[name]!.push(`${asOf} ${last[name]}→${now}`);
				last[name] = now;
			}
		}
		expect(reruns).toBeGreaterThan(10);

		expect(timeline).toEqual({
			// PWDAY 30 (Retail) after the proposal, first premium unpaid.
			A: ['2027-01-31 Proposal→Withdraw'],
			'A#1': ['2027-01-17 OnTime→StatementIssued'],
			// First installment paid → Issued; automatic in-force on the begin date; maturity on the end date.
			B: ['2027-01-05 Proposal→Issued', '2027-01-15 Issued→InForce', '2027-04-15 InForce→Maturity'],
			'B#1': ['2027-01-01 OnTime→StatementIssued', '2027-01-05 StatementIssued→Paid'],
			'B#2': ['2027-01-31 OnTime→StatementIssued', '2027-02-15 StatementIssued→Paid'],
			'B#3': ['2027-02-28 OnTime→StatementIssued', '2027-03-10 StatementIssued→Paid'],
			// No automatic in-force on HEALTH-PLUS: put in force by request.
			C: ['2027-01-10 Proposal→Issued', '2027-03-01 Issued→InForce', '2027-08-01 InForce→Maturity'],
			'C#1': ['2027-01-10 OnTime→Paid'],
			'C#2': ['2027-04-16 OnTime→StatementIssued', '2027-05-01 StatementIssued→Paid'],
			// Unpaid the day after its due date; lapse 30 days (Retail) after the due date, or 10 (contract).
			D: ['2027-01-05 Proposal→Issued', '2027-01-15 Issued→InForce', '2027-04-14 InForce→Lapsed'],
			'D#3': ['2027-02-28 OnTime→StatementIssued', '2027-03-16 StatementIssued→Unpaid', '2027-04-14 Unpaid→gone'],
			E: ['2027-01-05 Proposal→Issued', '2027-01-15 Issued→InForce', '2027-04-14 InForce→Lapsed'],
			'E#3': ['2027-02-28 OnTime→StatementIssued', '2027-03-16 StatementIssued→Unpaid'],
			F: ['2027-01-05 Proposal→Issued', '2027-01-15 Issued→InForce', '2027-03-25 InForce→Lapsed'],
			'F#3': ['2027-02-28 OnTime→StatementIssued', '2027-03-16 StatementIssued→Unpaid', '2027-03-25 Unpaid→gone'],
			M1: ['2027-01-02 Proposal→Issued', '2027-02-01 Issued→InForce', '2027-05-01 InForce→Maturity'],
			P1: ['2027-01-18 Proposal→Issued', '2027-02-01 Issued→InForce', '2027-05-01 InForce→Maturity'],
			P2: ['2027-01-20 Proposal→Issued', '2027-02-01 Issued→InForce', '2027-05-01 InForce→Maturity'],
			// Deallocated before its due date → StatementIssued, and its master installment with it.
			'P1#2': ['2027-02-14 OnTime→StatementIssued', '2027-02-20 StatementIssued→Paid', '2027-02-25 Paid→StatementIssued', '2027-02-26 StatementIssued→Paid'],
			// Aggregation truth table: all StatementIssued → StatementIssued; all Paid → Paid;
			// Paid + OnTime → unchanged; Paid + StatementIssued → StatementIssued; one Unpaid → Unpaid.
			'M1#1': ['2027-01-01 none→OnTime', '2027-01-17 OnTime→StatementIssued', '2027-01-20 StatementIssued→Paid'],
			'M1#2': ['2027-01-01 none→OnTime', '2027-02-14 OnTime→StatementIssued', '2027-02-20 StatementIssued→Paid', '2027-02-25 Paid→StatementIssued', '2027-02-26 StatementIssued→Paid'],
			'M1#3': ['2027-01-01 none→OnTime', '2027-03-17 OnTime→StatementIssued', '2027-04-01 StatementIssued→Paid'],
			M2: ['2027-01-02 Proposal→Issued', '2027-02-01 Issued→InForce', '2027-04-15 InForce→Lapsed'],
			'M2#2': ['2027-01-01 none→OnTime', '2027-02-14 OnTime→StatementIssued', '2027-03-02 StatementIssued→Unpaid', '2027-04-15 Unpaid→none'],
			P3: ['2027-01-18 Proposal→Issued', '2027-02-01 Issued→InForce', '2027-08-01 InForce→Maturity'],
			P4: ['2027-01-18 Proposal→Issued', '2027-02-01 Issued→InForce', '2027-04-15 InForce→Lapsed'],
			// Not bound within 30 days.
			M3: ['2027-01-31 Proposal→Withdraw'],
		});

		// Lapse consequences. Without claims: end date = the unpaid due date, premium = what was
		// paid, schedule = the paid installments (D's partial 40 goes back to its payment).
		const policy = (id: number) => db('policies').where('id', id).first();
		const count = async (policyId: number) => Number((await db('installments').where('policy', policyId).count({ n: '*' }))[0]!.n);
		expect(readDate((await policy(D)).end_date)).toBe('2027-03-15');
		expect(Number((await policy(D)).premium_amount)).toBe(200);
		expect(await count(D)).toBe(2);
		const partial = await db('payment_allocations').where('id', partialAllocation).first();
		expect(partial).toBeUndefined();
		expect(partialAllocation).toBeGreaterThan(0);
		expect(Number((await policy(F)).premium_amount)).toBe(200);
		// With claims: premium and schedule unchanged.
		expect(readDate((await policy(E)).end_date)).toBe('2027-03-15');
		expect(Number((await policy(E)).premium_amount)).toBe(1200);
		expect(await count(E)).toBe(12);
		const master = await db('master_policies').where('id', masters.M2).first();
		expect(readDate(master.end_date)).toBe('2027-03-01');
		expect(Number(master.premium_amount)).toBe(200);
		expect(await db('master_installments').where('master_policy', masters.M2).pluck('status')).toEqual(['Paid']);
		expect(Number((await policy(P4)).premium_amount)).toBe(100);

		// One history row per transition, named after the job that made it.
		const history = await db('status_history').where({ collection: 'policies', item: String(A) }).orderBy('id').select('from_status', 'to_status', 'trigger', 'actor');
		expect(history).toEqual([
			{ from_status: null, to_status: 'Proposal', trigger: 'created', actor: expect.any(String) },
			{ from_status: 'Proposal', to_status: 'Withdraw', trigger: 'withdraw-proposals', actor: 'withdraw-proposals' },
		]);
		for (const [name, id] of Object.entries({ ...policies, ...members })) {
			const moves = await db('status_history').where({ collection: 'policies', item: String(id) }).whereNot('trigger', 'created').count({ n: '*' });
			expect(Number(moves[0]!.n), name).toBe(timeline[name]!.length);
		}
	});
});
