import { defineHook } from '@directus/extensions-sdk';
import type { AppliedTransition } from '../../data/transitions';
import { escalateOverdue, notifySubmitted } from '../../data/claims/notify';

// The claims team hears about every submitted claim once its transaction has committed (the
// engine announces transitions then), whichever path submitted it; every quarter of an hour
// the overdue claims are flagged and escalated to the managers.
export default defineHook(({ action, schedule }, context) => {
	action('insurance.transitions', async (meta: Record<string, unknown>) => {
		const submitted = (meta['transitions'] as AppliedTransition[]).filter((t) => t.collection === 'claims' && t.to === 'Submitted').map((t) => t.item);
		if (submitted.length === 0) return;
		try {
			await notifySubmitted(context, submitted);
		} catch (error) {
			context.logger.error(error, 'insurance: could not notify the claims team');
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
