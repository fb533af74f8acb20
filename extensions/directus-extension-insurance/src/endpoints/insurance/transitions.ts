// POST /insurance/{policies|master-policies}/:id/transition and /cancel, the master policy
// quote-and-bind, and /insurance/change-requests/:id/{register|accept|decline|cancel}.
// Each reads the item, asks the domain where it may go, and moves it through the engine; the
// same moves serve POST /insurance/:collection/:id/actions/:action (actions.ts).
import Joi from 'joi';
import type { Knex } from 'knex';
import type { Router } from 'express';
import type { EndpointExtensionContext } from '@directus/extensions';
import { lifecycleForCollection, lifecycles, resolveCancellation, ruleForAction, type Lifecycle } from '../../domain/lifecycles';
import { isWithinCoolingOff } from '../../domain/rules/cooling-off';
import { actorOf } from '../../data/actor';
import { dateValue, isoDate } from '../../data/values';
import { platformFor, withTransitions } from '../../data/engine';
import { BusinessRuleError, InvalidInputError } from '../../errors';
import { idParams, isoDay, requireUser, route, validate, visibleStatus, type Handler } from './http';

const reason = Joi.string().max(2000).allow('', null);
export const transitionBody = (lifecycle: Lifecycle) => Joi.object({ to: Joi.string().valid(...lifecycle.statuses).required(), reason });
export const cancellationBody = (lifecycle: Lifecycle) =>
	Joi.object({
		reason_type: Joi.string().valid(...lifecycle.cancellationReasons).required(),
		effective_date: isoDay.required(),
		note: Joi.string().max(2000).allow('', null),
	});
export const actionBody = Joi.object({ reason });
/** The named actions of a lifecycle table, the verbs of its action route. */
export const actionsOf = (lifecycle: Lifecycle) => [...new Set(lifecycle.transitions.flatMap((rule) => (rule.action ? [rule.action] : [])))];

interface Target {
	collection: 'policies' | 'master_policies';
	path: string;
	lifecycle: Lifecycle;
}
const TARGETS: Target[] = [
	{ collection: 'policies', path: 'policies', lifecycle: lifecycles.policy },
	{ collection: 'master_policies', path: 'master-policies', lifecycle: lifecycles.master_policy },
];

type Req = Parameters<Handler>[0];
export type MoveCommand = { trigger: 'manual' | 'request' | 'cancellation'; reasonType?: string; action?: string; reason?: string | null; fields?: Record<string, unknown> };

/** Moves one item the caller sees in `seen`; `record` writes what documents the move, in the same transaction. */
export async function moveItem(
	context: EndpointExtensionContext,
	req: Req,
	collection: string,
	item: number,
	to: string,
	command: MoveCommand,
	seen: Map<string, string>,
	record?: (trx: Knex.Transaction) => Promise<unknown>,
) {
	const { database } = context;
	const actor = await actorOf(requireUser(req), database);
	const from = seen.get(String(item))!;
	return withTransitions(platformFor(context, req.schema), database, async (session) => {
		await session.transition({ collection, keys: [item], to, actor, expected: seen, requireChange: true, ...command });
		await record?.(session.trx);
		return { item, from, to };
	});
}

export type CancellationBody = { reason_type: string; effective_date: string; note?: string | null };

