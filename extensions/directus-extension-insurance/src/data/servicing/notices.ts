// Client notices (SPEC §11): what a client is told about a policy, recorded in client_notices,
// sent as a Directus notification to the client's user and as an email through Directus'
// MailService (base template): to the user unless they turned email notifications off, to the
// client's own address when it has no portal user.
//
// Once, whatever reruns, crashes and instances do. Insert first: the notices of a page are
// inserted in the page's transaction, where the unique (installment, kind) index keeps only
// those never recorded (a concurrent insert of the same notice waits for the other
// transaction, then is skipped), and only what this insert wrote is notified, the notification
// rows committing with it. Then send: the emails of a page leave once it has committed. A run
// killed before the commit has recorded, notified and mailed nothing, and the rerun sends it; a
// run killed between the commit and its emails loses those emails only (the notification and
// the portal banner still carry the notice). A rerun never sends a notice twice.
import type { Knex } from 'knex';
import type { SchemaOverview } from '@directus/types';
import { fromCents, toCents } from '../../domain/billing';
import type { IsoDate } from '../../domain/billing/types';
import type { NoticeKind } from '../../domain/rules';
import type { Platform } from '../engine';
import type { JobContext } from '../jobs/context';
import { dateValue } from '../values';

export interface Notice {
	client: number;
	policy: number;
	installment: number;
	kind: NoticeKind;
	due_date: IsoDate;
	amount: string | number;
	/** Overdue notices: the day the policy lapses unless paid. */
	lapse_date?: IsoDate | null;
	/** Renewals: the policy the notice's policy renews. */
	renews?: number;
}

/** The unique index seed/flows.yaml creates on client_notices. */
const ONCE = ['installment', 'kind'];

interface Recipient {
	policy: number;
	policy_number: string;
	client_name: string;
	client_email: string;
	user: string | null;
	user_email: string | null;
	email_notifications: boolean | number | null;
}

/** An email to send once the notices it tells of have committed. */
export interface NoticeMail {
	to: string;
	subject: string;
	html: string;
}

/** Subject and markdown message of a notice (the notification shows it; the email renders it). */
export function noticeText(notice: Notice, to: Recipient, renewed: string | null, portal: string): { subject: string; message: string } {
	const amount = fromCents(toCents(notice.amount, 'amount'));
	const link = portal ? `\n\n[See it in your portal](${portal})` : '';
	switch (notice.kind) {
		case 'reminder':
			return {
				subject: `Payment reminder: policy ${to.policy_number}, ${amount} due ${notice.due_date}`,
				message: `Dear ${to.client_name}, an installment of **${amount}** on policy **${to.policy_number}** is due on **${notice.due_date}**.${link}`,
			};
		case 'overdue':
			return {
				subject: `Overdue payment: policy ${to.policy_number} lapses on ${notice.lapse_date}`,
				message: `Dear ${to.client_name}, the installment of **${amount}** on policy **${to.policy_number}** was due on **${notice.due_date}** and is unpaid. Unless it is paid, the policy lapses on **${notice.lapse_date}**.${link}`,
			};
		case 'renewal':
			return {
				subject: `Renewal of policy ${renewed ?? to.policy_number}: proposal ${to.policy_number}`,
				message: `Dear ${to.client_name}, policy **${renewed ?? ''}** is coming to its end; its renewal **${to.policy_number}** is proposed to you. Its first installment of **${amount}** is due on **${notice.due_date}**: paying it issues the new term.${link}`,
			};
	}
}

/**
 * Records `notices` in `trx` and notifies those recorded now; returns how many were recorded per
 * kind, and their emails for `outbox`, to send once `trx` has committed (`deliveringAfterEachPage`).
 */
