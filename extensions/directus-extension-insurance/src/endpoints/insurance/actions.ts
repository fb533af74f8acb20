// GET /insurance/:collection/:id/actions: what the caller may do on that item now, each action
// with its label and the inputs its dialog asks for; POST /insurance/:collection/:id/actions/:action
// performs one. Both read the lifecycle table, the item's status and the caller's grants
// (transition_permissions); performing goes through the code of the specific endpoints, which
// stay, and so through the one transition path. An action's inputs are described from the very
// joi schema its body is validated with.
import Joi from 'joi';
import type { Router } from 'express';
import type { EndpointExtensionContext } from '@directus/extensions';
import type { SchemaOverview } from '@directus/types';
import { fromCents } from '../../domain/billing';
import { approvalOutcome } from '../../domain/claims';
import { actionNames, CANCEL_RIGHT, holds, lifecycleForCollection, offeredActions, rulesForAction, type Lifecycle, type OfferedAction } from '../../domain/lifecycles';
import { actorOf, rightsOn, type Actor } from '../../data/actor';
import { approvalForecast } from '../../data/claims/decisions';
import { performAction, type ActionInput } from '../../data/claims/review';
import { platformFor } from '../../data/engine';
import { readStatuses } from '../../data/transitions';
import { ActionNotAllowedError, ActionNotGrantedError, UnknownActionError } from '../../errors';
import { actionSchemas, reasonOnly } from './claims';
import { itemId, requireUser, route, validate, visibleStatus, type Handler } from './http';
import { actionBody, cancelItem, cancellationBody, fireAction, type CancellationBody } from './transitions';

/** The collections whose items have a lifecycle (installments: no action of a person yet). */
export const ACTION_COLLECTIONS = ['policies', 'master_policies', 'installments', 'master_installments', 'policy_change_requests', 'claims', 'refunds'] as const;
type ActionCollection = (typeof ACTION_COLLECTIONS)[number];

export const itemParams = Joi.object({
	collection: Joi.string()
		.valid(...ACTION_COLLECTIONS)
		.required(),
	id: itemId.required(),
}).unknown(true);
const actionParam = Joi.object({ action: Joi.string().max(64).required() }).unknown(true);

/** Paying a refund: the bank transfer's reference, as a status write to Paid requires it. */
const refundPayment = Joi.object({ payment_reference: Joi.string().trim().min(1).max(80).required() });

const hasCancellationFlow = (lifecycle: Lifecycle) => lifecycle.cancellationReasons.length > 0;

/** The joi schema an action's body is validated with: the specific endpoint's own. */
export function actionBodySchema(collection: ActionCollection, action: string): Joi.ObjectSchema {
	if (collection === 'claims') return actionSchemas[action] ?? reasonOnly;
	if (collection === 'refunds') return refundPayment;
	const lifecycle = lifecycleForCollection(collection)!;
	if (action === CANCEL_RIGHT && hasCancellationFlow(lifecycle)) return cancellationBody(lifecycle);
	return actionBody;
}

/** Every action route, for the OpenAPI document. */
export function actionRoutes() {
	return ACTION_COLLECTIONS.flatMap((collection) =>
		actionNames(lifecycleForCollection(collection)!).map((action) => ({ collection, action, path: `/insurance/${collection}/{id}/actions/${action}`, body: actionBodySchema(collection, action) })),
	);
}

export interface ActionInputDescription {
	name: string;
	label: string;
	/** text: several lines; list: one entry per item, each with `fields`. */
	type: 'string' | 'text' | 'date' | 'amount' | 'integer' | 'choice' | 'list';
	required: boolean;
	maxLength?: number;
	choices?: { value: string; label: string; to?: string | null }[];
	fields?: ActionInputDescription[];
}

interface JoiDescription {
	type?: string;
	flags?: { presence?: string; only?: boolean };
	allow?: unknown[];
	rules?: { name: string; args?: { limit?: number } }[];
	metas?: Record<string, unknown>[];
	keys?: Record<string, JoiDescription>;
	items?: JoiDescription[];
}

const INPUT_LABELS: Record<string, string> = { id: 'Line', lines: 'Line decisions', reason_type: 'Reason type' };
/** 'decision_note' → 'Decision note'; 'DeclineByScreening' → 'Decline by screening'. */
const humanize = (name: string) => {
	const words = name.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
	return words.charAt(0).toUpperCase() + words.slice(1);
};

/** What a dialog asks for, read from the joi schema of the body. */
export function inputsOf(schema: Joi.ObjectSchema): ActionInputDescription[] {
	const describe = (name: string, d: JoiDescription): ActionInputDescription => {
		const base = { name, label: INPUT_LABELS[name] ?? humanize(name), required: d.flags?.presence === 'required' };
		if (d.type === 'array') return { ...base, type: 'list', fields: fieldsOf(d.items?.[0]) };
		if (d.type === 'number') return { ...base, type: 'integer' };
		if (d.type === 'any') return { ...base, type: 'amount' };
		const values = (d.allow ?? []).filter((value): value is string => typeof value === 'string' && value !== '');
		if (d.flags?.only) return { ...base, type: 'choice', choices: values.map((value) => ({ value, label: humanize(value) })) };
		if (d.metas?.some((meta) => meta['format'] === 'date')) return { ...base, type: 'date' };
		const maxLength = d.rules?.find((rule) => rule.name === 'max')?.args?.limit;
		return { ...base, type: maxLength !== undefined && maxLength > 255 ? 'text' : 'string', ...(maxLength !== undefined ? { maxLength } : {}) };
	};
	const fieldsOf = (d: JoiDescription | undefined) => Object.entries(d?.keys ?? {}).map(([name, child]) => describe(name, child));
	return fieldsOf(schema.describe() as JoiDescription);
}

