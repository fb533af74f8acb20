// POST /insurance/fields/:collection: Business Admins add fields to the insurance collections.
// Directus 11 lets only administrators (admin_access) create fields: FieldsService refuses any
// other accountability, whatever directus_fields permissions say. Rather than making business
// admins administrators, this route lets whoever holds a directus_fields create permission
// (seed/access.yaml: Business Admin) add plain fields, and only that: to business
// collections, with a new name, a scalar type (or a dropdown of choices) and presentation
// metadata; no relations, no changes to existing fields, nothing on system or engine-written
// collections. They may let the Client policy read or fill in the field (client_access).
import Joi from 'joi';
import type { Router } from 'express';
import type { EndpointExtensionContext } from '@directus/extensions';
import { ForbiddenError } from '@directus/errors';
import { actorOf, mayCreate } from '../../data/actor';
import { EXTENSIBLE_COLLECTIONS, FIELD_TYPES } from '../../domain/fields';
import { InvalidInputError } from '../../errors';
import { requireUser, route, validate } from './http';

/** What the Client policy may do with the new field, so the portal shows it without an administrator. */
const CLIENT_GRANTS = ['read', 'create'] as const;
const CLIENT_POLICY = 'Client';

export const fieldParams = Joi.object({ collection: Joi.string().valid(...EXTENSIBLE_COLLECTIONS).required() }).unknown(true);
export const fieldBody = Joi.object({
	field: Joi.string()
		.pattern(/^[a-z][a-z0-9_]{0,62}$/)
		.required()
		.messages({ 'string.pattern.base': 'must start with a lower-case letter and hold only a-z, 0-9 and _ (at most 63 characters)' })
		.example('referral_code'),
	type: Joi.string()
		.valid(...Object.keys(FIELD_TYPES))
		.required(),
	choices: Joi.array()
		.items(Joi.string().trim().min(1).max(255))
		.min(1)
		.unique()
		.description('A dropdown: the values to choose from (string fields only).')
		.example(['bronze', 'silver', 'gold']),
	client_access: Joi.array()
		.items(Joi.string().valid(...CLIENT_GRANTS))
		.unique()
		.default([])
		.description('Let the Client policy read the field on its own rows, or fill it in when it creates one.'),
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
		translations: Joi.array()
			.items(Joi.object({ language: Joi.string().max(16).required(), translation: Joi.string().max(255).required() }))
			.allow(null)
			.description('The field name as people read it, per language (the app and the portal show it).'),
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
			if (input.choices && input.type !== 'string') throw new InvalidInputError({ field: 'choices', problem: 'are only for string fields' });
			const grants = await clientPermissions(database, collection, input.client_access);
			const special = input.type === 'boolean' ? ['cast-boolean'] : null;
			const dropdown = input.choices
				? {
						interface: 'select-dropdown',
						options: { choices: input.choices.map((value: string) => ({ text: value, value })) },
						display: 'labels',
						display_options: { showAsDot: false },
					}
				: {};
			// Full rights for the one write the checks above allowed.
			const fields = new context.services.FieldsService({ knex: database, schema, accountability: null });
			await fields.createField(collection, {
				field: input.field,
				type: input.type,
				meta: { interface: FIELD_TYPES[input.type as keyof typeof FIELD_TYPES].interface, special, ...dropdown, ...input.meta },
				schema: input.type === 'decimal' ? { numeric_precision: 12, numeric_scale: 2 } : {},
			} as Parameters<typeof fields.createField>[1]);
			const permissions = new context.services.PermissionsService({ knex: database, schema, accountability: null });
			for (const grant of grants) {
				if (!grant.fields.includes('*')) await permissions.updateOne(grant.id, { fields: [...grant.fields, input.field] });
			}
			res.status(201).json({ data: await fields.readOne(collection, input.field) });
		}),
	);
}

/**
 * The Client policy's permissions a new field joins. Only existing ones: a grant never opens a
 * collection (or its row filter) to clients that an administrator has not opened.
 */
async function clientPermissions(database: EndpointExtensionContext['database'], collection: string, actions: string[]) {
	const grants: { id: number; fields: string[] }[] = [];
	for (const action of actions) {
		const row = await database('directus_permissions as p')
			.join('directus_policies as o', 'o.id', 'p.policy')
			.where({ 'o.name': CLIENT_POLICY, 'p.collection': collection, 'p.action': action })
			.first('p.id', 'p.fields');
		if (!row) {
			throw new InvalidInputError({ field: 'client_access', problem: `cannot include "${action}": the ${CLIENT_POLICY} policy may not ${action} ${collection} at all; an administrator grants that first` });
		}
		const fields = typeof row.fields === 'string' ? row.fields.split(',').filter(Boolean) : (row.fields ?? []);
		grants.push({ id: row.id, fields });
	}
	return grants;
}
