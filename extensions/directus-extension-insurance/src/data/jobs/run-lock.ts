// The run lock all job runs share, whoever starts them (a Flow, the endpoint, another
// instance): a job_runs row holding the unique `lock` value. The database refuses a second
// holder on every instance of the cluster; a run renews its lease after each batch, and a run
// whose instance died is taken over once its lease has expired.
import type { Knex } from 'knex';
import { JobRunBusyError } from '../../errors';
import { dateValue } from '../values';

const LOCK = 'insurance-jobs';

export interface RunHandle {
	id: number;
	/** Extends the lease; throws when another run took the lock over (this one stalled too long). */
	renew(): Promise<void>;
	finish(state: 'done' | 'failed', details: { transitions: unknown; error?: string }): Promise<void>;
}

export async function acquireRunLock(db: Knex, run: { job: string; asOf: string; source: string }, leaseMs: number): Promise<RunHandle> {
	const now = new Date();
	const leaseUntil = () => new Date(Date.now() + leaseMs);
	const row = { job: run.job, as_of: dateValue(db, run.asOf), source: run.source.slice(0, 64), started_at: now };
	await db('job_runs').where('lock', LOCK).where('lease_until', '<', now).update({ lock: null, state: 'abandoned', finished_at: now, error: 'lease expired: the instance running it stopped' });

	let id: number;
	try {
		const [inserted] = await db('job_runs').insert({ ...row, state: 'running', lock: LOCK, lease_until: leaseUntil() }).returning('id');
		id = Number(typeof inserted === 'object' ? inserted.id : inserted);
	} catch (error) {
		const holder = await db('job_runs').where('lock', LOCK).first('id', 'job', 'lease_until');
		if (!holder) throw error;
		await db('job_runs').insert({ ...row, state: 'skipped', finished_at: now, error: `run ${holder.id} held the lock` });
		throw new JobRunBusyError({ run: Number(holder.id), job: holder.job, leaseUntil: new Date(holder.lease_until).toISOString() });
	}

	return {
		id,
		async renew() {
			const renewed = await db('job_runs').where({ id, lock: LOCK }).update({ lease_until: leaseUntil() });
			if (renewed === 0) throw new Error(`job run ${id} lost its lock (lease expired while it ran)`);
		},
		async finish(state, { transitions, error }) {
			await db('job_runs')
				.where('id', id)
				.update({ state, lock: null, finished_at: new Date(), transitions: JSON.stringify(transitions), error: error ?? null });
		},
	};
}