export interface AvailableAction {
	action: string;
	/** Where it leads as the item stands; null when its inputs decide (a cancellation's reason type). */
	to: string | null;
	label: string;
	description: string;
	inputs: ActionInputDescription[];
}

/** The actions `actor` may perform on the item now, with what each needs. */
async function availableActions(context: EndpointExtensionContext, collection: ActionCollection, id: number, from: string, actor: Actor): Promise<AvailableAction[]> {
	const lifecycle = lifecycleForCollection(collection)!;
	const rights = rightsOn(actor, lifecycle.name);
	const described: AvailableAction[] = [];
	for (const offer of offeredActions(lifecycle, from, rights)) {
		const inputs = inputsOf(actionBodySchema(collection, offer.action)).map((input) => (input.name === 'reason_type' && offer.reasons ? { ...input, choices: reasonChoices(offer) } : input));
		described.push({ action: offer.action, to: offer.to, label: offer.label, description: offer.description, inputs, ...(await claimApproval(context, collection, id, from, offer, rights)) });
	}
	return described;
}

const reasonChoices = (offer: OfferedAction) => offer.reasons!.map(({ reasonType, to }) => ({ value: reasonType, label: humanize(reasonType), to }));

/** Above the approval limit, an approval by someone who may not decide there refers the claim to a manager. */
async function claimApproval(context: EndpointExtensionContext, collection: string, id: number, from: string, offer: OfferedAction, rights: ReturnType<typeof rightsOn>) {
	if (collection !== 'claims' || offer.action !== 'approve' || from !== 'InReview') return {};
	const { approvedCents, limitCents } = await approvalForecast(context.database, id);
	if (approvalOutcome(approvedCents, limitCents, rights) === 'Approved') return {};
	return { to: 'PendingApproval', description: `Above the approval limit of ${fromCents(limitCents)}: the decision goes to a manager for approval` };
}

/** status_reason holds the reason of a person's move where the collection has one (policies, master policies). */
const statusReason = (schema: SchemaOverview, collection: string, reason: string | null | undefined) =>
	reason && schema.collections[collection]?.fields['status_reason'] ? { status_reason: reason } : {};

export function registerActions(router: Router, context: EndpointExtensionContext) {
	const { database } = context;
	type Req = Parameters<Handler>[0];

	async function itemOf(req: Req) {
		const { collection, id } = validate(itemParams, req.params) as { collection: ActionCollection; id: number };
		const seen = await visibleStatus(context, collection, id, req);
		return { collection, id, seen, from: seen.get(String(id))!, lifecycle: lifecycleForCollection(collection)!, actor: await actorOf(requireUser(req), database) };
	}

	router.get(
		'/:collection/:id/actions',
		route(async (req, res) => {
			const { collection, id, from, actor } = await itemOf(req);
			res.json({ data: await availableActions(context, collection, id, from, actor) });
		}),
	);

	router.post(
		'/:collection/:id/actions/:action',
		route(async (req, res) => {
			const { collection, id } = validate(itemParams, req.params) as { collection: ActionCollection; id: number };
			const { action } = validate(actionParam, req.params);
			const lifecycle = lifecycleForCollection(collection)!;
			const names = actionNames(lifecycle);
			if (!names.includes(action)) throw new UnknownActionError({ collection, action, actions: names });
			const body = validate<Record<string, unknown>>(actionBodySchema(collection, action), req.body);
			const { seen, from, actor } = await itemOf(req);
			const rights = rightsOn(actor, lifecycle.name);
			const rules = rulesForAction(lifecycle, from, action);
			if (rules.length === 0) throw new ActionNotAllowedError({ collection, item: String(id), from, action, possible: offeredActions(lifecycle, from, rights).map((a) => a.action) });
			if (!rules.some((rule) => holds(rights, rule.right))) throw new ActionNotGrantedError({ collection, item: String(id), action });

			if (collection === 'claims') await performAction(platformFor(context, req.schema), actor, id, action, body as ActionInput, seen);
			else if (action === CANCEL_RIGHT && hasCancellationFlow(lifecycle)) await cancelItem(context, req, collection as 'policies' | 'master_policies', id, body as unknown as CancellationBody, seen);
			else {
				const reason = (body['reason'] as string | null | undefined) ?? null;
				const fields = collection === 'refunds' ? { payment_reference: body['payment_reference'] } : statusReason(req.schema, collection, reason);
				await fireAction(context, req, collection, id, action, reason, seen, fields);
			}
			const to = (await readStatuses(database, collection, [id])).get(String(id))!;
			res.json({ data: { item: id, from, to, action } });
		}),
	);
}
