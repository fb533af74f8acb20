// POST /insurance/claims (intake from the portal, the call center and integrators), the
// claim actions of the lifecycle table (/insurance/claims/:id/<verb>), the conversation
// (/insurance/claims/:id/messages) and the overdue check on demand. Thin: validate, call
// data/claims, answer with the claim as the caller may read it.
import Joi from 'joi';
import type { Router } from 'express';
import type { EndpointExtensionContext } from '@directus/extensions';
import { ForbiddenError } from '@directus/errors';
import { CLAIM_CHANNELS } from '../../domain/claims';
import { actorOf } from '../../data/actor';
import { fileClaim } from '../../data/claims/intake';
import { claimLinesSchema, lineDecisionsSchema, optionalText, text } from '../../data/claims/intake-schema';
import { escalateOverdue } from '../../data/claims/notify';
import { CLAIM_ACTIONS, performAction, postMessage, type ActionInput } from '../../data/claims/review';
import { platformFor } from '../../data/engine';
import { idParams, isoDay, itemId, requireUser, route, validate, visibleStatus, type Handler } from './http';


export const intakeSchema = Joi.object({
	policy: itemId.required(),
	client: itemId,
	channel: Joi.string().valid(...CLAIM_CHANNELS),
	// The same line rules as the item API's filters (data/claims/intake-schema.ts); fields a
	// business admin added are checked against the caller's grants by the intake.
	lines: claimLinesSchema.required(),
}).unknown(true);

export const reasonOnly = Joi.object({ reason: optionalText(2000) });
export const actionSchemas: Record<string, Joi.ObjectSchema> = {
	'request-information': Joi.object({ message: text(5000).required() }),
	approve: Joi.object({
		lines: lineDecisionsSchema,
		decision_note: optionalText(5000),
	}),
	reject: Joi.object({ decision_note: text(5000).required() }),
	pay: Joi.object({ payment_reference: text(80).required() }),
};
export const escalateSchema = Joi.object({ as_of: isoDay });
export const messageSchema = Joi.object({ body: text(5000).required() });

export function registerClaims(router: Router, context: EndpointExtensionContext) {
	const { database } = context;
	type Req = Parameters<Handler>[0];

	/** The claim with its lines and conversation, as the caller may read it. */
	async function readClaim(id: number, req: Req) {
		return new context.services.ItemsService('claims', { knex: database, schema: req.schema, accountability: req.accountability }).readOne(id, { fields: ['*', 'lines.*', 'messages.*'] });
	}

	router.post(
		'/claims',
		route(async (req, res) => {
			const accountability = requireUser(req);
			const body = validate(intakeSchema, req.body);
			const id = await fileClaim(platformFor(context, req.schema), await actorOf(accountability, database), body);
			res.status(201).json({ data: await readClaim(id, req) });
		}),
	);

	router.post(
		'/claims/escalate-overdue',
		route(async (req, res) => {
			if (!requireUser(req).admin) throw new ForbiddenError();
			const body = validate(escalateSchema, req.body);
			res.json({ data: { escalated: await escalateOverdue(context, body.as_of) } });
		}),
	);

	router.post(
		'/claims/:id/messages',
		route(async (req, res) => {
			const accountability = requireUser(req);
			const { id } = validate(idParams, req.params);
			const body = validate(messageSchema, req.body);
			const seen = await visibleStatus(context, 'claims', id, req);
			await postMessage(platformFor(context, req.schema), await actorOf(accountability, database), id, body.body, seen);
			const messages = await new context.services.ItemsService('claim_messages', { knex: database, schema: req.schema, accountability }).readByQuery({ filter: { claim: { _eq: id } }, sort: ['id'], limit: -1 });
			res.status(201).json({ data: messages });
		}),
	);

	router.post(
		`/claims/:id/:action(${CLAIM_ACTIONS.join('|')})`,
		route(async (req, res) => {
			const accountability = requireUser(req);
			const { id } = validate(idParams, req.params);
			const action = String(req.params['action']);
			const body = validate<ActionInput>(actionSchemas[action] ?? reasonOnly, req.body);
			const seen = await visibleStatus(context, 'claims', id, req);
			await performAction(platformFor(context, req.schema), await actorOf(accountability, database), id, action, body, seen);
			res.json({ data: await readClaim(id, req) });
		}),
	);
}
