// Client notices (SPEC §11): what a client is told about a policy, recorded in client_notices,
// sent as a Directus notification to the client's user and as an email through Directus'
// MailService (base template): to the user unless they turned email notifications off, to the
// client's own address when it has no portal user.
//
// Once, whatever reruns, crashes and instances do. The notices of a job's page are inserted in
// the page's transaction, where the unique (installment, kind) index keeps only those never
// recorded (a concurrent insert of the same notice waits for the other transaction, then is
// skipped), and only what this insert wrote is notified, the notification rows committing with
// it. client_notices is also the emails' outbox: a notice waits with no emailed_at until a
// mailer (hooks/notice-mail, on every instance) claims it with a conditional update only one
// instance wins, then hands it to SMTP. The nightly run never waits for SMTP, and an email is
// never sent twice; a mailer killed between its claim and SMTP loses those emails only (the
// notification and the portal banner still carry the notice).
import { fromCents, toCents } from '../../domain/billing';
import type { IsoDate } from '../../domain/billing/types';
import type { NoticeKind } from '../../domain/rules';
import type { Platform } from '../engine';
import { whereKeyIn } from '../jobs/sql';
import type { TransitionSession } from '../transitions';
import { isoDate } from '../values';

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

/** Subject and markdown message of a notice (the notification shows it; the email renders it). */
export function noticeText(
	notice: Pick<Notice, 'kind' | 'due_date' | 'amount' | 'lapse_date'>,
	to: Pick<Recipient, 'policy_number' | 'client_name'>,
	renewed: string | null,
	portal: string,
): { subject: string; message: string } {
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
 * kind. Their emails leave once `trx` has committed (`deliverNoticeEmails`).
 */
export async function sendNotices(platform: Platform, session: TransitionSession, notices: Notice[]): Promise<Record<NoticeKind, number>> {
	const sent: Record<NoticeKind, number> = { reminder: 0, overdue: 0, renewal: 0 };
	if (notices.length === 0) return sent;
	const { trx, schema } = session;
	const sentAt = new Date();
	const rows = notices.map(({ client, policy, installment, kind, due_date, amount, lapse_date }) => ({ client, policy, installment, kind, due_date, amount, lapse_date: lapse_date ?? null, sent_at: sentAt }));
	const recorded = (await session.insertAsSystem('client_notices', rows, ONCE, ONCE)) as { installment: number | string; kind: NoticeKind }[];
	if (recorded.length === 0) return sent;
	const fresh = new Set(recorded.map((row) => `${row.installment}|${row.kind}`));
	const toSend = notices.filter((notice) => fresh.has(`${notice.installment}|${notice.kind}`));

	const policies = [...new Set(toSend.flatMap((notice) => [notice.policy, ...(notice.renews ? [notice.renews] : [])]))];
	// Who is notified, and the names the message gives (the mailer reads the addresses later).
	const recipients = new Map<number, Pick<Recipient, 'policy' | 'policy_number' | 'client_name' | 'user'>>();
	for (let index = 0; index < policies.length; index += 500) {
		const found: Pick<Recipient, 'policy' | 'policy_number' | 'client_name' | 'user'>[] = await whereKeyIn(trx('policies').join('clients', 'clients.id', 'policies.client'), trx, 'policies.id', policies.slice(index, index + 500)).select(
			'policies.id as policy',
			'policies.policy_number',
			'clients.name as client_name',
			'clients.user',
		);
		for (const recipient of found) recipients.set(Number(recipient.policy), recipient);
	}

	// Plain items of directus_notifications: NotificationsService would mail at once, before the commit.
	const notifications = new platform.services.ItemsService('directus_notifications', { knex: trx, schema, accountability: null });
	const portal = portalLink();
	const toNotify = [];
	for (const notice of toSend) {
		const to = recipients.get(notice.policy)!;
		if (to.user) {
			const renewed = notice.renews ? (recipients.get(notice.renews)?.policy_number ?? null) : null;
			const { subject, message } = noticeText(notice, to, renewed, portal);
			toNotify.push({ recipient: to.user, subject, message, collection: 'policies', item: String(notice.policy) });
		}
		sent[notice.kind]++;
	}
	if (toNotify.length > 0) await notifications.createMany(toNotify);
	return sent;
}

const portalLink = () => (process.env['PUBLIC_URL'] ? `${String(process.env['PUBLIC_URL']).replace(/\/$/, '')}/insurance/portal` : '');

const isTrue = (value: unknown) => value === true || value === 1 || value === '1';

/** Notices a mailer claims at once, so instances share a large night between them. */
const MAIL_BATCH = 50;
/** SMTP conversations at once: a night's reminders go out in minutes, without flooding the relay. */
const PARALLEL_MAILS = 10;

/** Where a notice's email goes, or why it goes nowhere. */
function emailAddress(row: Pick<Recipient, 'user' | 'user_email' | 'email_notifications' | 'client_email'>): { to: string } | { error: string } {
	if (!row.user) return { to: row.client_email };
	if (!row.user_email) return { error: "the client's user has no email address" };
	return isTrue(row.email_notifications) ? { to: row.user_email } : { error: "the client's user turned email notifications off" };
}

/**
 * Sends the emails of every notice still waiting for one, a claimed batch at a time, until none
 * waits; returns how many SMTP accepted and how many it refused (recorded in email_error).
 * Everything a batch needs is read before its claim: once claimed, a notice only meets SMTP.
 */
export async function deliverNoticeEmails(platform: Platform): Promise<{ sent: number; failed: number }> {
	const db = platform.database;
	const outcome = { sent: 0, failed: 0 };
	const portal = portalLink();
	// Made when something waits: most ticks find nothing, and the schema is a deep copy.
	let mail: InstanceType<Platform['services']['MailService']> | undefined;
	for (;;) {
		const waiting: Record<string, any>[] = await db('client_notices as n')
			.join('policies as p', 'p.id', 'n.policy')
			.leftJoin('policies as renewed', 'renewed.id', 'p.renewal_of')
			.join('clients as c', 'c.id', 'n.client')
			.leftJoin('directus_users as u', 'u.id', 'c.user')
			.whereNull('n.emailed_at')
			.orderBy('n.id')
			.limit(MAIL_BATCH)
			.select('n.id', 'n.kind', 'n.due_date', 'n.amount', 'n.lapse_date', 'p.policy_number', 'renewed.policy_number as renewed_number', 'c.name as client_name', 'c.email as client_email', 'c.user', 'u.email as user_email', 'u.email_notifications');
		if (waiting.length === 0) return outcome;
		const mailer = (mail ??= new platform.services.MailService({ knex: db, schema: await platform.getSchema(), accountability: null }));
		const claimed = new Set(
			(await whereKeyIn(db('client_notices'), db, 'id', waiting.map((row) => row['id'])).whereNull('emailed_at').update({ emailed_at: new Date() }, ['id'])).map((row: { id: number | string }) => String(row.id)),
		);
		const errors: [number, string][] = [];
		const toMail = waiting.filter((row) => claimed.has(String(row['id'])));
		for (let index = 0; index < toMail.length; index += PARALLEL_MAILS) {
			await Promise.all(
				toMail.slice(index, index + PARALLEL_MAILS).map(async (row) => {
					const address = emailAddress(row as Recipient);
					const error = 'error' in address ? address.error : await sendNoticeEmail(mailer, row, address.to, portal);
					if (error === null) outcome.sent++;
					else {
						if (!('error' in address)) outcome.failed++;
						errors.push([row['id'], error]);
					}
				}),
			);
		}
		for (const [id, error] of errors) await db('client_notices').where('id', id).update({ email_error: error.slice(0, 255) });
	}
}

/** One notice's email through Directus' MailService; null once SMTP took it, else why not. */
async function sendNoticeEmail(mail: { send(options: Record<string, unknown>): Promise<unknown> }, row: Record<string, any>, to: string, portal: string): Promise<string | null> {
	const notice = { kind: row['kind'], due_date: isoDate(row['due_date']), amount: row['amount'], lapse_date: row['lapse_date'] ? isoDate(row['lapse_date']) : null };
	const { subject, message } = noticeText(notice, { policy_number: row['policy_number'], client_name: row['client_name'] }, row['renewed_number'] ?? null, portal);
	try {
		await mail.send({ to, subject, template: { name: 'base', data: { html: markdownToHtml(message) } } });
		return null;
	} catch (refused) {
		return `SMTP refused it: ${refused instanceof Error ? refused.message : String(refused)}`;
	}
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The little markdown a notice uses (bold, one link), for its email. */
function markdownToHtml(message: string): string {
	return message
		.split('\n\n')
		.map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/\[(.+?)\]\((.+?)\)/g, '<a href="$2">$1</a>')}</p>`)
		.join('\n');
}
