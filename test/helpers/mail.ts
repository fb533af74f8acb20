// A real SMTP server for the tests that follow an email: every message it receives is parsed
// (headers, encoded subjects, nested multipart bodies, attachments) into the inbox.
import { SMTPServer } from 'smtp-server';
import { freePort } from './instance';

export interface Attachment {
	filename: string;
	contentType: string;
	content: Buffer;
}

export interface Mail {
	to: string[];
	subject: string;
	/** The decoded text of every text part. */
	html: string;
	attachments: Attachment[];
}

interface Part {
	headers: Map<string, string>;
	body: string;
}

function parsePart(raw: string): Part {
	const split = raw.search(/\r?\n\r?\n/);
	const head = split === -1 ? raw : raw.slice(0, split);
	const body = split === -1 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
	const headers = new Map<string, string>();
	for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
		const colon = line.indexOf(':');
		if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
	}
	return { headers, body };
}

/** RFC 2047 encoded words (=?UTF-8?Q?...?= and =?UTF-8?B?...?=). */
const decodeWords = (text: string) =>
	text
		.replace(/\?=\s+=\?/g, '?==?')
		.replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_, _charset: string, encoding: string, data: string) =>
			encoding.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (__, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
		);

function decodeBody(part: Part): Buffer {
	const encoding = part.headers.get('content-transfer-encoding') ?? '';
	if (/base64/i.test(encoding)) return Buffer.from(part.body.replace(/\s+/g, ''), 'base64');
	if (/quoted-printable/i.test(encoding)) return Buffer.from(part.body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
	return Buffer.from(part.body, 'latin1'); // the raw message is read byte for byte
}

function collect(part: Part, mail: Mail) {
	const type = part.headers.get('content-type') ?? 'text/plain';
	const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
	if (boundary) {
		for (const child of part.body.split(`--${boundary}`).slice(1)) {
			if (child.startsWith('--')) break;
			collect(parsePart(child.replace(/^\r?\n/, '')), mail);
		}
		return;
	}
	const disposition = part.headers.get('content-disposition') ?? '';
	const filename = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? /name="?([^";]+)"?/i.exec(type)?.[1];
	if (/attachment/i.test(disposition) || (filename && !type.startsWith('text/'))) {
		mail.attachments.push({ filename: decodeWords(filename ?? ''), contentType: type.split(';')[0]!.trim(), content: decodeBody(part) });
	} else if (type.startsWith('text/')) {
		mail.html += decodeBody(part).toString('utf8');
	}
}

export function parseMail(raw: string): Mail {
	const root = parsePart(raw);
	const mail: Mail = {
		to: (root.headers.get('to') ?? '').split(',').map((a) => a.replace(/.*</, '').replace(/>.*/, '').trim()),
		subject: decodeWords(root.headers.get('subject') ?? ''),
		html: '',
		attachments: [],
	};
	collect(root, mail);
	return mail;
}

export interface Inbox {
	port: number;
	mails: Mail[];
	/** The mails to `address` whose subject contains `subject`, once `count` have come (or the time is up). */
	mailsTo(address: string, subject: string, count?: number, timeout?: number): Promise<Mail[]>;
	close(): Promise<void>;
}

export async function startInbox(): Promise<Inbox> {
	const port = await freePort();
	const mails: Mail[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		onData(stream, _session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				mails.push(parseMail(Buffer.concat(chunks).toString('latin1')));
				callback();
			});
		},
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return {
		port,
		mails,
		async mailsTo(address, subject, count = 1, timeout = 20_000) {
			const deadline = Date.now() + timeout;
			for (;;) {
				const found = mails.filter((m) => m.to.includes(address) && m.subject.includes(subject));
				if (found.length >= count || Date.now() > deadline) return found;
				await new Promise((r) => setTimeout(r, 200));
			}
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
