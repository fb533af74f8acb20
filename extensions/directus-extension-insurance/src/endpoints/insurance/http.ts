// Small helpers shared by the /insurance routes: input validation, the joi pieces several routes
// share, and error forwarding.
import type { NextFunction, Request, Response } from 'express';
import Joi from 'joi';
import { ForbiddenError } from '@directus/errors';
import type { Accountability, SchemaOverview } from '@directus/types';
import { DateTime } from 'luxon';
import { InvalidInputError } from '../../errors';

/** Validates a body or params object; the first problem becomes a 400 naming its field. */
export function validate<T>(schema: Joi.Schema<T>, value: unknown): T {
	const { error, value: valid } = schema.validate(value ?? {}, { abortEarly: true, convert: true });
	if (error) {
		const detail = error.details[0]!;
		// Array items read as in the request body: lines[1].quantity.
		const field = detail.path.reduce<string>((path, key) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key), '') || 'body';
		throw new InvalidInputError({ field, problem: detail.message.replace(/^"[^"]*" /, '') });
	}
	return valid;
}

/** Item ids are 32-bit integer columns on every supported database. */
export const itemId = Joi.number().integer().min(1).max(2_147_483_647);
/** Route params with an item id; other params (the action) are matched by the route itself. */
export const idParams = Joi.object({ id: itemId.required() }).unknown(true);

/** A calendar day as YYYY-MM-DD. */
export const isoDay = Joi.string()
	.pattern(/^\d{4}-\d{2}-\d{2}$/)
	.custom((value: string, helpers) => (DateTime.fromISO(value).isValid ? value : helpers.error('any.invalid')))
	.messages({ 'string.pattern.base': 'must be a date as YYYY-MM-DD', 'any.invalid': 'is not a calendar date' })
	.meta({ format: 'date' })
	.example('2026-03-01');

/** Directus' middleware has authenticated the request and loaded its schema. */
export type Handler = (req: Request & { accountability?: Accountability | null; schema: SchemaOverview }, res: Response) => Promise<unknown>;

/** Express 4 does not forward rejected promises: do it, so Directus renders the error. */
export const route = (handler: Handler) => (req: Request, res: Response, next: NextFunction) => {
	handler(req as Parameters<Handler>[0], res).catch(next);
};

/** Signed-in users only; what they may do is then decided by the lifecycle and permissions. */
export function requireUser(req: { accountability?: Accountability | null }): Accountability {
	if (!req.accountability?.user) throw new ForbiddenError();
	return req.accountability;
}
