// Two Directus processes on one Postgres database and one Redis (SYNCHRONIZATION_STORE=redis):
// a Flow scheduled every 15 seconds runs the jobs once per tick across both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../helpers/instance';
import { redisEnv, sharedPostgres, startCluster, type SharedDatabase } from '../cluster/cluster';
import { ok, signInAdmin } from './api';

const TICK_SECONDS = 15;
let database: SharedDatabase;
let instances: Instance[] = [];

beforeAll(async () => {
	database = await sharedPostgres('jobs_cluster');
	instances = await startCluster(2, { ...database.env, ...redisEnv() });
}, 400_000);

afterAll(async () => {
	await Promise.all(instances.map((instance) => instance.stop()));
	await database?.drop();
});

describe('scheduled job runs in a cluster', () => {
	it('run once per tick, whichever instance fires it', async () => {
		const admin = await signInAdmin(instances[0]!.url);
		// Only the test schedule fires during the test.
		const seeded = ok(await admin.get('/flows?filter[name][_eq]=Insurance%20daily%20jobs&fields=id'))[0];
		ok(await admin.call('PATCH', `/flows/${seeded.id}`, { status: 'inactive' }));
		const flow = ok(await admin.post('/flows', { name: 'Jobs every tick (test)', status: 'active', trigger: 'schedule', accountability: 'all', options: { cron: `*/${TICK_SECONDS} * * * * *` } }));
		const operation = ok(await admin.post('/operations', { flow: flow.id, key: 'run_jobs', name: 'Run insurance jobs', type: 'insurance-run-job', position_x: 19, position_y: 1, options: { job: 'all' } }));
		const since = new Date();
		ok(await admin.call('PATCH', `/flows/${flow.id}`, { operation: operation.id }));

		await new Promise((r) => setTimeout(r, TICK_SECONDS * 5 * 1000 + 5000));
		ok(await admin.call('PATCH', `/flows/${flow.id}`, { status: 'inactive' }));

		const runs = await database.db('job_runs').where('source', 'flow').where('started_at', '>=', since).orderBy('id').select('state', 'started_at');
		const ticks = runs.map((run) => Math.floor(new Date(run.started_at).getTime() / (TICK_SECONDS * 1000)));
		expect(runs.length).toBeGreaterThanOrEqual(4);
		// Never twice for one tick, never refused by a concurrent run of the same tick.
		expect(new Set(ticks).size).toBe(runs.length);
		expect(runs.map((run) => run.state)).toEqual(runs.map(() => 'done'));
	});
});
