import { describe, expect, it } from 'vitest';
import {
	CANCELLATION_REASONS,
	LIFECYCLE_NAMES,
	MASTER_CANCELLATION_REASONS,
	checkCreation,
	checkTransition,
	describeRefusal,
	grantProblem,
	historyTrigger,
	lifecycleForCollection,
	lifecycles,
	resolveCancellation,
	ruleForAction,
	type LifecycleName,
} from './index';

/** A staff member granted these rights on the lifecycle at hand. */
const staff = (...rights: string[]) => ({ actor: 'staff' as const, rights, trigger: 'manual' as const });
const admin = { actor: 'staff' as const, rights: 'all' as const, trigger: 'manual' as const };

describe('lifecycleForCollection', () => {
	it.each([
		['policies', 'policy'],
		['master_policies', 'master_policy'],
		['installments', 'installment'],
		['master_installments', 'installment'],
		['policy_change_requests', 'change_request'],
		['claims', 'claim'],
	])('maps %s to the %s lifecycle', (collection, name) => {
		expect(lifecycleForCollection(collection)?.name).toBe(name);
	});

	it.each(['payments', 'status_history', 'cancellation_requests', 'Policies', ''])('knows no lifecycle for %j', (collection) => {
		expect(lifecycleForCollection(collection)).toBeUndefined();
	});
});

describe('checkTransition', () => {
	const policy = lifecycles.policy;

	it('refuses an unknown source status with no targets', () => {
		expect(checkTransition(policy, 'Active', 'InForce', admin)).toEqual({
			ok: false,
			code: 'UNKNOWN_STATUS',
			allowedTargets: [],
		});
	});

	it('refuses an unknown target status, listing what the caller could do instead', () => {
		expect(checkTransition(policy, 'InForce', 'Cancelled', staff('enforce', 'withdraw', 'cancel'))).toEqual({
			ok: false,
			code: 'UNKNOWN_STATUS',
			allowedTargets: ['Withdraw'],
		});
	});

	it('matches status names exactly', () => {
		expect(checkTransition(policy, 'issued', 'InForce', staff('enforce'))).toMatchObject({ code: 'UNKNOWN_STATUS' });
		expect(checkTransition(policy, 'Issued', 'Inforce', staff('enforce'))).toMatchObject({ code: 'UNKNOWN_STATUS' });
	});

	it('enforces Issued -> InForce both by the nightly job and on request', () => {
		const byJob = checkTransition(policy, 'Issued', 'InForce', { actor: 'system', trigger: 'job', job: 'enforce-policies' });
		const byHand = checkTransition(policy, 'Issued', 'InForce', staff('enforce'));
		expect(byJob.ok && byJob.rule.trigger).toBe('job');
		expect(byHand.ok && byHand.rule.action).toBe('enforce');
	});

	it('refuses a job rule run under another job name', () => {
		expect(checkTransition(policy, 'Issued', 'InForce', { actor: 'system', trigger: 'job', job: 'mature-policies' })).toMatchObject({
			code: 'TRIGGER_NOT_ALLOWED',
		});
	});

	it('refuses a manual write of a job-only transition, whoever asks', () => {
		expect(checkTransition(policy, 'InForce', 'Lapsed', admin)).toEqual({
			ok: false,
			code: 'TRIGGER_NOT_ALLOWED',
			allowedTargets: ['Withdraw'],
		});
	});

	it('refuses a cancellation whose reason leads elsewhere', () => {
		const by = { actor: 'staff', rights: ['cancel'], trigger: 'cancellation', reasonType: 'Surrender' } as const;
		expect(checkTransition(policy, 'InForce', 'WithdrawClientRequest', by)).toEqual({
			ok: false,
			code: 'TRIGGER_NOT_ALLOWED',
			allowedTargets: ['Surrendered'],
		});
	});

	it('lets the system start ClosedByClaim but no other cancellation', () => {
		const system = (reasonType: string) => ({ actor: 'system', trigger: 'cancellation', reasonType }) as const;
		expect(checkTransition(policy, 'InForce', 'ClosedByClaim', system('ClosedByClaim')).ok).toBe(true);
		expect(checkTransition(policy, 'InForce', 'Surrendered', system('Surrender'))).toMatchObject({ code: 'ACTOR_NOT_ALLOWED' });
	});

	it('refuses a claim decision by the call center', () => {
		expect(checkTransition(lifecycles.claim, 'InReview', 'Approved', staff('submit', 'withdraw'))).toEqual({
			ok: false,
			code: 'ACTOR_NOT_ALLOWED',
			allowedTargets: ['Withdrawn'],
		});
	});

	it('keeps a claim above the approval limit for holders of decide-above-limit', () => {
		expect(checkTransition(lifecycles.claim, 'PendingApproval', 'Approved', staff('approve', 'reject'))).toMatchObject({
			code: 'ACTOR_NOT_ALLOWED',
			allowedTargets: [],
		});
		expect(checkTransition(lifecycles.claim, 'PendingApproval', 'Approved', staff('decide-above-limit')).ok).toBe(true);
	});

	it('treats an unchanged status as no transition', () => {
		expect(checkTransition(policy, 'InForce', 'InForce', admin)).toMatchObject({ ok: false, code: 'NOT_IN_TABLE' });
	});
});

