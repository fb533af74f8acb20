// Crash safety: the Directus process running a large job is killed midway; after a restart the
// next run finishes the work. Every item is transitioned exactly once, with one history row.
import { execFileSync } from 'node:child_process';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchDatabase, startInstance, type Instance } from '../helpers/instance';
import { referenceIds, signInAdmin, storedDate, type Reply } from './api';

const POLICIES = 3000;
const BATCH = 50;
const env = { INSURANCE_JOBS_BATCH_SIZE: String(BATCH), INSURANCE_JOBS_LEASE_SECONDS: '3', SEED_DEMO: 'false' };

let database: Awaited<ReturnType<typeof scratchDatabase>>;
let instance: Instance;
let db: Knex;

beforeAll(async () => {
	database = await scratchDatabase('crash');
	instance = await startInstance({ ...database.env, ...env });
	db = database.db();
}, 300_000);

afterAll(async () => {
	await db?.destroy();
	await instance?.stop();
	await database?.drop();
});

/** The Directus server process listening on the instance's port (killed without warning). */
function serverPid(url: string) {
	const port = new URL(url).port;
	const listing = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
	return Number(/pid=(\d+)/.exec(listing)![1]);
}

async function run(url: string, as_of: string): Promise<Reply> {
	const admin = await signInAdmin(url);
	return admin.post('/insurance/jobs/enforce-policies/run', { as_of });
}

const enforcedCount = async (ids: number[]) => Number((await db('policies').whereIn('id', ids).where('status', 'InForce').count({ n: '*' }))[0]!.n);

describe('a job run killed midway', () => {
	it('leaves whole batches behind, and the next run finishes the rest exactly once', async () => {
		// Issued policies of an automatic in-force product, due on 2027-01-01.
		const ref = await referenceIds(db);
		const client = await db('clients').insert({ name: 'Crash Test SA', email: `crash-${process.pid}@example.com`, type: 'enterprise' }).returning('id');
		const clientId = Number(typeof client[0] === 'object' ? client[0].id : client[0]);
		const product = await ref.product('HEALTH-IND');
		const rows = Array.from({ length: POLICIES }, (_, i) => ({
			policy_number: `CRASH-${process.pid}-${i}`,
			client: clientId,
			product,
			status: 'Issued',
			proposal_date: storedDate(db, '2026-12-01'),
			begin_date: storedDate(db, '2027-01-01'),
			end_date: storedDate(db, '2028-01-01'),
			premium_amount: 1200,
			currency: 'EUR',
		}));
		for (let i = 0; i < rows.length; i += 200) await db('policies').insert(rows.slice(i, i + 200));
		const ids = (await db('policies').where('client', clientId).pluck('id')).map(Number);

		// Another run holding the lock: refused with a 409, recorded as skipped.
		await db('job_runs').insert({ job: 'all', as_of: storedDate(db, '2027-01-01'), state: 'running', source: 'test', lock: 'insurance-jobs', lease_until: new Date(Date.now() + 60_000), started_at: new Date() });
		const busy = await run(instance.url, '2027-01-02');
		expect(busy.status).toBe(409);
		expect(busy.body.errors![0]!.extensions['code']).toBe('JOB_RUN_IN_PROGRESS');
		expect(await db('job_runs').where({ state: 'skipped', job: 'enforce-policies' }).first()).toBeDefined();
		await db('job_runs').where('source', 'test').delete();

		const started = run(instance.url, '2027-01-02').catch(() => null);
		let seen = 0;
		while (seen < BATCH * 2) {
			await new Promise((r) => setTimeout(r, 20));
			seen = await enforcedCount(ids);
			expect(seen, 'the run finished before it could be killed').toBeLessThan(POLICIES);
		}
		process.kill(serverPid(instance.url), 'SIGKILL');
		await started;
		await instance.stop();

		// Whole batches only: every moved policy has its one history row, nothing half-written.
		const moved = await enforcedCount(ids);
		expect(moved).toBeLessThan(POLICIES);
		expect(moved % BATCH).toBe(0);
		const historyRows = async () => db('status_history').where({ collection: 'policies', trigger: 'enforce-policies' }).whereIn('item', ids.map(String));
		expect((await historyRows()).length).toBe(moved);

		instance = await startInstance({ ...database.env, ...env });
		let again = await run(instance.url, '2027-01-02');
		for (let attempt = 0; again.status === 409 && attempt < 20; attempt++) {
			// The killed run's lease runs out (INSURANCE_JOBS_LEASE_SECONDS), then its lock is taken over.
			await new Promise((r) => setTimeout(r, 1000));
			again = await run(instance.url, '2027-01-02');
		}
		expect(again.status, JSON.stringify(again.body)).toBe(200);
		expect(again.body.data.transitions['enforce-policies']['policies: Issued → InForce']).toBe(POLICIES - moved);

		expect(await enforcedCount(ids)).toBe(POLICIES);
		const history = await historyRows();
		expect(history.length).toBe(POLICIES);
		expect(new Set(history.map((row) => row.item)).size).toBe(POLICIES);
		// The refused run, the killed one (taken over once its lease expired), the one that finished.
		const states = await db('job_runs').where({ job: 'enforce-policies' }).orderBy('id').pluck('state');
		expect(states[0]).toBe('skipped');
		expect(states.slice(1).filter((state) => state !== 'skipped')).toEqual(['abandoned', 'done']);

		// And once more: nothing left to do.
		expect((await run(instance.url, '2027-01-02')).body.data.total).toBe(0);
	});
});
