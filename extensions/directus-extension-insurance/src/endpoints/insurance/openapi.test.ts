import Joi from 'joi';
import { describe, expect, it } from 'vitest';
import { insuranceOpenApi, schemaOf } from './openapi';

describe('schemaOf', () => {
	it('states what joi checks beyond the JSON Schema keywords joi-to-json maps', () => {
		const schema = schemaOf(
			Joi.object({
				code: Joi.string().max(10),
				note: Joi.string().max(10).allow('', null),
				text: Joi.string().trim().min(1).max(10).required(),
				kind: Joi.string().valid('a', 'b'),
				custom: Joi.any().meta({ openapi: { type: 'string', pattern: '^x$' } }),
				lines: Joi.array().items(Joi.object({ label: Joi.string() })),
			}),
		);
		expect(schema).toMatchObject({
			type: 'object',
			required: ['text'],
			additionalProperties: false,
			properties: {
				code: { type: 'string', minLength: 1, maxLength: 10 },
				note: { type: ['string', 'null'], maxLength: 10 },
				text: { type: 'string', minLength: 1, maxLength: 10, pattern: '\\S' },
				kind: { type: 'string', enum: ['a', 'b'] },
				custom: { type: 'string', pattern: '^x$' },
				lines: { type: 'array', items: { type: 'object', properties: { label: { type: 'string', minLength: 1 } } } },
			},
		});
		expect((schema['properties'] as Record<string, object>)['note']).not.toHaveProperty('minLength');
		expect((schema['properties'] as Record<string, object>)['kind']).not.toHaveProperty('minLength');
	});
});

describe('insuranceOpenApi', () => {
	const document = insuranceOpenApi('http://localhost');
	const operations = Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ path, method, operation: operation as { responses: Record<string, unknown>; requestBody?: { content: { 'application/json': { schema: { additionalProperties?: boolean } } } } } })));

	it('documents 401 on every operation: Directus refuses a bad token before any route', () => {
		for (const { path, method, operation } of operations) expect(Object.keys(operation.responses), `${method} ${path}`).toContain('401');
	});

	it('says of every request body whether it takes other fields', () => {
		for (const { path, method, operation } of operations) {
			if (operation.requestBody) expect(operation.requestBody.content['application/json'].schema.additionalProperties, `${method} ${path}`).toBeTypeOf('boolean');
		}
	});
});
