// Request values checked with joi, whichever path brings them (our endpoints, the item API's
// filters): every problem becomes a 400 naming its field as the request does, all of them at
// once, so a form can mark each field it has to correct.
import Joi from 'joi';
import { DateTime } from 'luxon';
import { isDomainError } from '../domain/billing/errors';
import { INTEGER_RANGE } from '../domain/rules/field-values';
import { InvalidInputError, invalidField } from '../errors';

type InvalidInput = InstanceType<typeof InvalidInputError>;

/** Validates a value; `lines[1].quantity` for array items, `prefix` before a nested item's own fields. */
export function validate<T>(schema: Joi.Schema<T>, value: unknown, prefix = ''): T {
	const { error, value: valid } = schema.validate(value ?? {}, { abortEarly: false, convert: true });
	if (error) {
		throw refusal(
			error.details.map((detail) => {
				const field = detail.path.reduce<string>((path, key) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key), prefix) || 'body';
				// joi's rule (`any.required`, `number.min`) lets a client word the problem in its own language.
				return new InvalidInputError({ field, problem: detail.message.replace(/^"[^"]*" /, ''), rule: detail.type });
			}),
		);
	}
	return valid;
}

/** One problem is thrown as itself, several as the list Directus answers as `{errors: [...]}`. */
const refusal = (problems: InvalidInput[]) => (problems.length === 1 ? problems[0]! : problems);

const isInvalidInput = (error: unknown): error is InvalidInput => error instanceof InvalidInputError;

/** The field problems in what a check threw (a domain refusal included), or null for anything else. */
function problemsIn(error: unknown): InvalidInput[] | null {
	if (isDomainError(error)) return [invalidField(error.field, error.message, error.code)];
	if (isInvalidInput(error)) return [error];
	if (Array.isArray(error) && error.every(isInvalidInput)) return error;
	return null;
}

/**
 * Runs every check (one per line of a claim, say) and refuses with all their field problems at
 * once rather than the first; anything other than a field problem stops at once as it is.
 */
export async function checkAll<T>(items: readonly T[], check: (item: T, index: number) => unknown): Promise<void> {
	const problems: InvalidInput[] = [];
	for (const [index, item] of items.entries()) {
		try {
			await check(item, index);
		} catch (error) {
			const found = problemsIn(error);
			if (!found) throw error;
			problems.push(...found);
		}
	}
	if (problems.length > 0) throw refusal(problems);
}

/** Item ids are 32-bit integer columns on every supported database. */
export const itemId = Joi.number().integer().min(1).max(INTEGER_RANGE.max);

/** A calendar day as YYYY-MM-DD. */
export const isoDay = Joi.string()
	.pattern(/^\d{4}-\d{2}-\d{2}$/)
	.custom((value: string, helpers) => (DateTime.fromISO(value).isValid ? value : helpers.error('any.invalid')))
	.messages({ 'string.pattern.base': 'must be a date as YYYY-MM-DD', 'any.invalid': 'is not a calendar date' })
	.meta({ format: 'date' })
	.example('2026-03-01');

const AMOUNT = /^\d{1,10}(\.\d{1,2})?$/;
/** A decimal amount as a number or a string, at most 2 decimals; the domain checks its range. */
export const amount = Joi.any()
	.custom((value: unknown, helpers) => {
		const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : null;
		return text !== null && AMOUNT.test(text) ? text : helpers.error('amount.format');
	})
	.messages({ 'amount.format': 'must be an amount ≥ 0 with at most 2 decimals' })
	// What the custom rule accepts, for the OpenAPI document.
	.meta({ openapi: { oneOf: [{ type: 'number', minimum: 0, maximum: 9_999_999_999.99, multipleOf: 0.01 }, { type: 'string', pattern: AMOUNT.source }], examples: ['120.50'] } });

export const text = (max: number) => Joi.string().trim().min(1).max(max);
export const optionalText = (max: number) => Joi.string().trim().max(max).allow('', null);
