import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTION_LABELS, LIFECYCLE_NAMES, actionNames, checkTransition, lifecycles, offeredActions, rightsOf, rulesForAction } from './index';

const pick = (actions: { action: string; to: string | null }[]) => actions.map(({ action, to }) => `${action} -> ${to}`);

describe('actionNames', () => {
	it('lists the manual and request actions of each lifecycle, and cancel where it has a cancellation flow', () => {
		expect(actionNames(lifecycles.policy)).toEqual(['enforce', 'withdraw', 'cancel']);
		expect(actionNames(lifecycles.master_policy)).toEqual(['quote-and-bind', 'cancel']);
		expect(actionNames(lifecycles.installment)).toEqual([]);
		expect(actionNames(lifecycles.change_request)).toEqual(['register', 'cancel', 'accept', 'decline']);
		expect(actionNames(lifecycles.claim)).toEqual(['submit', 'take', 'request-information', 'resume-review', 'approve', 'refer-to-manager', 'reject', 'pay', 'withdraw']);
	});

	it('gives every action a label', () => {
		for (const name of LIFECYCLE_NAMES) for (const action of actionNames(lifecycles[name])) expect(ACTION_LABELS[action], action).toMatch(/^[A-Z]/);
	});
});

describe('offeredActions', () => {
	it("offers a claims handler what the claim's status and their rights allow", () => {
		const handler = ['take', 'request-information', 'resume-review', 'approve', 'refer-to-manager', 'reject'];
		expect(pick(offeredActions(lifecycles.claim, 'Submitted', handler))).toEqual(['take -> InReview']);
		expect(pick(offeredActions(lifecycles.claim, 'InReview', handler))).toEqual(['request-information -> InformationRequested', 'approve -> Approved', 'refer-to-manager -> PendingApproval', 'reject -> Rejected']);
		expect(offeredActions(lifecycles.claim, 'PendingApproval', handler)).toEqual([]);
		expect(pick(offeredActions(lifecycles.claim, 'PendingApproval', ['decide-above-limit']))).toEqual(['approve -> Approved', 'reject -> Rejected']);
	});

	it('labels each action and describes it from the table', () => {
		expect(offeredActions(lifecycles.claim, 'InReview', ['request-information'])).toEqual([
			{ action: 'request-information', to: 'InformationRequested', label: 'Request information', description: 'Information asked from the client' },
		]);
	});

	it('offers nothing without rights, and nothing from a final status', () => {
		for (const name of LIFECYCLE_NAMES) {
			const lc = lifecycles[name];
			for (const from of lc.statuses) expect(offeredActions(lc, from, [])).toEqual([]);
			for (const from of lc.final) expect(offeredActions(lc, from, 'all')).toEqual([]);
		}
	});

	it('offers one cancel action with the reason types possible from the status', () => {
		const [cancel] = offeredActions(lifecycles.policy, 'Issued', ['cancel']);
		expect(cancel).toMatchObject({ action: 'cancel', to: null, label: 'Cancel' });
		expect(cancel!.reasons).toEqual([
			{ reasonType: 'DeclineByScreening', to: 'DeclineScreening' },
			{ reasonType: 'Withdrawal', to: 'WithdrawClientRequest' },
		]);
		const master = offeredActions(lifecycles.master_policy, 'InForce', 'all').find((a) => a.action === 'cancel')!;
		// A client request: the cooling-off period decides.
		expect(master.reasons).toEqual([
			{ reasonType: 'ClientRequest', to: null },
			{ reasonType: 'Duplicate', to: 'Cancelled' },
			{ reasonType: 'InsurerDecision', to: 'Cancelled' },
		]);
	});

	it('keeps a change request cancel a plain action (no cancellation flow)', () => {
		expect(pick(offeredActions(lifecycles.change_request, 'Registered', ['cancel']))).toEqual(['cancel -> Cancelled']);
	});

	it('offers exactly the moves the transition check allows, for any rights', () => {
		for (const name of LIFECYCLE_NAMES) {
			const lc = lifecycles[name];
			const rights = rightsOf(lc);
			fc.assert(
				fc.property(fc.constantFrom(...lc.statuses), fc.subarray(rights), (from, held) => {
					for (const offer of offeredActions(lc, from, held)) {
						for (const rule of rulesForAction(lc, from, offer.action).filter((r) => held.includes(r.right!))) {
							const by = { actor: 'staff' as const, rights: held, trigger: rule.trigger, reasonType: rule.reasonType, action: rule.action };
							expect(checkTransition(lc, from, rule.to, by).ok).toBe(true);
						}
					}
					const manual = lc.transitions.filter((r) => r.from === from && r.trigger === 'manual' && held.includes(r.right!));
					expect(manual.every((r) => offeredActions(lc, from, held).some((offer) => offer.action === r.action && offer.to === r.to))).toBe(true);
				}),
				{ numRuns: 200 },
			);
		}
	});
});
