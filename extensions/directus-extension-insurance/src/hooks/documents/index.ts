import { defineHook } from '@directus/extensions-sdk';
import type { AppliedTransition } from '../../data/transitions';
import { DECISIONS, issueDecisionLetters } from '../../data/documents/decision-letters';
import { issuePolicySchedules } from '../../data/documents/policy-schedules';

// The documents a client receives, written once the transition that calls for them has
// committed (the engine announces transitions then), whichever path made it: our endpoints, a
// REST or GraphQL write through the lifecycle guard, a payment allocation, a Flow, straight-
// through approval at intake. A decided claim gets its decision letter, an issued policy its
// policy schedule.
export default defineHook(({ action }, context) => {
	action('insurance.transitions', async (meta: Record<string, unknown>) => {
		const transitions = meta['transitions'] as AppliedTransition[];
		const decided = transitions.filter((t) => t.collection === 'claims' && DECISIONS.includes(t.to)).map((t) => t.item);
		if (decided.length > 0) await issueDecisionLetters(context, decided);
		const issued = transitions.filter((t) => t.collection === 'policies' && t.to === 'Issued').map((t) => t.item);
		if (issued.length > 0) await issuePolicySchedules(context, issued);
	});
});
