import Joi from 'joi';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/billing/errors';
import { InvalidInputError } from '../errors';
import { checkAll, validate } from './validation';

const schema = Joi.object({
	policy: Joi.number().integer().required(),
	lines: Joi.array().items(Joi.object({ quantity: Joi.number().integer().min(1).required(), description: Joi.string().trim().min(1).required() })),
});

/** What a refusal carries for the client: field, problem and rule of each error. */
function refusalOf(run: () => unknown) {
	try {
		run();
	} catch (thrown) {
		return (Array.isArray(thrown) ? thrown : [thrown]).map((error: InstanceType<typeof InvalidInputError>) => ({ status: error.status, ...error.extensions }));
	}
	throw new Error('expected a refusal');
}

describe('validate', () => {
	it('answers the valid value, converted', () => {
		expect(validate(schema, { policy: '3', lines: [{ quantity: '2', description: ' Pills ' }] })).toEqual({ policy: 3, lines: [{ quantity: 2, description: 'Pills' }] });
	});

	it('refuses one problem as one 400 naming its field and rule', () => {
		expect(refusalOf(() => validate(schema, { lines: [] }))).toEqual([{ status: 400, field: 'policy', problem: 'is required', rule: 'any.required' }]);
	});

	it('refuses every problem at once, in the order of the request, lines named as the request names them', () => {
		expect(refusalOf(() => validate(schema, { policy: 'x', lines: [{ quantity: 0, description: 'ok' }, { quantity: 1.5, description: '  ' }] }))).toEqual([
			{ status: 400, field: 'policy', problem: 'must be a number', rule: 'number.base' },
			{ status: 400, field: 'lines[0].quantity', problem: 'must be greater than or equal to 1', rule: 'number.min' },
			{ status: 400, field: 'lines[1].quantity', problem: 'must be an integer', rule: 'number.integer' },
			{ status: 400, field: 'lines[1].description', problem: 'is not allowed to be empty', rule: 'string.empty' },
		]);
	});

	it('puts a prefix before a nested item’s fields', () => {
		expect(refusalOf(() => validate(schema, {}, 'claim'))).toEqual([{ status: 400, field: 'claim.policy', problem: 'is required', rule: 'any.required' }]);
	});
});

describe('checkAll', () => {
	const invalid = (field: string) => new InvalidInputError({ field, problem: 'is wrong' });

	it('passes when every check passes', async () => {
		await expect(checkAll([1, 2], () => undefined)).resolves.toBeUndefined();
	});

	it('collects field problems of every item, domain refusals included, with their codes', async () => {
		const run = checkAll(['a', 'b', 'c', 'd'], async (item, index) => {
			if (item === 'a') throw invalid(`lines[${index}].kind`);
			if (item === 'b') throw new DomainError(`lines[${index}].service_date`, `lines[${index}].service_date must not be in the future`, 'IN_THE_FUTURE');
			if (item === 'd') throw [invalid('lines[3].quantity'), invalid('lines[3].unit_amount')];
		});
		const thrown = await run.catch((error: unknown) => error);
		expect((thrown as InstanceType<typeof InvalidInputError>[]).map((error) => error.extensions)).toEqual([
			{ field: 'lines[0].kind', problem: 'is wrong' },
			{ field: 'lines[1].service_date', problem: 'must not be in the future', rule: 'IN_THE_FUTURE' },
			{ field: 'lines[3].quantity', problem: 'is wrong' },
			{ field: 'lines[3].unit_amount', problem: 'is wrong' },
		]);
	});

	it('throws a single problem as itself', async () => {
		const problem = invalid('lines[1].kind');
		await expect(checkAll([1, 2], (_item, index) => (index === 1 ? Promise.reject(problem) : undefined))).rejects.toBe(problem);
	});

	it('stops at once on anything that is not a field problem', async () => {
		const seen: number[] = [];
		const failure = new Error('database gone');
		await expect(
			checkAll([1, 2, 3], (item) => {
				seen.push(item);
				if (item === 2) throw failure;
			}),
		).rejects.toBe(failure);
		expect(seen).toEqual([1, 2]);
	});
});
