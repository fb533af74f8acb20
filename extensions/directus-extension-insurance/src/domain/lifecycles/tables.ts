// The lifecycles as data: the one table that guard hooks, jobs, endpoints, the OpenAPI
// document and the dashboard diagram all read. Change a rule here and everything follows.
// Who holds the right to start a rule is data too (transition_permissions), never a role here.
import type { CancellationReason, CoolingOff, JobName, Lifecycle, LifecycleName, TransitionRule } from './types';

export const POLICY_STATUSES = [
	'Proposal',
	'Issued',
	'InForce',
	'Withdraw',
	'Surrendered',
	'WithdrawClientRequest',
	'ClosedByClaim',
	'DeclineScreening',
	'Lapsed',
	'Maturity',
] as const;
export type PolicyStatus = (typeof POLICY_STATUSES)[number];

export const MASTER_POLICY_STATUSES = [
	'Draft',
	'Proposal',
	'Issued',
	'InForce',
	'Withdraw',
	'Cancelled',
	'Lapsed',
	'Maturity',
	'WithdrawClientRequest',
] as const;
export type MasterPolicyStatus = (typeof MASTER_POLICY_STATUSES)[number];

export const INSTALLMENT_STATUSES = ['OnTime', 'StatementIssued', 'Paid', 'Unpaid'] as const;
export type InstallmentStatus = (typeof INSTALLMENT_STATUSES)[number];

export const CHANGE_REQUEST_STATUSES = ['Draft', 'Registered', 'Cancelled', 'Accepted', 'Declined'] as const;
export type ChangeRequestStatus = (typeof CHANGE_REQUEST_STATUSES)[number];

export const CLAIM_STATUSES = [
	'Draft',
	'Submitted',
	'InReview',
	'InformationRequested',
	'PendingApproval',
	'Approved',
	'Rejected',
	'Paid',
	'Withdrawn',
] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** The right behind every cancellation of a lifecycle, whatever its reason type. */
export const CANCEL_RIGHT = 'cancel';
/**
 * The right to decide a claim above its product's approval limit: approve it straight from
 * review, or approve or reject it once it waits in PendingApproval.
 */
export const DECIDE_ABOVE_LIMIT = 'decide-above-limit';

/** Rule builders typed by a lifecycle's statuses, so a misspelt status does not compile. */
function rulesFor<S extends string>() {
	return {
		automatic: (from: S, to: S, description: string): TransitionRule => ({ from, to, trigger: 'automatic', description }),
		job: (from: S, to: S, job: JobName, description: string): TransitionRule => ({ from, to, trigger: 'job', job, description }),
		manual: (from: S, to: S, action: string, description: string, right = action): TransitionRule => ({ from, to, trigger: 'manual', action, right, description }),
		request: (from: S, to: S, action: string, description: string): TransitionRule => ({ from, to, trigger: 'request', action, right: action, description }),
		cancellation: (
			from: S,
			to: S,
			reasonType: CancellationReason,
			description: string,
			extra: { coolingOff?: CoolingOff; systemMayStart?: boolean } = {},
		): TransitionRule => ({ from, to, trigger: 'cancellation', reasonType, right: CANCEL_RIGHT, ...extra, description }),
	};
}

const policy = rulesFor<PolicyStatus>();
const master = rulesFor<MasterPolicyStatus>();
const installment = rulesFor<InstallmentStatus>();
const change = rulesFor<ChangeRequestStatus>();
const claim = rulesFor<ClaimStatus>();

const AGGREGATE: JobName = 'aggregate-master-installments';

function deepFreeze<T>(value: T): T {
	if (value && typeof value === 'object' && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const inner of Object.values(value)) deepFreeze(inner);
	}
	return value;
}

