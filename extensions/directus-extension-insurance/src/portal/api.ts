// The Directus client of the portal: sign-in (tokens kept for the browser tab), REST and realtime.
import { authentication, createDirectus, realtime, rest, uploadFiles, type AuthenticationData, type AuthenticationStorage } from '@directus/sdk';

/** The Directus root: the portal lives at <root>/insurance/portal. */
export const directusRoot = location.href.replace(/\/insurance\/portal.*$/, '');
const TOKEN_KEY = 'insurance-portal-auth';

const storage: AuthenticationStorage = {
	get: () => JSON.parse(sessionStorage.getItem(TOKEN_KEY) ?? 'null') as AuthenticationData | null,
	set: (value) => (value ? sessionStorage.setItem(TOKEN_KEY, JSON.stringify(value)) : sessionStorage.removeItem(TOKEN_KEY)),
};

export const directus = createDirectus(directusRoot)
	.with(authentication('json', { storage, autoRefresh: true }))
	.with(rest())
	.with(realtime({ authMode: 'handshake', reconnect: { delay: 1000, retries: 10 }, heartbeat: true }));

export type Directus = typeof directus;

/**
 * One problem reported by the server: its words, the field it is about when it names one, and
 * what lets the portal say it in the client's language (the error code, the rule that failed).
 */
export interface Problem {
	message: string;
	field?: string;
	code?: string;
	rule?: string;
}

type ServerError = { message: string; extensions?: { field?: string; code?: string; rule?: string } };

/** The {errors:[...]} of a Directus answer, or the message of any other failure. */
export function problemsOf(error: unknown): Problem[] {
	const errors = (error as { errors?: ServerError[] })?.errors;
	if (Array.isArray(errors) && errors.length > 0) {
		return errors.map((e) => ({
			message: e.message,
			field: e.extensions?.field ? normaliseField(e.extensions.field) : undefined,
			code: e.extensions?.code,
			rule: e.extensions?.rule,
		}));
	}
	return [{ message: error instanceof Error ? error.message : String(error) }];
}

/** A failure reported as a problem of `field` (an upload refused for the input that picked the file). */
export const onField = (error: unknown, field: string) => ({
	errors: problemsOf(error).map((problem) => ({ message: problem.message, extensions: { field, code: problem.code, rule: problem.rule } })),
});

/** Uploads a file picked by the client: it becomes the client's own Directus file; answers its id. */
export async function uploadFile(file: File): Promise<string> {
	const body = new FormData();
	body.append('file', file);
	return ((await directus.request(uploadFiles(body))) as unknown as { id: string }).id;
}

/** "lines[1].unit_amount" and "lines.1.unit_amount" name the same input. */
export const normaliseField = (field: string) => field.replace(/\[(\d+)\]/g, '.$1');

/** Realtime is a convenience: the portal keeps working (on reload) if the socket cannot open. */
let connecting: Promise<boolean> | null = null;
export function ensureRealtime(): Promise<boolean> {
	connecting ??= directus.connect().then(
		() => true,
		() => {
			connecting = null;
			return false;
		},
	);
	return connecting;
}
