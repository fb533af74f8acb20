// When the daily jobs run: at the insurer's local hour (insurance_settings.job_hour in
// insurance_settings.time_zone), once per local date. The scheduler ticks every hour; a tick
// runs the jobs for today when the local hour is the job hour or later and today has not run
// yet. "Or later" makes it DST-safe (a job hour skipped by a spring-forward runs at the next
// hour; a repeated autumn hour runs once) and catches up after an instance was down at the hour.

import { DateTime } from 'luxon';
import { DomainError } from '../billing/errors';
import { assertTimeZone } from '../billing/dates';
import type { IsoDate } from '../billing/types';

/** The local date whose daily run is due at `now`, or null before the job hour. */
export function dailyRunDate(now: Date | DateTime, timeZone: string, jobHour: number): IsoDate | null {
	assertTimeZone(timeZone);
	if (!Number.isInteger(jobHour) || jobHour < 0 || jobHour > 23) throw new DomainError('job_hour', `job_hour must be a whole hour 0–23, got ${String(jobHour)}`);
	const local = (now instanceof Date ? DateTime.fromJSDate(now) : now).setZone(timeZone);
	return local.hour >= jobHour ? local.toISODate()! : null;
}