/** Cancels a policy or master policy: the reason type (and the cooling-off period) decide its final status. */
export async function cancelItem(context: EndpointExtensionContext, req: Req, collection: 'policies' | 'master_policies', item: number, body: CancellationBody, seen: Map<string, string>) {
	const { database } = context;
	const lifecycle = lifecycleForCollection(collection)!;
	const row = await database(collection).where('id', item).first();
	const withinCoolingOff = collection === 'master_policies' ? await masterWithinCoolingOff(database, row, body.effective_date) : undefined;
	const resolution = resolveCancellation(lifecycle, seen.get(String(item))!, body.reason_type, { withinCoolingOff });
	if (!resolution.ok) throw new BusinessRuleError({ reason: `${collection} ${item}: ${resolution.message}` });

	const reason = `${body.reason_type}${body.note ? `: ${body.note}` : ''}`;
	const endDate = isoDate(row.end_date) > body.effective_date ? body.effective_date : isoDate(row.end_date);
	const command = { trigger: 'cancellation' as const, reasonType: body.reason_type, reason, fields: { status_reason: reason, end_date: endDate } };
	const result = await moveItem(context, req, collection, item, resolution.to, command, seen, (trx) =>
		trx('cancellation_requests').insert({
			[collection === 'policies' ? 'policy' : 'master_policy']: item,
			reason_type: body.reason_type,
			effective_date: dateValue(trx, body.effective_date),
			note: body.note ?? null,
			resulting_status: resolution.to,
			user_created: req.accountability?.user ?? null,
			date_created: new Date(),
		}),
	);
	return { ...result, reason_type: body.reason_type, effective_date: body.effective_date };
}

async function masterWithinCoolingOff(database: Knex, master: { product: number; begin_date: string | Date }, requestDate: string) {
	const product = await database('products').where('id', master.product).first('cooling_off_days');
	const settings = await database('insurance_settings').first('cooling_off_days');
	return isWithinCoolingOff(isoDate(master.begin_date), product?.cooling_off_days ?? settings?.cooling_off_days ?? 0, requestDate);
}

/** A named action of a lifecycle table on one item (the request rule quote-and-bind, the change request buttons...). */
export async function fireAction(context: EndpointExtensionContext, req: Req, collection: string, item: number, action: string, reason: string | null, seen: Map<string, string>, fields: Record<string, unknown> = {}) {
	const lifecycle = lifecycleForCollection(collection)!;
	const from = seen.get(String(item))!;
	const rule = ruleForAction(lifecycle, from, action);
	if (!rule) {
		const possible = lifecycle.transitions.filter((r) => r.from === from && r.action).map((r) => r.action);
		throw new InvalidInputError({ field: 'action', problem: `"${action}" is not possible on ${collection} ${item} in status ${from}; possible: ${possible.join(', ') || 'none'}` });
	}
	// A request rule (quote-and-bind) is fired by its own request only, never by a status write.
	const trigger = rule.trigger === 'request' ? 'request' : 'manual';
	const result = await moveItem(context, req, collection, item, rule.to, { trigger, action, reason, fields }, seen);
	return { ...result, action };
}

export function registerTransitions(router: Router, context: EndpointExtensionContext) {
	for (const { collection, path, lifecycle } of TARGETS) {
		router.post(
			`/${path}/:id/transition`,
			route(async (req, res) => {
				const { id: item } = validate(idParams, req.params);
				const body = validate(transitionBody(lifecycle), req.body);
				const seen = await visibleStatus(context, collection, item, req);
				const result = await moveItem(context, req, collection, item, body.to, { trigger: 'manual', reason: body.reason ?? null, fields: body.reason ? { status_reason: body.reason } : {} }, seen);
				res.json({ data: result });
			}),
		);

		router.post(
			`/${path}/:id/cancel`,
			route(async (req, res) => {
				const { id: item } = validate(idParams, req.params);
				const body = validate(cancellationBody(lifecycle), req.body);
				const seen = await visibleStatus(context, collection, item, req);
				res.json({ data: await cancelItem(context, req, collection, item, body, seen) });
			}),
		);
	}

	/** Named actions of the tables: the quote-and-bind request, and the change request buttons. */
	const actions: [string, string, Lifecycle][] = [
		['master-policies', 'master_policies', lifecycles.master_policy],
		['change-requests', 'policy_change_requests', lifecycles.change_request],
	];
	for (const [path, collection, lifecycle] of actions) {
		router.post(
			`/${path}/:id/:action(${actionsOf(lifecycle).join('|')})`,
			route(async (req, res) => {
				const { id: item } = validate(idParams, req.params);
				const body = validate(actionBody, req.body);
				const seen = await visibleStatus(context, collection, item, req);
				res.json({ data: await fireAction(context, req, collection, item, String(req.params['action']), body.reason ?? null, seen) });
			}),
		);
	}
}
