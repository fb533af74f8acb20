import { defineHook } from '@directus/extensions-sdk';
import { registerEmitter } from '../../data/jobs/platform';

// The daily runs are seeded Flows (seed/flows.yaml: an hourly schedule trigger and the "Run
// insurance job" operation in daily mode), so business admins see, retime or switch them off.
// Directus' synchronized scheduler fires each tick on one instance of a cluster
// (SYNCHRONIZATION_STORE=redis); the run lock keeps an overrunning run from overlapping the next.
// This hook hands the operation what its context lacks: the event emitter.
export default defineHook((_events, context) => {
	registerEmitter(context.emitter);
});
