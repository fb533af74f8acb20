import { defineHook } from '@directus/extensions-sdk';
import { jobsRunning } from '../../data/jobs';
import { deliverNoticeEmails } from '../../data/servicing/notices';

// Sends the emails of client notices (client_notices is their outbox) every
// INSURANCE_MAIL_INTERVAL_SECONDS (default 5), one pass at a time per instance; across instances
// each notice's claim decides who sends it. Reminders thus never hold the nightly run on SMTP,
// and while this instance runs jobs its mailer waits for the next tick.
export default defineHook(({ schedule }, { services, getSchema, database, logger, env }) => {
	const configured = Number(env['INSURANCE_MAIL_INTERVAL_SECONDS']);
	const interval = Math.min(59, Math.max(1, Math.round(Number.isFinite(configured) && configured > 0 ? configured : 5)));
	let running = false;
	schedule(`*/${interval} * * * * *`, async () => {
		if (running || jobsRunning()) return;
		running = true;
		try {
			const { failed } = await deliverNoticeEmails({ services, getSchema, database });
			if (failed > 0) logger.warn(`client notices: SMTP refused ${failed} emails (see client_notices.email_error)`);
		} catch (error) {
			logger.error(`client notices: email delivery failed: ${error instanceof Error ? error.message : String(error)}`);
		} finally {
			running = false;
		}
	});
});
