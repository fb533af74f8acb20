import { defineHook } from '@directus/extensions-sdk';
import type { AppliedTransition } from '../../data/transitions';
import { escalateOverdue, notifyAnswered, notifyPendingApproval, notifySubmitted } from '../../data/claims/notify';

type Notify = typeof notifySubmitted;

/** Which claim transitions tell whom: each is announced once, after its transaction committed. */
const NOTIFICATIONS: { when: (t: AppliedTransition) => boolean; notify: Notify; who: string }[] = [
	{ when: (t) => t.to === 'Submitted', notify: notifySubmitted, who: 'the claims team' },
	// The client's answer, not a handler resuming the review without one (a manual move).
	{ when: (t) => t.from === 'InformationRequested' && t.to === 'InReview' && t.trigger === 'automatic', notify: notifyAnswered, who: 'the handler' },
	{ when: (t) => t.to === 'PendingApproval', notify: notifyPendingApproval, who: 'the managers' },
];

// People hear about claims once their transaction has committed (the engine announces
// transitions then), whichever path moved them: the claims team about every submission, the
// handler about the client's answer, the managers about claims waiting for their approval.
// Every quarter of an hour the overdue claims are flagged and escalated to the managers.
export default defineHook(({ action, schedule }, context) => {
	action('insurance.transitions', async (meta: Record<string, unknown>) => {
		const claims = (meta['transitions'] as AppliedTransition[]).filter((t) => t.collection === 'claims');
		for (const { when, notify, who } of NOTIFICATIONS) {
			const items = claims.filter(when).map((t) => t.item);
			if (items.length === 0) continue;
			try {
				await notify(context, items);
			} catch (error) {
				context.logger.error(error, `insurance: could not notify ${who}`);
			}
		}
	});

	schedule('*/15 * * * *', async () => {
		try {
			await escalateOverdue(context);
		} catch (error) {
			context.logger.error(error, 'insurance: overdue claim escalation failed');
		}
	});
});
