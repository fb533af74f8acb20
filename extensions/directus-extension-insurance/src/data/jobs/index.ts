// The named jobs of SPEC section 5, and how a run of one (or of all, in order) goes: take the
// run lock, resolve the day, run each job in batches, record what changed in job_runs.
import { ALL_JOB_NAMES, type JobName, type ServicingJobName } from '../../domain/lifecycles';
import { resolveAsOf } from '../../domain/billing';
import { dailyRunDate } from '../../domain/rules/job-schedule';
import { dateValue } from '../values';
import { platformFor, type Platform } from '../engine';
import type { AppliedTransition } from '../transitions';
import type { InsuranceSettings, Job, JobContext } from './context';
import { acquireRunLock } from './run-lock';
import aggregateMasterInstallments from './aggregate-master-installments';
import enforceMasterPolicies from './enforce-master-policies';
import enforcePolicies from './enforce-policies';
import issueStatements from './issue-statements';
import lapseMasterPolicies from './lapse-master-policies';
import lapsePolicies from './lapse-policies';
import markUnpaidInstallments from './mark-unpaid-installments';
import matureMasterPolicies from './mature-master-policies';
import maturePolicies from './mature-policies';
import renewPolicies from './renew-policies';
import sendPaymentReminders from './send-payment-reminders';
import withdrawMasterPolicies from './withdraw-master-policies';
import withdrawProposals from './withdraw-proposals';

/**
 * The order of a full run: statements before unpaid marks (an installment never skips its
 * statement), unpaid marks before the master aggregation, the aggregation before the lapses
 * (they see today's unpaid marks); the master lapse before the member lapse (a lapsing member
 * drops its unpaid installments from the master schedule, which would hide the master's unpaid
 * installment due the same day); lapse before maturity (an unpaid policy reaching its end date
 * lapses). Reminders and overdue notices after the unpaid marks (an installment unpaid today
 * gets its notice today, before a lapse may remove it); renewals after the lapses (a lapsed
 * policy is not renewed) and before maturity (a renewal caught up on the end date still counts).
 */
export const JOBS: readonly Job[] = [
	withdrawProposals,
	enforcePolicies,
	issueStatements,
	markUnpaidInstallments,
	sendPaymentReminders,
	aggregateMasterInstallments,
	lapseMasterPolicies,
	lapsePolicies,
	renewPolicies,
	maturePolicies,
	withdrawMasterPolicies,
	enforceMasterPolicies,
	matureMasterPolicies,
];

export const RUN_ALL = 'all';
export type JobSelection = JobName | ServicingJobName | typeof RUN_ALL;
export const JOB_SELECTIONS: readonly string[] = [...ALL_JOB_NAMES, RUN_ALL];

export interface JobRunRequest {
	job: JobSelection;
	asOf?: string | null;
	/** Who started it: endpoint, flow... (recorded in job_runs). */
	source: string;
}

export interface JobRunReport {
	run: number;
	job: JobSelection;
	as_of: string;
	/**
	 * Per job, the count of each transition, e.g. {"policies: Proposal → Withdraw": 3}, and of
	 * what the servicing jobs did, e.g. {"client_notices: reminder": 2}.
	 */
	transitions: Record<string, Record<string, number>>;
	total: number;
}

export const readSettings = async (platform: Platform): Promise<InsuranceSettings> => platform.database('insurance_settings').first();

const envNumber = (name: string, fallback: number) => {
	const value = Number(process.env[name]);
	return Number.isFinite(value) && value > 0 ? value : fallback;
};

let runsInProgress = 0;

/** Whether this instance is running jobs now: its notice mailer waits, so the run has the process. */
export const jobsRunning = () => runsInProgress > 0;

export async function runJobs(platform: Platform, request: JobRunRequest): Promise<JobRunReport> {
	const settings = await readSettings(platform);
	const asOf = resolveAsOf(request.asOf, new Date(), settings.time_zone);
	const jobs = request.job === RUN_ALL ? JOBS : JOBS.filter((job) => job.name === request.job);
	const lock = await acquireRunLock(platform.database, { job: request.job, asOf, source: request.source }, envNumber('INSURANCE_JOBS_LEASE_SECONDS', 120) * 1000);
	const transitions: JobRunReport['transitions'] = {};
	runsInProgress++;
	try {
		// One schema for the whole run: every getSchema() deep-copies it, and a run has many pages.
		const runPlatform = platformFor(platform, await platform.getSchema());
		for (const job of jobs) {
			const counts: Record<string, number> = (transitions[job.name] = {});
			const context: JobContext = {
				platform: runPlatform,
				asOf,
				settings,
				batchSize: envNumber('INSURANCE_JOBS_BATCH_SIZE', 500),
				pagesAtOnce: envNumber('INSURANCE_JOBS_PAGES_AT_ONCE', 2),
				async afterBatch(applied: AppliedTransition[]) {
					for (const { collection, from, to } of applied) this.tally(`${collection}: ${from} → ${to}`, 1);
					await lock.renew();
				},
				tally(key: string, count: number) {
					if (count > 0) counts[key] = (counts[key] ?? 0) + count;
				},
			};
			await job.run(context);
		}
	} catch (error) {
		await lock.finish('failed', { transitions, error: error instanceof Error ? error.message : String(error) });
		throw error;
	} finally {
		runsInProgress--;
	}
	await lock.finish('done', { transitions });
	const total = Object.values(transitions).reduce((sum, counts) => sum + Object.values(counts).reduce((a, b) => a + b, 0), 0);
	return { run: lock.id, job: request.job, as_of: asOf, transitions, total };
}

/**
 * A scheduler tick (hourly Flow): runs `job` for today's local date when the job hour has come
 * and no run of it has completed for that date yet; otherwise says why it did nothing.
 */
export async function runDailyJobs(platform: Platform, job: JobSelection, source: string): Promise<JobRunReport | { skipped: string }> {
	const settings = await readSettings(platform);
	const asOf = dailyRunDate(new Date(), settings.time_zone, Number(settings.job_hour));
	if (asOf === null) return { skipped: `before the job hour ${settings.job_hour}:00 (${settings.time_zone})` };
	const done = await platform.database('job_runs').where({ job, state: 'done', as_of: dateValue(platform.database, asOf) }).first('id');
	if (done) return { skipped: `${job} already ran for ${asOf} (run ${done.id})` };
	return runJobs(platform, { job, asOf, source });
}
