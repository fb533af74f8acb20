import { defineHook } from '@directus/extensions-sdk';

/** What Directus itself tells a non-admin caller about an unexpected error. */
const UNEXPECTED = 'An unexpected error occurred.';

interface RenderedError {
	message: string;
	extensions?: Record<string, unknown>;
}

// An unexpected error's own message is for the server log only: Directus shows it to
// administrators, and a database error carries the SQL and the schema behind it. Every 5xx
// body reads the same, for every caller; the log keeps the details.
export default defineHook(({ filter }) => {
	filter<RenderedError[]>('request.error', (errors) =>
		errors.map((error) => (error.extensions?.['code'] === 'INTERNAL_SERVER_ERROR' ? { message: UNEXPECTED, extensions: { code: 'INTERNAL_SERVER_ERROR' } } : error)),
	);
});