describe('checkCreation', () => {
	it('accepts the initial status from anyone', () => {
		expect(checkCreation(lifecycles.claim, 'Draft', { actor: 'client', trigger: 'manual' })).toEqual({ ok: true });
		expect(checkCreation(lifecycles.policy, 'Proposal', { actor: 'system', trigger: 'automatic' })).toEqual({ ok: true });
	});

	it('accepts a claim posted straight as Submitted, through the submit rule', () => {
		const created = checkCreation(lifecycles.claim, 'Submitted', staff('submit'));
		expect(created.ok && created.via?.action).toBe('submit');
	});

	it('refuses any other starting status, listing the possible ones', () => {
		expect(checkCreation(lifecycles.claim, 'Approved', { actor: 'client', rights: ['submit', 'withdraw'], trigger: 'manual' })).toEqual({
			ok: false,
			code: 'NOT_IN_TABLE',
			allowedTargets: ['Draft', 'Submitted', 'Withdrawn'],
		});
		expect(checkCreation(lifecycles.policy, 'InForce', admin)).toEqual({
			ok: false,
			code: 'NOT_IN_TABLE',
			allowedTargets: ['Proposal'],
		});
	});
});

describe('ruleForAction and historyTrigger', () => {
	it('finds the rule behind an action verb from a status', () => {
		expect(ruleForAction(lifecycles.change_request, 'Registered', 'accept')?.to).toBe('Accepted');
		expect(ruleForAction(lifecycles.master_policy, 'Proposal', 'quote-and-bind')?.to).toBe('Issued');
		expect(ruleForAction(lifecycles.claim, 'PendingApproval', 'approve')?.right).toBe('decide-above-limit');
	});

	it('finds nothing for an action not offered from that status', () => {
		expect(ruleForAction(lifecycles.change_request, 'Draft', 'accept')).toBeUndefined();
		expect(ruleForAction(lifecycles.claim, 'Draft', 'explode')).toBeUndefined();
	});

	it('records the job name for job rules, the request name for requests and the trigger kind otherwise', () => {
		const [job, manual, request] = [
			lifecycles.policy.transitions.find((r) => r.job === 'lapse-policies'),
			ruleForAction(lifecycles.policy, 'InForce', 'withdraw'),
			ruleForAction(lifecycles.master_policy, 'Proposal', 'quote-and-bind'),
		];
		expect(job && historyTrigger(job)).toBe('lapse-policies');
		expect(manual && historyTrigger(manual)).toBe('manual');
		expect(request && historyTrigger(request)).toBe('quote-and-bind');
	});
});

