// DELETE /items/<singleton> (insurance_settings): Directus skips its batch checks for
// singletons, then reads a query the request does not carry, and answers 500; with an id it
// deletes the row. A singleton is the one row the product runs on and is edited, never deleted:
// say so with a 405 on both routes.
import type { NextFunction, Request, Response } from 'express';
import { MethodNotAllowedError } from '@directus/errors';
import { defineHook } from '@directus/extensions-sdk';
import type { SchemaOverview } from '@directus/types';

export default defineHook(({ init }) => {
	init('routes.before', ({ app }) => {
		app.delete(['/items/:collection', '/items/:collection/:pk'], (req: Request & { schema?: SchemaOverview }, _res: Response, next: NextFunction) => {
			if (req.schema?.collections[req.params['collection'] ?? '']?.singleton) next(new MethodNotAllowedError({ allowed: ['GET', 'PATCH'], current: 'DELETE' }));
			else next();
		});
	});
});
