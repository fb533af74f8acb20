// Request values checked with joi, whichever path brings them (our endpoints, the item API's
// filters): the first problem becomes a 400 naming its field as the request does.
import type Joi from 'joi';
import { InvalidInputError } from '../errors';

/** Validates a value; `lines[1].quantity` for array items, `prefix` before a nested item's own fields. */
export function validate<T>(schema: Joi.Schema<T>, value: unknown, prefix = ''): T {
	const { error, value: valid } = schema.validate(value ?? {}, { abortEarly: true, convert: true });
	if (error) {
		const detail = error.details[0]!;
		const field = detail.path.reduce<string>((path, key) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key), prefix) || 'body';
		throw new InvalidInputError({ field, problem: detail.message.replace(/^"[^"]*" /, '') });
	}
	return valid;
}
