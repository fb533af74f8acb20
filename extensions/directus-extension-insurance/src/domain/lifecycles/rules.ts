// Pure decisions over the lifecycle tables: may this actor move this item from A to B,
// where does a cancellation lead, and how a refusal reads.
import { lifecycles } from './tables';
import type {
	CancellationContext,
	CancellationRefusalCode,
	CancellationResolution,
	Lifecycle,
	RefusalCode,
	Rights,
	TransitionCheck,
	TransitionRequest,
	TransitionRule,
} from './types';

const byCollection = new Map<string, Lifecycle>(
	Object.values(lifecycles).flatMap((lc) => lc.collections.map((collection) => [collection, lc] as const)),
);

/** The lifecycle governing a collection's `status` field, if it has one. */
export function lifecycleForCollection(collection: string): Lifecycle | undefined {
	return byCollection.get(collection);
}

export function isFinal(lc: Lifecycle, status: string): boolean {
	return lc.final.includes(status);
}

function triggerMatches(rule: TransitionRule, by: TransitionRequest): boolean {
	if (rule.trigger !== by.trigger) return false;
	if (rule.trigger === 'job') return rule.job === by.job;
	if (rule.trigger === 'cancellation') return rule.reasonType === by.reasonType;
	if (rule.trigger === 'request') return rule.action === by.action;
	return true;
}

/** Whether `rights` include `right`. */
export function holds(rights: Rights | undefined, right: string | undefined): boolean {
	return right !== undefined && (rights === 'all' || (rights?.includes(right) ?? false));
}

function actorMayFire(rule: TransitionRule, by: TransitionRequest): boolean {
	switch (rule.trigger) {
		// Jobs and consequences of other writes are the system's alone, even for an Administrator:
		// a person must not fake a payment or a nightly run by writing a status.
		case 'automatic':
		case 'job':
			return by.actor === 'system';
		// A person, client or staff, fires what their access policies were granted.
		case 'manual':
		case 'request':
			return by.actor !== 'system' && holds(by.rights, rule.right);
		case 'cancellation':
			if (by.actor === 'system') return rule.systemMayStart === true;
			return holds(by.rights, rule.right);
	}
}

/** Statuses this actor, with this trigger, could move an item to from `from` (in table order). */
export function allowedTargets(lc: Lifecycle, from: string, by: TransitionRequest): string[] {
	const reachable = new Set(
		lc.transitions.filter((r) => r.from === from && triggerMatches(r, by) && actorMayFire(r, by)).map((r) => r.to),
	);
	return lc.statuses.filter((status) => reachable.has(status));
}

/**
 * Whether `by` may move an item from `from` to `to`. A write that leaves the status unchanged
 * is not a transition: callers skip the check for it (it reads as NOT_IN_TABLE here).
 * Business conditions (dates, amounts, cooling-off) are the caller's; this checks the table.
 */
export function checkTransition(lc: Lifecycle, from: string, to: string, by: TransitionRequest): TransitionCheck {
	const refuse = (code: RefusalCode): TransitionCheck => ({ ok: false, code, allowedTargets: allowedTargets(lc, from, by) });
	if (!lc.statuses.includes(from) || !lc.statuses.includes(to)) return refuse('UNKNOWN_STATUS');
	const edge = lc.transitions.filter((r) => r.from === from && r.to === to);
	if (edge.length === 0) return refuse('NOT_IN_TABLE');
	const sameTrigger = edge.filter((r) => triggerMatches(r, by));
	if (sameTrigger.length === 0) return refuse('TRIGGER_NOT_ALLOWED');
	const rule = sameTrigger.find((r) => actorMayFire(r, by));
	return rule ? { ok: true, rule } : refuse('ACTOR_NOT_ALLOWED');
}

/**
 * Whether an item may be created in `status`: the initial status always, or a status one
 * allowed step away (e.g. an integrator posting a claim straight as Submitted); `via` is then
 * the rule to record in the history.
 */
export function checkCreation(
	lc: Lifecycle,
	status: string,
	by: TransitionRequest,
): { ok: true; via?: TransitionRule } | { ok: false; code: RefusalCode; allowedTargets: string[] } {
	if (status === lc.initial) return { ok: true };
	const step = checkTransition(lc, lc.initial, status, by);
	if (step.ok) return { ok: true, via: step.rule };
	return { ok: false, code: step.code, allowedTargets: [lc.initial, ...step.allowedTargets] };
}

