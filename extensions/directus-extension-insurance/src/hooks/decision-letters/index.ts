import { defineHook } from '@directus/extensions-sdk';
import type { AppliedTransition } from '../../data/transitions';
import { DECISIONS, issueDecisionLetters } from '../../data/documents/decision-letters';

// Every decided claim gets its decision letter once the decision has committed (the engine
// announces transitions then), whichever path decided it: our endpoints, a REST or GraphQL
// status change through the lifecycle guard, a Flow, straight-through approval at intake.
export default defineHook(({ action }, context) => {
	action('insurance.transitions', async (meta: Record<string, unknown>) => {
		const decided = (meta['transitions'] as AppliedTransition[]).filter((t) => t.collection === 'claims' && DECISIONS.includes(t.to)).map((t) => t.item);
		if (decided.length > 0) await issueDecisionLetters(context, decided);
	});
});
