// A small JSON client for one Directus instance, and the instance-local test data the job
// tests need (they run jobs, so they use a Directus of their own, never the shared one).
import type { Knex } from 'knex';
import { ADMIN, DEMO_PASSWORD } from '../helpers/clients';

export interface Reply {
	status: number;
	body: { data?: any; errors?: { message: string; extensions: Record<string, unknown> }[] };
}

export async function signIn(url: string, email: string, password = DEMO_PASSWORD) {
	const response = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
	const token = ((await response.json()) as { data: { access_token: string } }).data.access_token;
	const call = async (method: string, path: string, body?: unknown): Promise<Reply> => {
		const reply = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
		return { status: reply.status, body: reply.status === 204 ? {} : ((await reply.json()) as Reply['body']) };
	};
	return {
		call,
		post: (path: string, body: unknown) => call('POST', path, body),
		get: (path: string) => call('GET', path),
		del: (path: string) => call('DELETE', path),
	};
}
export type Session = Awaited<ReturnType<typeof signIn>>;

export const signInAdmin = (url: string) => signIn(url, ADMIN.email, ADMIN.password);

/** The data of a 2xx reply, or a failure showing the errors. */
export function ok(reply: Reply) {
	if (reply.status >= 300) throw new Error(`HTTP ${reply.status}: ${JSON.stringify(reply.body.errors ?? reply.body)}`);
	return reply.body.data;
}

/** A date as Directus stores it in this database: epoch milliseconds on SQLite. */
export const storedDate = (db: Knex, iso: string) => (db.client.config.client === 'sqlite3' ? Date.parse(`${iso}T00:00:00Z`) : iso);

/** A stored date column as 'YYYY-MM-DD'. */
export const readDate = (value: string | number | Date) =>
	value instanceof Date ? value.toISOString().slice(0, 10) : typeof value === 'number' ? new Date(value).toISOString().slice(0, 10) : value.slice(0, 10);

let counter = 0;
export const uniqueNumber = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}`;

/** Ids of reference rows by their natural key. */
export async function referenceIds(db: Knex) {
	const id = async (table: string, column: string, value: string) => Number((await db(table).where(column, value).first('id')).id);
	return {
		client: (email: string) => id('clients', 'email', email),
		product: (code: string) => id('products', 'code', code),
		portfolio: (name: string) => id('portfolios', 'name', name),
	};
}
