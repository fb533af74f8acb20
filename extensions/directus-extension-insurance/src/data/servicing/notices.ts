// Client notices (SPEC §11): what a client is told about a policy, recorded in client_notices and
// sent as a Directus notification to the client's user. Directus mails every notification
// through its MailService (base template) to the user, unless they turned email notifications
// off; a client without a portal user is mailed at its own address.
//
// Once, whatever reruns, crashes and instances do: the notices of a page are inserted first, in
// the page's transaction, and the unique (installment, kind) index keeps only those never
// recorded; only what this insert wrote is sent, and the notification row commits with it. A
// run killed before the commit leaves nothing recorded and sends it the next day; one killed
// after it has recorded and notified. The one gap left is an email handed to SMTP for a page
// whose commit then fails: that notice goes out again with the rerun (a duplicate, never a loss).
import type { Knex } from 'knex';
import type { SchemaOverview } from '@directus/types';
import { fromCents, toCents } from '../../domain/billing';
import type { IsoDate } from '../../domain/billing/types';
import type { NoticeKind } from '../../domain/rules';
import type { Platform } from '../engine';
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
 * Records `notices` in `trx` and sends those recorded now; returns how many were recorded per
 * kind. Call it inside the transaction that decided the notices (a job's page).
 */
export async function sendNotices(platform: Platform, trx: Knex.Transaction, schema: SchemaOverview, notices: Notice[]): Promise<Record<NoticeKind, number>> {
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
			.whereIn('policies.id', policies.slice(index, index + 500))
			.select('policies.id as policy', 'policies.policy_number', 'clients.name as client_name', 'clients.email as client_email', 'clients.user');
		for (const recipient of found) recipients.set(Number(recipient.policy), recipient);
	}

	const notifications = new platform.services.NotificationsService({ knex: trx, schema, accountability: null });
	const mail = new platform.services.MailService({ knex: trx, schema, accountability: null });
	const portal = process.env['PUBLIC_URL'] ? `${String(process.env['PUBLIC_URL']).replace(/\/$/, '')}/insurance/portal` : '';
	for (const notice of toSend) {
		const to = recipients.get(notice.policy)!;
		const renewed = notice.renews ? (recipients.get(notice.renews)?.policy_number ?? null) : null;
		const { subject, message } = noticeText(notice, to, renewed, portal);
		if (to.user) {
			await notifications.createOne({ recipient: to.user, subject, message, collection: 'policies', item: String(notice.policy) });
		} else {
			// Not awaited, as Directus sends its notification emails: SMTP never holds the page's transaction.
			mail.send({ to: to.client_email, subject, template: { name: 'base', data: { html: markdownToHtml(message) } } }).catch(() => undefined);
		}
		sent[notice.kind]++;
	}
	return sent;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The little markdown a notice uses (bold, one link), for the email of a client without a user. */
function markdownToHtml(message: string): string {
	return message
		.split('\n\n')
		.map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/\[(.+?)\]\((.+?)\)/g, '<a href="$2">$1</a>')}</p>`)
		.join('\n');
}
