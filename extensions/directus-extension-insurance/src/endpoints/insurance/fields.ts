// POST /insurance/fields/:collection: Business Admins add fields to the insurance collections.
// Directus 11 lets only administrators (admin_access) create fields: FieldsService refuses any
// other accountability, whatever directus_fields permissions say. Rather than making business
// admins administrators, this route lets whoever holds a directus_fields create permission
// (seed/access.yaml: Business Admin) add plain fields, and only that: to business
// collections, with a new name, a scalar type and presentation metadata; no relations, no
// changes to existing fields, nothing on system or engine-written collections.
import Joi from 'joi';
import type { Router } from 'express';
import type { EndpointExtensionContext } from '@directus/extensions';
import { ForbiddenError } from '@directus/errors';
import { actorOf, mayCreate } from '../../data/actor';

import { InvalidInputError } from '../../errors';
import { requireUser, route, validate } from './http';

const EXTENSIBLE = ['products', 'portfolios', 'clients', 'policies', 'installments', 'master_policies', 'master_installments', 'payments', 'policy_change_requests', 'cancellation_requests', 'claims', 'claim_lines', 'claim_messages'];

const INTERFACES: Record<string, string> = {
	string: 'input',
	text: 'input-multiline',
	integer: 'input',
	decimal: 'input',
	boolean: 'boolean',
	date: 'datetime',
	timestamp: 'datetime',
};

export const fieldParams = Joi.object({ collection: Joi.string().valid(...EXTENSIBLE).required() }).unknown(true);
export const fieldBody = Joi.object({
	field: Joi.string()
		.pattern(/^[a-z][a-z0-9_]{0,62}$/)
		.required()
		.messages({ 'string.pattern.base': 'must start with a lower-case letter and hold only a-z, 0-9 and _ (at most 63 characters)' })
		.example('referral_code'),
	type: Joi.string()
		.valid(...Object.keys(INTERFACES))
		.required(),
	meta: Joi.object({
		note: Joi.string().max(500).allow(null, ''),
		width: Joi.string().valid('half', 'full', 'fill'),
		required: Joi.boolean(),
		readonly: Joi.boolean(),
		hidden: Joi.boolean(),
		interface: Joi.string().max(64),
		options: Joi.object().unknown(true).allow(null),
		display: Joi.string().max(64).allow(null),
		display_options: Joi.object().unknown(true).allow(null),
		group: Joi.string().max(64).allow(null),
	}).default({}),
});

export function registerFields(router: Router, context: EndpointExtensionContext) {
	const { database } = context;
	router.post(
		'/fields/:collection',
		route(async (req, res) => {
			const accountability = requireUser(req);
			const actor = await actorOf(accountability, database);
			if (!(await mayCreate(database, actor, 'directus_fields'))) throw new ForbiddenError();
			const { collection } = validate(fieldParams, req.params);
			const input = validate(fieldBody, req.body);
			const schema = await context.getSchema({ database });
			if (input.field in schema.collections[collection]!.fields) {
				throw new InvalidInputError({ field: 'field', problem: `"${input.field}" already exists in ${collection}` });
			}
			const special = input.type === 'boolean' ? ['cast-boolean'] : null;
			// Full rights for the one write the checks above allowed.
			const fields = new context.services.FieldsService({ knex: database, schema, accountability: null });
			await fields.createField(collection, {
				field: input.field,
				type: input.type,
				meta: { interface: INTERFACES[input.type], special, ...input.meta },
				schema: input.type === 'decimal' ? { numeric_precision: 12, numeric_scale: 2 } : {},
			} as Parameters<typeof fields.createField>[1]);
			res.status(201).json({ data: await fields.readOne(collection, input.field) });
		}),
	);
}
