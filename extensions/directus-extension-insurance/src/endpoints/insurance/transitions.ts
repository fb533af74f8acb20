// POST /insurance/{policies|master-policies}/:id/transition and /cancel, the master policy
// quote-and-bind, and /insurance/change-requests/:id/{register|accept|decline|cancel}.
// Each reads the item, asks the domain where it may go, and moves it through the engine.
import Joi from 'joi';
import type { Knex } from 'knex';
import type { Router } from 'express';
import type { EndpointExtensionContext } from '@directus/extensions';
import { DateTime } from 'luxon';
import { lifecycles, resolveCancellation, ruleForAction, type Lifecycle } from '../../domain/lifecycles';
import { isWithinCoolingOff } from '../../domain/rules/cooling-off';
import { actorOf } from '../../data/actor';
import { dateValue, isoDate } from '../../data/values';
import { platformFor, withTransitions } from '../../data/engine';
import { readStatuses } from '../../data/transitions';
import { BusinessRuleError, InvalidInputError, ItemNotFoundError } from '../../errors';
import { requireUser, route, validate, type Handler } from './http';

const id = Joi.object({ id: Joi.number().integer().positive().required() }).unknown(true);
export const isoDateSchema = Joi.string()
	.pattern(/^\d{4}-\d{2}-\d{2}$/)
	.custom((value: string, helpers) => (DateTime.fromISO(value).isValid ? value : helpers.error('any.invalid')))
	.messages({ 'string.pattern.base': 'must be a date as YYYY-MM-DD', 'any.invalid': 'is not a calendar date' });

interface Target {
	collection: 'policies' | 'master_policies';
	path: string;
	lifecycle: Lifecycle;
}
const TARGETS: Target[] = [
	{ collection: 'policies', path: 'policies', lifecycle: lifecycles.policy },
	{ collection: 'master_policies', path: 'master-policies', lifecycle: lifecycles.master_policy },
];

export function registerTransitions(router: Router, context: EndpointExtensionContext) {
	const { database } = context;

	/** Reads the item's status as the caller sees it: invisible items are "not found". */
	async function currentStatus(collection: string, item: number, req: Parameters<Handler>[0]) {
		const visible = await new context.services.ItemsService(collection, { knex: database, schema: req.schema, accountability: requireUser(req) }).readByQuery({
			filter: { id: { _eq: item } },
			fields: ['id'],
			limit: 1,
		});
		const seen = await readStatuses(database, collection, [item]);
		if (visible.length === 0 || !seen.has(String(item))) throw new ItemNotFoundError({ collection, item: String(item) });
		return seen;
	}

	/** Moves one item; `record` writes what documents the move, in the same transaction. */
	const move = async (
		collection: string,
		item: number,
		to: string,
		command: { trigger: 'manual' | 'cancellation'; reasonType?: string; reason?: string | null; fields?: Record<string, unknown> },
		req: Parameters<Handler>[0],
		seen: Map<string, string>,
		record?: (trx: Knex.Transaction) => Promise<unknown>,
	) => {
		const actor = await actorOf(requireUser(req), database);
		const from = seen.get(String(item))!;
		return withTransitions(platformFor(context, req.schema), database, async (session) => {
			await session.transition({ collection, keys: [item], to, actor, expected: seen, requireChange: true, ...command });
			await record?.(session.trx);
			return { item, from, to };
		});
	};

	for (const { collection, path, lifecycle } of TARGETS) {
		router.post(
			`/${path}/:id/transition`,
			route(async (req, res) => {
				const { id: item } = validate(id, req.params);
				const body = validate(
					Joi.object({ to: Joi.string().valid(...lifecycle.statuses).required(), reason: Joi.string().max(2000).allow('', null) }),
					req.body,
				);
				const seen = await currentStatus(collection, item, req);
				const result = await move(collection, item, body.to, { trigger: 'manual', reason: body.reason ?? null, fields: body.reason ? { status_reason: body.reason } : {} }, req, seen);
				res.json({ data: result });
			}),
		);

		router.post(
			`/${path}/:id/cancel`,
			route(async (req, res) => {
				const { id: item } = validate(id, req.params);
				const body = validate(
					Joi.object({
						reason_type: Joi.string().valid(...lifecycle.cancellationReasons).required(),
						effective_date: isoDateSchema.required(),
						note: Joi.string().max(2000).allow('', null),
					}),
					req.body,
				);
				const seen = await currentStatus(collection, item, req);
				const row = await database(collection).where('id', item).first();
				const withinCoolingOff = collection === 'master_policies' ? await masterWithinCoolingOff(row, body.effective_date) : undefined;
				const resolution = resolveCancellation(lifecycle, seen.get(String(item))!, body.reason_type, { withinCoolingOff });
				if (!resolution.ok) throw new BusinessRuleError({ reason: `${collection} ${item}: ${resolution.message}` });

				const reason = `${body.reason_type}${body.note ? `: ${body.note}` : ''}`;
				const endDate = isoDate(row.end_date) > body.effective_date ? body.effective_date : isoDate(row.end_date);
				const command = { trigger: 'cancellation' as const, reasonType: body.reason_type, reason, fields: { status_reason: reason, end_date: endDate } };
				const result = await move(collection, item, resolution.to, command, req, seen, (trx) =>
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
				res.json({ data: { ...result, reason_type: body.reason_type, effective_date: body.effective_date } });
			}),
		);
	}

	async function masterWithinCoolingOff(master: { product: number; begin_date: string | Date }, requestDate: string) {
		const product = await database('products').where('id', master.product).first('cooling_off_days');
		const settings = await database('insurance_settings').first('cooling_off_days');
		return isWithinCoolingOff(isoDate(master.begin_date), product?.cooling_off_days ?? settings?.cooling_off_days ?? 0, requestDate);
	}

	/** Named actions of the tables: quote-and-bind, and the change request buttons. */
	const actions: [string, string, Lifecycle][] = [
		['master-policies', 'master_policies', lifecycles.master_policy],
		['change-requests', 'policy_change_requests', lifecycles.change_request],
	];
	for (const [path, collection, lifecycle] of actions) {
		const verbs = [...new Set(lifecycle.transitions.flatMap((r) => (r.action ? [r.action] : [])))];
		router.post(
			`/${path}/:id/:action(${verbs.join('|')})`,
			route(async (req, res) => {
				const { id: item } = validate(id, req.params);
				const body = validate(Joi.object({ reason: Joi.string().max(2000).allow('', null) }), req.body);
				const seen = await currentStatus(collection, item, req);
				const from = seen.get(String(item))!;
				const action = String(req.params['action']);
				const rule = ruleForAction(lifecycle, from, action);
				if (!rule) {
					const possible = lifecycle.transitions.filter((r) => r.from === from && r.action).map((r) => r.action);
					throw new InvalidInputError({ field: 'action', problem: `"${action}" is not possible on ${collection} ${item} in status ${from}; possible: ${possible.join(', ') || 'none'}` });
				}
				const result = await move(collection, item, rule.to, { trigger: 'manual', reason: body.reason ?? null }, req, seen);
				res.json({ data: { ...result, action } });
			}),
		);
	}
}
