// Small helpers shared by the /insurance routes: input validation and error forwarding.
import type { NextFunction, Request, Response } from 'express';
import Joi from 'joi';
import { ForbiddenError } from '@directus/errors';
import type { Accountability, SchemaOverview } from '@directus/types';
import { INTEGER_RANGE } from '../../domain/rules/field-values';
import { InvalidInputError, toDirectusError } from '../../errors';

/** An item id of our collections: integer columns, 32-bit on every database. */
export const itemKey = () => Joi.number().integer().positive().max(INTEGER_RANGE.max);

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