describe('resolveCancellation', () => {
	// Expected target for each status and reason; '@within' / '@outside' / '@unknown' keys are
	// the master policy client request with the cooling-off answer given or not.
	const TARGETS: Partial<Record<LifecycleName, Record<string, Record<string, string>>>> = {
		policy: {
			Issued: { DeclineByScreening: 'DeclineScreening', Withdrawal: 'WithdrawClientRequest' },
			InForce: {
				DeclineByScreening: 'DeclineScreening',
				Withdrawal: 'WithdrawClientRequest',
				Surrender: 'Surrendered',
				ClosedByClaim: 'ClosedByClaim',
			},
		},
		master_policy: {
			InForce: {
				'ClientRequest@within': 'WithdrawClientRequest',
				'ClientRequest@outside': 'Cancelled',
				'ClientRequest@unknown': 'COOLING_OFF_REQUIRED',
				Duplicate: 'Cancelled',
				InsurerDecision: 'Cancelled',
			},
		},
	};
	const ACCEPTED: Record<LifecycleName, readonly string[]> = {
		policy: CANCELLATION_REASONS,
		master_policy: MASTER_CANCELLATION_REASONS,
		installment: [],
		change_request: [],
		claim: [],
	};
	const REASONS = [...CANCELLATION_REASONS, ...MASTER_CANCELLATION_REASONS, 'Bogus', ''];
	const PERIODS = [
		['within', { withinCoolingOff: true }],
		['outside', { withinCoolingOff: false }],
		['unknown', undefined],
	] as const;

	function expected(name: LifecycleName, from: string, reason: string, period: string): string {
		if (!ACCEPTED[name].includes(reason)) return 'UNKNOWN_REASON';
		const row = TARGETS[name]?.[from] ?? {};
		return row[`${reason}@${period}`] ?? row[reason] ?? 'NOT_CANCELLABLE';
	}

	it('resolves every status and reason type of every lifecycle as the table says', () => {
		const mismatches: string[] = [];
		for (const name of LIFECYCLE_NAMES) {
			const lc = lifecycles[name];
			for (const from of lc.statuses) {
				for (const reason of REASONS) {
					for (const [period, ctx] of PERIODS) {
						const got = resolveCancellation(lc, from, reason, ctx);
						const outcome = got.ok ? got.to : got.code;
						const want = expected(name, from, reason, period);
						if (outcome !== want) mismatches.push(`${name} ${from} ${reason} (${period}): got ${outcome}, want ${want}`);
						if (got.ok && (got.rule.to !== got.to || got.rule.from !== from || got.rule.reasonType !== reason)) {
							mismatches.push(`${name} ${from} ${reason}: wrong rule`);
						}
					}
				}
			}
		}
		expect(mismatches).toEqual([]);
	});

	it('refuses an unknown status before looking at the reason', () => {
		expect(resolveCancellation(lifecycles.policy, 'Cancelled', 'Bogus')).toEqual({
			ok: false,
			code: 'UNKNOWN_STATUS',
			message: 'unknown policy status "Cancelled"',
		});
	});

	it('explains each refusal in words naming the field', () => {
		expect(resolveCancellation(lifecycles.policy, 'InForce', 'Duplicate')).toEqual({
			ok: false,
			code: 'UNKNOWN_REASON',
			message:
				'reason_type "Duplicate" is not a policy cancellation reason; expected one of: DeclineByScreening, Withdrawal, Surrender, ClosedByClaim',
		});
		expect(resolveCancellation(lifecycles.policy, 'Proposal', 'Surrender')).toEqual({
			ok: false,
			code: 'NOT_CANCELLABLE',
			message: 'a policy in "Proposal" cannot be cancelled with reason_type "Surrender"; only from: InForce',
		});
		expect(resolveCancellation(lifecycles.policy, 'Lapsed', 'Withdrawal')).toMatchObject({
			message: 'a policy in "Lapsed" cannot be cancelled with reason_type "Withdrawal"; only from: Issued, InForce',
		});
		expect(resolveCancellation(lifecycles.master_policy, 'InForce', 'ClientRequest')).toEqual({
			ok: false,
			code: 'COOLING_OFF_REQUIRED',
			message: 'reason_type "ClientRequest" needs to know whether the master policy is within its cooling-off period',
		});
		expect(resolveCancellation(lifecycles.claim, 'InReview', 'Withdrawal')).toEqual({
			ok: false,
			code: 'UNKNOWN_REASON',
			message: 'a claim has no cancellation flow',
		});
	});
});

describe('describeRefusal', () => {
	it('names the collection, item, both statuses and the allowed targets', () => {
		expect(describeRefusal('policies', 12, 'Proposal', 'Lapsed', ['Issued', 'Withdraw'])).toBe(
			'policies 12: transition from "Proposal" to "Lapsed" is not allowed; allowed targets: Issued, Withdraw',
		);
	});

	it('says "none" when nothing is reachable', () => {
		expect(describeRefusal('claims', 'c0ffee-uuid', 'Paid', 'Draft', [])).toBe(
			'claims c0ffee-uuid: transition from "Paid" to "Draft" is not allowed; allowed targets: none',
		);
	});

	it('reads naturally with what checkTransition returns', () => {
		const refusal = checkTransition(lifecycles.policy, 'Proposal', 'Lapsed', { actor: 'system', trigger: 'automatic' });
		expect(refusal.ok).toBe(false);
		if (!refusal.ok) {
			expect(describeRefusal('policies', 7, 'Proposal', 'Lapsed', refusal.allowedTargets)).toBe(
				'policies 7: transition from "Proposal" to "Lapsed" is not allowed; allowed targets: Issued',
			);
		}
	});
});

describe('grantProblem', () => {
	it('accepts the rights of a lifecycle', () => {
		expect(grantProblem('claim', 'decide-above-limit')).toBeNull();
		expect(grantProblem('policy', 'cancel')).toBeNull();
		expect(grantProblem('change_request', 'cancel')).toBeNull();
	});

	it('names the field of a grant that grants nothing', () => {
		expect(grantProblem('claims', 'take')).toEqual({ field: 'lifecycle', problem: 'must be one of policy, master_policy, installment, change_request, claim' });
		expect(grantProblem('toString', 'take')).toMatchObject({ field: 'lifecycle' });
		expect(grantProblem('policy', 'take')).toEqual({ field: 'action', problem: 'must be a right of the policy lifecycle: enforce, cancel, withdraw' });
		expect(grantProblem('claim', null)).toMatchObject({ field: 'action' });
		expect(grantProblem('installment', 'pay')).toEqual({ field: 'action', problem: 'cannot be granted: no person starts a move of the installment lifecycle' });
	});
});