export async function sendNotices(
	platform: Platform,
	trx: Knex.Transaction,
	schema: SchemaOverview,
	notices: Notice[],
	outbox: NoticeMail[],
): Promise<Record<NoticeKind, number>> {
	const sent: Record<NoticeKind, number> = { reminder: 0, overdue: 0, renewal: 0 };
	if (notices.length === 0) return sent;
	const sentAt = new Date();
	const rows = notices.map((notice) => ({
		client: notice.client,
		policy: notice.policy,
		installment: notice.installment,
		kind: notice.kind,
		due_date: dateValue(trx, notice.due_date),
		amount: notice.amount,
		lapse_date: notice.lapse_date ? dateValue(trx, notice.lapse_date) : null,
		sent_at: sentAt,
	}));
	const recorded: { installment: number | string; kind: NoticeKind }[] = [];
	for (let index = 0; index < rows.length; index += 200) {
		recorded.push(...(await trx('client_notices').insert(rows.slice(index, index + 200)).onConflict(ONCE).ignore().returning(ONCE)));
	}
	if (recorded.length === 0) return sent;
	const fresh = new Set(recorded.map((row) => `${row.installment}|${row.kind}`));
	const toSend = notices.filter((notice) => fresh.has(`${notice.installment}|${notice.kind}`));

	const policies = [...new Set(toSend.flatMap((notice) => [notice.policy, ...(notice.renews ? [notice.renews] : [])]))];
	const recipients = new Map<number, Recipient>();
	for (let index = 0; index < policies.length; index += 500) {
		const found: Recipient[] = await trx('policies')
			.join('clients', 'clients.id', 'policies.client')
			.leftJoin('directus_users', 'directus_users.id', 'clients.user')
			.whereIn('policies.id', policies.slice(index, index + 500))
			.select('policies.id as policy', 'policies.policy_number', 'clients.name as client_name', 'clients.email as client_email', 'clients.user', 'directus_users.email as user_email', 'directus_users.email_notifications');
		for (const recipient of found) recipients.set(Number(recipient.policy), recipient);
	}

	// Plain items of directus_notifications: NotificationsService would mail at once, before the commit.
	const notifications = new platform.services.ItemsService('directus_notifications', { knex: trx, schema, accountability: null });
	const portal = process.env['PUBLIC_URL'] ? `${String(process.env['PUBLIC_URL']).replace(/\/$/, '')}/insurance/portal` : '';
	for (const notice of toSend) {
		const to = recipients.get(notice.policy)!;
		const renewed = notice.renews ? (recipients.get(notice.renews)?.policy_number ?? null) : null;
		const { subject, message } = noticeText(notice, to, renewed, portal);
		if (to.user) await notifications.createOne({ recipient: to.user, subject, message, collection: 'policies', item: String(notice.policy) });
		const address = to.user ? (to.user_email && isTrue(to.email_notifications) ? to.user_email : null) : to.client_email;
		if (address) outbox.push({ to: address, subject, html: markdownToHtml(message) });
		sent[notice.kind]++;
	}
	return sent;
}

const isTrue = (value: unknown) => value === true || value === 1 || value === '1';

/**
 * The job's context for `inBatches`, sending each page's emails once the page has committed
 * (inBatches calls afterBatch then). An email SMTP refuses is counted in the run's report.
 */
export function deliveringAfterEachPage(context: JobContext, schema: () => Promise<SchemaOverview>, outbox: NoticeMail[]): JobContext {
	return {
		...context,
		async afterBatch(applied) {
			const mails = outbox.splice(0);
			if (mails.length > 0) {
				const mail = new context.platform.services.MailService({ knex: context.platform.database, schema: await schema(), accountability: null });
				let failed = 0;
				for (const { to, subject, html } of mails) {
					await mail.send({ to, subject, template: { name: 'base', data: { html } } }).catch(() => failed++);
				}
				context.tally('client_notices: email not accepted by SMTP', failed);
			}
			await context.afterBatch(applied);
		},
	};
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The little markdown a notice uses (bold, one link), for its email. */
function markdownToHtml(message: string): string {
	return message
		.split('\n\n')
		.map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/\[(.+?)\]\((.+?)\)/g, '<a href="$2">$1</a>')}</p>`)
		.join('\n');
}
