import { defineHook } from '@directus/extensions-sdk';
import { ForbiddenError } from '@directus/errors';
import type { Accountability } from '@directus/types';

// Bulk import is a staff tool of the Directus app. Clients and integrators (API users without app
// access) file claims one by one, through the intake or the item API, where each row answers for
// itself; an import of theirs would also hold its transaction (and on SQLite every write) while
// Directus waits out its import timeout after a row refused with a field error.
export default defineHook(({ init }) => {
	init('routes.before', ({ app }) => {
		app.use('/utils/import', (req: { accountability?: Accountability | null }, _res: unknown, next: (error?: unknown) => void) => {
			const accountability = req.accountability;
			next(accountability && !accountability.admin && !accountability.app ? new ForbiddenError({ reason: 'Imports are for staff working in the Directus app' }) : undefined);
		});
	});
});
