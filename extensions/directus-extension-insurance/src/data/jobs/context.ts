// What every job gets from its run: the platform, the day it runs for, the parameter defaults,
// and where it reports each batch's transitions.
import type { Platform } from '../engine';
import type { AppliedTransition } from '../transitions';

/** The insurance_settings row (parameter defaults, time zone, job hour). */
export interface InsuranceSettings {
	time_zone: string;
	job_hour: number;
	days_after_unpaid_due_date: number;
	proposal_withdraw_days: number;
	master_proposal_withdraw_days: number;
	statement_lead_days: number;
	[field: string]: unknown;
}

export interface JobContext {
	platform: Platform;
	/** The insurer's calendar date the run is for. */
	asOf: string;
	settings: InsuranceSettings;
	batchSize: number;
	/** Pages worked at once (Postgres; SQLite has one writer and works one). */
	pagesAtOnce: number;
	/** Called after each committed batch: counts what it changed and renews the run lock. */
	afterBatch(applied: AppliedTransition[]): Promise<void>;
	/** Counts what a job did besides transitions (notices sent, renewals proposed); a page's counts come once it committed. */
	tally(key: string, count: number): void;
}

export interface Job {
	name: string;
	run(context: JobContext): Promise<void>;
}
