// Vocabulary shared by every lifecycle: who may move a status, how, and why.

/**
 * How a transition is started. 'job' rules name the scheduled job; 'cancellation' rules the
 * reason; 'request' rules the one request of our API that may fire them (their `action`), so a
 * plain status write or the generic transition endpoint never can.
 */
export const TRIGGER_KINDS = ['manual', 'request', 'automatic', 'job', 'cancellation'] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

/** Who is asking. 'system' covers scheduled jobs and automatic consequences of other writes. */
export type ActorKind = 'staff' | 'client' | 'system';

export const JOB_NAMES = [
	'withdraw-proposals',
	'enforce-policies',
	'mature-policies',
	'issue-statements',
	'mark-unpaid-installments',
	'lapse-policies',
	'withdraw-master-policies',
	'enforce-master-policies',
	'mature-master-policies',
	'lapse-master-policies',
	'aggregate-master-installments',
] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** Reason types of the policy cancellation flow (`cancellation_requests.reason_type`). */
export const CANCELLATION_REASONS = ['DeclineByScreening', 'Withdrawal', 'Surrender', 'ClosedByClaim'] as const;

/**
 * Reason types of the master policy cancellation flow. A client request lands in
 * WithdrawClientRequest or Cancelled depending on the cooling-off period; a duplicate or an
 * insurer decision always cancels.
 */
export const MASTER_CANCELLATION_REASONS = ['ClientRequest', 'Duplicate', 'InsurerDecision'] as const;

export type CancellationReason =
	| (typeof CANCELLATION_REASONS)[number]
	| (typeof MASTER_CANCELLATION_REASONS)[number];

export const LIFECYCLE_NAMES = ['policy', 'master_policy', 'installment', 'change_request', 'claim'] as const;
export type LifecycleName = (typeof LIFECYCLE_NAMES)[number];

/** Whether a master policy cancellation rule applies inside or outside the cooling-off period. */
export type CoolingOff = 'within' | 'outside';

export interface TransitionRule {
	from: string;
	to: string;
	trigger: TriggerKind;
	/** trigger 'job': the named job that fires it. */
	job?: JobName;
	/** trigger 'cancellation': the reason type that leads here. */
	reasonType?: CancellationReason;
	/** trigger 'cancellation' on master policies: only inside / outside the cooling-off period. */
	coolingOff?: CoolingOff;
	/** trigger 'cancellation': the system may start it too (ClosedByClaim when coverage runs out). */
	systemMayStart?: boolean;
	/**
	 * trigger 'manual', 'request' and 'cancellation': the right a person needs to start it, the
	 * `action` of a `transition_permissions` grant (usually the action itself). Who holds it is
	 * data: the access policies granted it.
	 */
	right?: string;
	/**
	 * trigger 'manual': the verb an endpoint or a button exposes (e.g. 'register', 'approve');
	 * trigger 'request': the name of the only request that fires it (e.g. 'quote-and-bind').
	 */
	action?: string;
	/** Short text for documentation and the dashboard diagram. */
	description: string;
}

export interface Lifecycle {
	name: LifecycleName;
	/** Human label, e.g. 'master policy'. */
	label: string;
	collections: readonly string[];
	statuses: readonly string[];
	initial: string;
	final: readonly string[];
	/** Reason types its cancellation flow accepts (empty: no cancellation flow). */
	cancellationReasons: readonly CancellationReason[];
	transitions: readonly TransitionRule[];
}

/**
 * The rights a person holds on one lifecycle: the actions granted to their access policies,
 * or 'all' (an administrator, or an extension acting with full access).
 */
export type Rights = 'all' | readonly string[];

/** Who asks for a transition, and through which trigger. */
export interface TransitionRequest {
	trigger: TriggerKind;
	actor: ActorKind;
	/** A person's rights on the item's lifecycle; none when absent. */
	rights?: Rights;
	job?: string;
	reasonType?: string;
	/** For trigger 'request': the request being served. */
	action?: string;
}

export type RefusalCode = 'UNKNOWN_STATUS' | 'NOT_IN_TABLE' | 'TRIGGER_NOT_ALLOWED' | 'ACTOR_NOT_ALLOWED';

export type TransitionCheck =
	| { ok: true; rule: TransitionRule }
	| { ok: false; code: RefusalCode; allowedTargets: string[] };

export type CancellationRefusalCode = 'UNKNOWN_STATUS' | 'UNKNOWN_REASON' | 'NOT_CANCELLABLE' | 'COOLING_OFF_REQUIRED';

export interface CancellationContext {
	/** Decided by the caller from the product's cooling_off_days; only master policies need it. */
	withinCoolingOff?: boolean;
}

export type CancellationResolution =
	| { ok: true; to: string; rule: TransitionRule }
	| { ok: false; code: CancellationRefusalCode; message: string };
