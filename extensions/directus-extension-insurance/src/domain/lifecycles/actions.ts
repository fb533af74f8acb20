// The actions a person may start on an item now, from the lifecycle table, the item's status
// and the person's rights: what the app's buttons and the portal offer, and what
// POST /insurance/:collection/:id/actions/:action accepts.
import { holds, resolveCancellation } from './rules';
import { CANCEL_RIGHT } from './tables';
import type { Lifecycle, Rights, TransitionRule } from './types';

export interface OfferedAction {
	action: string;
	/** Where it leads; null when its inputs decide (a cancellation's reason type). */
	to: string | null;
	label: string;
	description: string;
	/** The cancel action: the reason types possible from this status and where each leads (null: the cooling-off period decides). */
	reasons?: { reasonType: string; to: string | null }[];
}

/** Human labels of the actions, for buttons. */
export const ACTION_LABELS: Readonly<Record<string, string>> = Object.freeze({
	enforce: 'Put in force',
	withdraw: 'Withdraw',
	cancel: 'Cancel',
	'quote-and-bind': 'Quote and bind',
	register: 'Register',
	accept: 'Accept',
	decline: 'Decline',
	submit: 'Submit',
	take: 'Take',
	'request-information': 'Request information',
	'resume-review': 'Resume review',
	approve: 'Approve',
	'refer-to-manager': 'Refer to a manager',
	reject: 'Reject',
	pay: 'Pay',
});

const isNamed = (rule: TransitionRule) => (rule.trigger === 'manual' || rule.trigger === 'request') && rule.action !== undefined;

/** The actions of a lifecycle, in table order: its manual and request actions, and `cancel` where it has a cancellation flow. */
export function actionNames(lc: Lifecycle): string[] {
	const names = lc.transitions.filter(isNamed).map((rule) => rule.action!);
	if (lc.cancellationReasons.length > 0) names.push(CANCEL_RIGHT);
	return [...new Set(names)];
}

/** The rules behind an action from a status, whoever asks (cancel: one per reason type and period). */
export function rulesForAction(lc: Lifecycle, from: string, action: string): TransitionRule[] {
	if (action === CANCEL_RIGHT && lc.cancellationReasons.length > 0) return lc.transitions.filter((rule) => rule.trigger === 'cancellation' && rule.from === from);
	return lc.transitions.filter((rule) => isNamed(rule) && rule.from === from && rule.action === action);
}

/** What holders of `rights` may start on an item in `from`, one entry per action, in table order. */
export function offeredActions(lc: Lifecycle, from: string, rights: Rights): OfferedAction[] {
	const offered: OfferedAction[] = [];
	for (const action of actionNames(lc)) {
		const rules = rulesForAction(lc, from, action).filter((rule) => holds(rights, rule.right));
		if (rules.length === 0) continue;
		const label = ACTION_LABELS[action] ?? action;
		if (rules[0]!.trigger !== 'cancellation') {
			// One rule per status and action (tables.test.ts).
			offered.push({ action, to: rules[0]!.to, label, description: rules[0]!.description });
			continue;
		}
		const reasons = [...new Set(rules.map((rule) => rule.reasonType!))].map((reasonType) => {
			const resolved = [true, false].map((withinCoolingOff) => resolveCancellation(lc, from, reasonType, { withinCoolingOff }));
			const targets = new Set(resolved.map((r) => (r.ok ? r.to : null)));
			return { reasonType, to: targets.size === 1 ? [...targets][0]! : null };
		});
		const targets = new Set(reasons.map((reason) => reason.to));
		offered.push({ action, to: targets.size === 1 ? [...targets][0]! : null, label, description: `Cancel the ${lc.label}; the reason type decides its final status`, reasons });
	}
	return offered;
}