/** The rights a lifecycle knows (the grantable actions of transition_permissions), in table order. */
export function rightsOf(lc: Lifecycle): string[] {
	return [...new Set(lc.transitions.flatMap((r) => (r.right ? [r.right] : [])))];
}

/** The manual or request rule behind an action verb (endpoint or button) from a given status. */
export function ruleForAction(lc: Lifecycle, from: string, action: string): TransitionRule | undefined {
	return lc.transitions.find((r) => (r.trigger === 'manual' || r.trigger === 'request') && r.from === from && r.action === action);
}

/**
 * The `status_history.trigger` value: the job's name for jobs, the request's name for
 * requests (e.g. 'quote-and-bind'), the trigger kind otherwise.
 */
export function historyTrigger(rule: TransitionRule): string {
	if (rule.trigger === 'job' && rule.job) return rule.job;
	if (rule.trigger === 'request' && rule.action) return rule.action;
	return rule.trigger;
}

/**
 * Where a cancellation with `reasonType` takes an item in `from`. Master policy client requests
 * depend on the cooling-off period, which the caller decides (dates stay out of this module).
 */
export function resolveCancellation(
	lc: Lifecycle,
	from: string,
	reasonType: string,
	ctx: CancellationContext = {},
): CancellationResolution {
	const fail = (code: CancellationRefusalCode, message: string): CancellationResolution => ({ ok: false, code, message });
	if (!lc.statuses.includes(from)) return fail('UNKNOWN_STATUS', `unknown ${lc.label} status "${from}"`);
	if (!lc.cancellationReasons.some((r) => r === reasonType)) {
		return fail(
			'UNKNOWN_REASON',
			lc.cancellationReasons.length === 0
				? `a ${lc.label} has no cancellation flow`
				: `reason_type "${reasonType}" is not a ${lc.label} cancellation reason; expected one of: ${lc.cancellationReasons.join(', ')}`,
		);
	}
	const forReason = lc.transitions.filter((r) => r.trigger === 'cancellation' && r.reasonType === reasonType);
	const candidates = forReason.filter((r) => r.from === from);
	if (candidates.length === 0) {
		const possibleFrom = [...new Set(forReason.map((r) => r.from))].join(', ');
		return fail('NOT_CANCELLABLE', `a ${lc.label} in "${from}" cannot be cancelled with reason_type "${reasonType}"; only from: ${possibleFrom}`);
	}
	if (candidates.some((r) => r.coolingOff) && ctx.withinCoolingOff === undefined) {
		return fail('COOLING_OFF_REQUIRED', `reason_type "${reasonType}" needs to know whether the ${lc.label} is within its cooling-off period`);
	}
	const period = ctx.withinCoolingOff ? 'within' : 'outside';
	const rule = candidates.find((r) => r.coolingOff === undefined || r.coolingOff === period);
	// The tables give exactly one rule per status, reason and period (tested); guard anyway.
	if (!rule) return fail('NOT_CANCELLABLE', `a ${lc.label} in "${from}" cannot be cancelled with reason_type "${reasonType}" ${period} the cooling-off period`);
	return { ok: true, to: rule.to, rule };
}

/** The message of a refused status write, naming collection, item, both statuses and the way out. */
export function describeRefusal(collection: string, item: string | number, from: string, to: string, allowed: readonly string[]): string {
	return `${collection} ${item}: transition from "${from}" to "${to}" is not allowed; allowed targets: ${allowed.length ? allowed.join(', ') : 'none'}`;
}

/** What is wrong with a grant (transition_permissions row) of `action` on `lifecycle`, or null. */
export function grantProblem(lifecycle: unknown, action: unknown): { field: 'lifecycle' | 'action'; problem: string } | null {
	const lc = typeof lifecycle === 'string' && Object.hasOwn(lifecycles, lifecycle) ? lifecycles[lifecycle as keyof typeof lifecycles] : undefined;
	if (!lc) return { field: 'lifecycle', problem: `must be one of ${Object.keys(lifecycles).join(', ')}` };
	const rights = rightsOf(lc);
	if (typeof action !== 'string' || !rights.includes(action)) {
		return { field: 'action', problem: rights.length ? `must be a right of the ${lc.label} lifecycle: ${rights.join(', ')}` : `cannot be granted: no person starts a move of the ${lc.label} lifecycle` };
	}
	return null;
}
