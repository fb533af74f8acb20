// Small helpers shared by the /insurance routes: input validation (shared with the item API's
// filters), the joi pieces several routes share, and error forwarding.
import type { NextFunction, Request, Response } from 'express';
import Joi from 'joi';
import { ForbiddenError } from '@directus/errors';
import type { EndpointExtensionContext } from '@directus/extensions';
import type { Accountability, SchemaOverview } from '@directus/types';
import { readStatuses } from '../../data/transitions';
import { ItemNotFoundError, toDirectusError } from '../../errors';

import { itemId } from '../../data/validation';

export { isoDay, itemId, validate } from '../../data/validation';

/** Route params with an item id; other params (the action) are matched by the route itself. */
export const idParams = Joi.object({ id: itemId.required() }).unknown(true);

/** Directus' middleware has authenticated the request and loaded its schema. */
export type Handler = (req: Request & { accountability?: Accountability | null; schema: SchemaOverview }, res: Response) => Promise<unknown>;

/** Express 4 does not forward rejected promises: do it, so Directus renders the error. */
export const route = (handler: Handler) => (req: Request, res: Response, next: NextFunction) => {
	handler(req as Parameters<Handler>[0], res).catch((error: unknown) => next(toDirectusError(error)));
};

/** Signed-in users only; what they may do is then decided by the lifecycle and permissions. */
export function requireUser(req: { accountability?: Accountability | null }): Accountability {
	if (!req.accountability?.user) throw new ForbiddenError();
	return req.accountability;
}

/** An item's status as the caller sees it: an item they may not read is "not found". */
export async function visibleStatus(context: EndpointExtensionContext, collection: string, item: number, req: Parameters<Handler>[0]): Promise<Map<string, string>> {
	const { database } = context;
	const [visible] = await new context.services.ItemsService(collection, { knex: database, schema: req.schema, accountability: requireUser(req) }).readByQuery({
		filter: { id: { _eq: item } },
		fields: ['id'],
		limit: 1,
	});
	const seen = await readStatuses(database, collection, [item]);
	if (!visible || !seen.has(String(item))) throw new ItemNotFoundError({ collection, item: String(item) });
	return seen;
}
