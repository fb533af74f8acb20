import { defineOperationApi } from '@directus/extensions-sdk';
import { isDirectusError } from '@directus/errors';
import { runDailyJobs, runJobs, type JobSelection } from '../../data/jobs';

interface Options {
	job: JobSelection;
	/** Run for this date (catch-up); empty: today in the insurer's time zone. */
	as_of?: string | null;
	/** Only once a day, from the configured local job hour (for an hourly schedule trigger). */
	daily?: boolean;
}

// "Run insurance job": the same run as POST /insurance/jobs/:name/run, under the same run lock.
// The daily runs are seeded Flows (seed/flows.yaml: an hourly schedule trigger with this
// operation in daily mode), so business admins see, retime or switch them off; Directus'
// synchronized scheduler fires each tick on one instance of a cluster.
export default defineOperationApi<Options>({
	id: 'insurance-run-job',
	handler: async ({ job, as_of, daily }, context) => {
		try {
			if (daily) return await runDailyJobs(context, job, 'flow:daily');
			return await runJobs(context, { job, asOf: as_of || null, source: 'flow' });
		} catch (error) {
			// An Error's message is lost when the Flow stores it; keep it readable in the run log.
			if (isDirectusError(error)) throw { code: error.code, status: error.status, message: error.message, ...(error.extensions as object) };
			throw error;
		}
	},
});
