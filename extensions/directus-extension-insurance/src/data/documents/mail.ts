// Sends a client a document by email, through Directus' MailService (SMTP or the transport the
// environment configures) and its base template.
import type { ApiExtensionContext, SchemaOverview } from '@directus/types';

type Context = Pick<ApiExtensionContext, 'services' | 'database'>;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export interface DocumentMail {
	to: string;
	subject: string;
	/** Paragraphs of the message. */
	paragraphs: string[];
	link?: { href: string; text: string };
	attachment: { filename: string; bytes: Uint8Array };
}

export async function mailDocument(ctx: Context, schema: SchemaOverview, mail: DocumentMail) {
	const paragraphs = mail.paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`);
	if (mail.link) paragraphs.push(`<p><a href="${escapeHtml(mail.link.href)}">${escapeHtml(mail.link.text)}</a></p>`);
	await new ctx.services.MailService({ knex: ctx.database, schema, accountability: null }).send({
		to: mail.to,
		subject: mail.subject,
		template: { name: 'base', data: { html: paragraphs.join('\n') } },
		attachments: [{ filename: mail.attachment.filename, content: Buffer.from(mail.attachment.bytes), contentType: 'application/pdf' }],
	});
}