export const lifecycles: Record<LifecycleName, Lifecycle> = deepFreeze({
	policy: {
		name: 'policy',
		label: 'policy',
		collections: ['policies'],
		statuses: POLICY_STATUSES,
		initial: 'Proposal',
		final: ['Withdraw', 'Surrendered', 'WithdrawClientRequest', 'ClosedByClaim', 'DeclineScreening', 'Lapsed', 'Maturity'],
		cancellationReasons: ['DeclineByScreening', 'Withdrawal', 'Surrender', 'ClosedByClaim'],
		transitions: [
			policy.automatic('Proposal', 'Issued', 'First installment paid'),
			policy.job('Proposal', 'Withdraw', 'withdraw-proposals', 'First premium still unpaid after the proposal withdrawal days'),
			policy.job('Issued', 'InForce', 'enforce-policies', 'Begin date reached on a product with automatic in-force'),
			// Products without automatic in-force are enforced on request; staff may also enforce
			// early on an automatic product rather than wait for the nightly run.
			policy.manual('Issued', 'InForce', 'enforce', 'Put in force on request'),
			policy.cancellation('Issued', 'DeclineScreening', 'DeclineByScreening', 'Cancelled: holder failed risk screening'),
			policy.cancellation('Issued', 'WithdrawClientRequest', 'Withdrawal', 'Cancelled at the request of the holder'),
			policy.cancellation('InForce', 'DeclineScreening', 'DeclineByScreening', 'Cancelled: holder failed risk screening'),
			policy.cancellation('InForce', 'WithdrawClientRequest', 'Withdrawal', 'Cancelled at the request of the holder'),
			policy.cancellation('InForce', 'Surrendered', 'Surrender', 'Cancelled by the insurer'),
			// Also started by the system once paid claims exhaust the coverage limit.
			policy.cancellation('InForce', 'ClosedByClaim', 'ClosedByClaim', 'Coverage used up by claims', { systemMayStart: true }),
			// Operational clean-up (e.g. a duplicate): no cancellation flow, no reason type.
			policy.manual('InForce', 'Withdraw', 'withdraw', 'Withdrawn by the insurer, e.g. a duplicate'),
			policy.job('InForce', 'Maturity', 'mature-policies', 'End date reached'),
			policy.job('InForce', 'Lapsed', 'lapse-policies', 'Installment unpaid beyond the days allowed after its due date'),
		],
	},

	master_policy: {
		name: 'master_policy',
		label: 'master policy',
		collections: ['master_policies'],
		statuses: MASTER_POLICY_STATUSES,
		initial: 'Draft',
		final: ['Withdraw', 'Cancelled', 'Lapsed', 'Maturity', 'WithdrawClientRequest'],
		cancellationReasons: ['ClientRequest', 'Duplicate', 'InsurerDecision'],
		transitions: [
			master.automatic('Draft', 'Proposal', 'Member policies generated'),
			// Binding is a back-office decision taken through the quote-and-bind request only (it is
			// the Quote&Bind module's call); the Integrator role is limited to claim intake.
			master.request('Proposal', 'Issued', 'quote-and-bind', 'Quote accepted and bound'),
			master.job('Proposal', 'Withdraw', 'withdraw-master-policies', 'Not bound within the allowed days'),
			master.job('Issued', 'InForce', 'enforce-master-policies', 'Start date reached'),
			master.cancellation('InForce', 'WithdrawClientRequest', 'ClientRequest', 'Client withdrew within the cooling-off period', {
				coolingOff: 'within',
			}),
			master.cancellation('InForce', 'Cancelled', 'ClientRequest', 'Client cancelled after the cooling-off period', {
				coolingOff: 'outside',
			}),
			master.cancellation('InForce', 'Cancelled', 'Duplicate', 'Cancelled as a duplicate'),
			master.cancellation('InForce', 'Cancelled', 'InsurerDecision', 'Cancelled by the insurer'),
			master.job('InForce', 'Lapsed', 'lapse-master-policies', 'Installment unpaid beyond the days allowed after its due date'),
			master.job('InForce', 'Maturity', 'mature-master-policies', 'End date reached'),
		],
	},

	// Shared by policy installments (moved by statements, allocations and deallocations) and
	// master installments (moved only by the aggregation job, from their members' statuses).
	// No final status: a deallocation can always reopen a paid installment. A partial payment
	// leaves the status unchanged; only a fully covered installment is Paid.
	installment: {
		name: 'installment',
		label: 'installment',
		collections: ['installments', 'master_installments'],
		statuses: INSTALLMENT_STATUSES,
		initial: 'OnTime',
		final: [],
		cancellationReasons: [],
		transitions: [
			installment.job('OnTime', 'StatementIssued', 'issue-statements', 'Statement issued before the due date'),
			installment.job('OnTime', 'StatementIssued', AGGREGATE, 'Every member installment has its statement'),
			installment.automatic('OnTime', 'Paid', 'Paid in full before any statement'),
			installment.job('OnTime', 'Paid', AGGREGATE, 'Every member installment paid before any statement'),
			installment.automatic('StatementIssued', 'Paid', 'Paid in full by allocation'),
			installment.job('StatementIssued', 'Paid', AGGREGATE, 'Every member installment paid'),
			installment.job('StatementIssued', 'Unpaid', 'mark-unpaid-installments', 'Due date passed without full payment'),
			installment.job('StatementIssued', 'Unpaid', AGGREGATE, 'At least one member installment unpaid'),
			installment.automatic('Unpaid', 'Paid', 'Late payment covers it'),
			installment.job('Unpaid', 'Paid', AGGREGATE, 'Last unpaid member installment paid'),
			// Deallocation: before the due date the client owes it again under its statement
			// (re-issued if it had been paid before one); after it, it is overdue at once.
			installment.automatic('Paid', 'StatementIssued', 'Payment deallocated before the due date'),
			installment.job('Paid', 'StatementIssued', AGGREGATE, 'A member payment deallocated before the due date'),
			installment.automatic('Paid', 'Unpaid', 'Payment deallocated after the due date'),
			installment.job('Paid', 'Unpaid', AGGREGATE, 'A member payment deallocated after the due date'),
		],
	},

	change_request: {
		name: 'change_request',
		label: 'change request',
		collections: ['policy_change_requests'],
		statuses: CHANGE_REQUEST_STATUSES,
		initial: 'Draft',
		final: ['Cancelled', 'Accepted', 'Declined'],
		cancellationReasons: [],
		transitions: [
			// The call center may take a change over the phone; only the back office decides it.
			change.manual('Draft', 'Registered', 'register', 'Registered; fields become read-only'),
			change.manual('Draft', 'Cancelled', 'cancel', 'Abandoned before registration'),
			change.automatic('Draft', 'Cancelled', 'Policy reached a final status'),
			change.manual('Registered', 'Accepted', 'accept', 'Accepted; the change is applied to the policy'),
			change.manual('Registered', 'Declined', 'decline', 'Declined; the policy is unchanged'),
			change.manual('Registered', 'Cancelled', 'cancel', 'Withdrawn before a decision'),
			change.automatic('Registered', 'Cancelled', 'Policy reached a final status'),
		],
	},

	claim: {
		name: 'claim',
		label: 'claim',
		collections: ['claims'],
		statuses: CLAIM_STATUSES,
		initial: 'Draft',
		final: ['Rejected', 'Paid', 'Withdrawn'],
		cancellationReasons: [],
		transitions: [
			claim.manual('Draft', 'Submitted', 'submit', 'Submitted for review'),
			claim.manual('Submitted', 'InReview', 'take', 'Taken by a claims handler'),
			// Straight-through: within the product's auto_approve_limit, receipts on every line,
			// nothing flagged for a person (data/claims/consequences.ts).
			claim.automatic('Submitted', 'Approved', 'Approved by the system at intake'),
			claim.manual('InReview', 'InformationRequested', 'request-information', 'Information asked from the client'),
			claim.automatic('InformationRequested', 'InReview', 'Client answered'),
			claim.manual('InformationRequested', 'InReview', 'resume-review', 'Review resumed without an answer'),
			// Above the product's claim_approval_limit only holders of DECIDE_ABOVE_LIMIT approve: the
			// approve action refers anyone else's approval to PendingApproval instead, a status write
			// is refused (data/claims/consequences.ts); the table alone does not know the amounts.
			claim.manual('InReview', 'Approved', 'approve', 'Approved within the approval limit'),
			claim.automatic('InReview', 'PendingApproval', 'Approved total above the approval limit'),
			claim.manual('InReview', 'PendingApproval', 'refer-to-manager', 'Referred to a manager'),
			claim.manual('InReview', 'Rejected', 'reject', 'Rejected'),
			claim.manual('PendingApproval', 'Approved', 'approve', 'Approved above the approval limit', DECIDE_ABOVE_LIMIT),
			claim.manual('PendingApproval', 'Rejected', 'reject', 'Rejected above the approval limit', DECIDE_ABOVE_LIMIT),
			claim.manual('Approved', 'Paid', 'pay', 'Reimbursement paid'),
			claim.manual('Draft', 'Withdrawn', 'withdraw', 'Withdrawn by the client'),
			claim.manual('Submitted', 'Withdrawn', 'withdraw', 'Withdrawn by the client'),
			claim.manual('InReview', 'Withdrawn', 'withdraw', 'Withdrawn by the client'),
			claim.manual('InformationRequested', 'Withdrawn', 'withdraw', 'Withdrawn by the client'),
		],
	},
} satisfies Record<LifecycleName, Lifecycle>);
