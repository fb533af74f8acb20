import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
	CANCEL_RIGHT,
	CANCELLATION_REASONS,
	DECIDE_ABOVE_LIMIT,
	JOB_NAMES,
	LIFECYCLE_NAMES,
	MASTER_CANCELLATION_REASONS,
	allowedTargets,
	checkTransition,
	lifecycles,
	rightsOf,
	type LifecycleName,
	type Rights,
	type TransitionRequest,
	type TransitionRule,
} from './index';

// The expected tables, written out independently of the data. One line per rule:
//   from -> to | trigger [job | reason [cooling-off] | action] | who
// `who` lists the seeded access policies allowed besides administrators (seed/
// transition-permissions.yaml; 'system' = a cancellation the system may start). Automatic and
// job rules are system-only.
const EXPECTED: Record<LifecycleName, string> = {
	policy: `
		Proposal -> Issued | automatic
		Proposal -> Withdraw | job withdraw-proposals
		Issued -> InForce | job enforce-policies
		Issued -> InForce | manual enforce | Administration, Manager
		Issued -> DeclineScreening | cancellation DeclineByScreening | Administration, Manager
		Issued -> WithdrawClientRequest | cancellation Withdrawal | Administration, Manager
		InForce -> DeclineScreening | cancellation DeclineByScreening | Administration, Manager
		InForce -> WithdrawClientRequest | cancellation Withdrawal | Administration, Manager
		InForce -> Surrendered | cancellation Surrender | Administration, Manager
		InForce -> ClosedByClaim | cancellation ClosedByClaim | Administration, Manager, system
		InForce -> Withdraw | manual withdraw | Administration, Manager
		InForce -> Maturity | job mature-policies
		InForce -> Lapsed | job lapse-policies
	`,
	master_policy: `
		Draft -> Proposal | automatic
		Proposal -> Issued | request quote-and-bind | Administration, Manager
		Proposal -> Withdraw | job withdraw-master-policies
		Issued -> InForce | job enforce-master-policies
		InForce -> WithdrawClientRequest | cancellation ClientRequest within | Administration, Manager
		InForce -> Cancelled | cancellation ClientRequest outside | Administration, Manager
		InForce -> Cancelled | cancellation Duplicate | Administration, Manager
		InForce -> Cancelled | cancellation InsurerDecision | Administration, Manager
		InForce -> Lapsed | job lapse-master-policies
		InForce -> Maturity | job mature-master-policies
	`,
	installment: `
		OnTime -> StatementIssued | job issue-statements
		OnTime -> StatementIssued | job aggregate-master-installments
		OnTime -> Paid | automatic
		OnTime -> Paid | job aggregate-master-installments
		StatementIssued -> Paid | automatic
		StatementIssued -> Paid | job aggregate-master-installments
		StatementIssued -> Unpaid | job mark-unpaid-installments
		StatementIssued -> Unpaid | job aggregate-master-installments
		Unpaid -> Paid | automatic
		Unpaid -> Paid | job aggregate-master-installments
		Paid -> StatementIssued | automatic
		Paid -> StatementIssued | job aggregate-master-installments
		Paid -> Unpaid | automatic
		Paid -> Unpaid | job aggregate-master-installments
	`,
	change_request: `
		Draft -> Registered | manual register | Administration, Call Center, Manager
		Draft -> Cancelled | manual cancel | Administration, Call Center, Manager
		Draft -> Cancelled | automatic
		Registered -> Accepted | manual accept | Administration, Manager
		Registered -> Declined | manual decline | Administration, Manager
		Registered -> Cancelled | manual cancel | Administration, Call Center, Manager
		Registered -> Cancelled | automatic
	`,
	claim: `
		Draft -> Submitted | manual submit | Client, Call Center, Claims Department, Integrator
		Submitted -> InReview | manual take | Claims Department, Manager
		Submitted -> Approved | automatic
		InReview -> InformationRequested | manual request-information | Claims Department, Manager
		InformationRequested -> InReview | automatic
		InformationRequested -> InReview | manual resume-review | Claims Department
		InReview -> Approved | manual approve | Claims Department, Manager
		InReview -> PendingApproval | automatic
		InReview -> PendingApproval | manual refer-to-manager | Claims Department
		InReview -> Rejected | manual reject | Claims Department, Manager
		PendingApproval -> Approved | manual approve | Manager
		PendingApproval -> Rejected | manual reject | Manager
		Approved -> Paid | manual pay | Administration
		Draft -> Withdrawn | manual withdraw | Client, Call Center
		Submitted -> Withdrawn | manual withdraw | Client, Call Center
		InReview -> Withdrawn | manual withdraw | Client, Call Center
		InformationRequested -> Withdrawn | manual withdraw | Client, Call Center
	`,
};

const EXPECTED_STATUSES: Record<LifecycleName, { statuses: string; initial: string; final: string }> = {
	policy: {
		statuses: 'Proposal, Issued, InForce, Withdraw, Surrendered, WithdrawClientRequest, ClosedByClaim, DeclineScreening, Lapsed, Maturity',
		initial: 'Proposal',
		final: 'Withdraw, Surrendered, WithdrawClientRequest, ClosedByClaim, DeclineScreening, Lapsed, Maturity',
	},
	master_policy: {
		statuses: 'Draft, Proposal, Issued, InForce, Withdraw, Cancelled, Lapsed, Maturity, WithdrawClientRequest',
		initial: 'Draft',
		final: 'Withdraw, Cancelled, Lapsed, Maturity, WithdrawClientRequest',
	},
	installment: { statuses: 'OnTime, StatementIssued, Paid, Unpaid', initial: 'OnTime', final: '' },
	change_request: { statuses: 'Draft, Registered, Cancelled, Accepted, Declined', initial: 'Draft', final: 'Cancelled, Accepted, Declined' },
	claim: {
		statuses: 'Draft, Submitted, InReview, InformationRequested, PendingApproval, Approved, Rejected, Paid, Withdrawn',
		initial: 'Draft',
		final: 'Rejected, Paid, Withdrawn',
	},
};

interface ExpectedRule {
	from: string;
	to: string;
	trigger: string;
	arg?: string; // job name, reason type or action
	who: string[];
}

const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

function parse(table: string): ExpectedRule[] {
	return table
		.split('\n')
		.map((l) => l.trim())
		.filter(Boolean)
		.map((l) => {
			const [edge = '', how = '', who = ''] = l.split('|').map((p) => p.trim());
			const [from = '', to = ''] = edge.split('->').map((s) => s.trim());
			const [trigger = '', arg] = how.split(' ');
			return { from, to, trigger, arg, who: list(who) };
		});
}

// The seeded grants: policy name -> lifecycle -> actions.
const SEED = parseYaml(readFileSync(new URL('../../../../../seed/transition-permissions.yaml', import.meta.url), 'utf8')) as {
	grants: Record<string, Partial<Record<LifecycleName, string[]>>>;
};
const POLICIES = Object.keys(SEED.grants);
/** The seeded rights on a lifecycle of someone holding these policies ('Administrator': all). */
function seededRights(name: LifecycleName, policies: readonly string[]): Rights {
	if (policies.includes('Administrator')) return 'all';
	return [...new Set(policies.flatMap((policy) => SEED.grants[policy]?.[name] ?? []))];
}

/** The data rule in the line format of EXPECTED, with the policies the seed grants its right. */
function line(r: TransitionRule, name: LifecycleName): string {
	const how = [r.trigger, r.job ?? r.reasonType ?? r.action, r.coolingOff].filter(Boolean).join(' ');
	const granted = r.right ? POLICIES.filter((policy) => SEED.grants[policy]?.[name]?.includes(r.right!)) : [];
	const who = [...granted, ...(r.systemMayStart ? ['system'] : [])].sort();
	return [`${r.from} -> ${r.to}`, how, ...(who.length ? [who.join(', ')] : [])].join(' | ');
}
function normalise(expectedLine: string): string {
	const [edge = '', how = '', who = ''] = expectedLine.split('|').map((p) => p.trim());
	const roles = list(who).sort();
	return [edge, how, ...(roles.length ? [roles.join(', ')] : [])].join(' | ');
}

// Independent statement of who may fire what (from the product brief, not from rules.ts).
function triggerMatches(e: ExpectedRule, by: TransitionRequest): boolean {
	if (e.trigger !== by.trigger) return false;
	if (e.trigger === 'job') return e.arg === by.job;
	if (e.trigger === 'cancellation') return e.arg === by.reasonType;
	if (e.trigger === 'request') return e.arg === by.action;
	return true;
}
function actorMatches(e: ExpectedRule, by: Caller): boolean {
	if (e.trigger === 'automatic' || e.trigger === 'job') return by.actor === 'system';
	if (by.actor === 'system') return e.who.includes('system');
	// A person, client or staff, may what one of their policies may.
	const policies = by.policies ?? [];
	return policies.includes('Administrator') || policies.some((p) => e.who.includes(p));
}
function expectedOutcome(rules: ExpectedRule[], from: string, to: string, by: Caller): string {
	const edge = rules.filter((e) => e.from === from && e.to === to);
	if (edge.length === 0) return 'NOT_IN_TABLE';
	const sameTrigger = edge.filter((e) => triggerMatches(e, by));
	if (sameTrigger.length === 0) return 'TRIGGER_NOT_ALLOWED';
	return sameTrigger.some((e) => actorMatches(e, by)) ? 'ok' : 'ACTOR_NOT_ALLOWED';
}

// Every trigger a write could claim, crossed with every kind of caller. A caller's rights are
// those the seed grants their policies on the lifecycle at hand.
type Caller = Omit<TransitionRequest, 'rights'> & { policies?: string[] };
const STAFF_POLICIES = ['Administrator', 'Business Admin', ...POLICIES.filter((p) => p !== 'Client')];
const PEOPLE: Pick<Caller, 'actor' | 'policies'>[] = [
	{ actor: 'system' },
	{ actor: 'client', policies: ['Client'] },
	...STAFF_POLICIES.map((policy) => ({ actor: 'staff' as const, policies: [policy] })),
	{ actor: 'staff', policies: [] },
	{ actor: 'staff', policies: ['Client'] }, // rights come with the policy, whoever holds it
	{ actor: 'staff', policies: ['Call Center', 'Manager'] },
];
const TRIGGERS: Omit<Caller, 'actor' | 'policies'>[] = [
	{ trigger: 'automatic' },
	{ trigger: 'manual' },
	{ trigger: 'manual', action: 'quote-and-bind' }, // naming the request does not make a status write one
	{ trigger: 'request' },
	{ trigger: 'request', action: 'quote-and-bind' },
	{ trigger: 'request', action: 'approve' },
	{ trigger: 'job' },
	...JOB_NAMES.map((job) => ({ trigger: 'job' as const, job })),
	{ trigger: 'cancellation' },
	...[...CANCELLATION_REASONS, ...MASTER_CANCELLATION_REASONS].map((reasonType) => ({ trigger: 'cancellation' as const, reasonType })),
];
const CALLERS: Caller[] = PEOPLE.flatMap((p) => TRIGGERS.map((t) => ({ ...t, ...p })));
const request = (name: LifecycleName, { policies, ...by }: Caller): TransitionRequest => (policies ? { ...by, rights: seededRights(name, policies) } : by);
const show = (by: Caller) =>
	`${by.actor}${by.policies ? `[${by.policies.join(',')}]` : ''}/${by.trigger}${by.job || by.reasonType || by.action ? `:${by.job ?? by.reasonType ?? by.action}` : ''}`;

describe.each(LIFECYCLE_NAMES)('%s lifecycle', (name) => {
	const lc = lifecycles[name];
	const expected = parse(EXPECTED[name]);

	it('has exactly the expected statuses, initial and final statuses', () => {
		const s = EXPECTED_STATUSES[name];
		expect(lc.statuses).toEqual(list(s.statuses));
		expect(lc.initial).toBe(s.initial);
		expect(lc.final).toEqual(list(s.final));
	});

	it('has exactly the expected transition rules', () => {
		expect(lc.transitions.map((r) => line(r, name)).sort()).toEqual(EXPECTED[name].split('\n').map((l) => l.trim()).filter(Boolean).map(normalise).sort());
	});

	it('decides every ordered pair of statuses for every trigger and caller as the table says', () => {
		const mismatches: string[] = [];
		for (const from of lc.statuses) {
			for (const by of CALLERS) {
				for (const to of lc.statuses) {
					const want = expectedOutcome(expected, from, to, by);
					const got = checkTransition(lc, from, to, request(name, by));
					const gotCode = got.ok ? 'ok' : got.code;
					if (gotCode !== want) mismatches.push(`${from} -> ${to} by ${show(by)}: got ${gotCode}, want ${want}`);
					if (got.ok && (got.rule.from !== from || got.rule.to !== to || got.rule.trigger !== by.trigger)) {
						mismatches.push(`${from} -> ${to} by ${show(by)}: wrong rule ${line(got.rule, name)}`);
					}
				}
				const wantTargets = lc.statuses.filter((to) => expectedOutcome(expected, from, to, by) === 'ok');
				const gotTargets = allowedTargets(lc, from, request(name, by));
				if (gotTargets.join() !== wantTargets.join()) {
					mismatches.push(`targets from ${from} by ${show(by)}: got [${gotTargets}], want [${wantTargets}]`);
				}
				const refused = checkTransition(lc, from, from, request(name, by)); // never a transition
				if (refused.ok || refused.allowedTargets.join() !== wantTargets.join()) {
					mismatches.push(`refusal of ${from} -> ${from} by ${show(by)} lists the wrong targets`);
				}
			}
		}
		expect(mismatches).toEqual([]);
	});

	it('never lets a transition leave a final status', () => {
		expect(lc.transitions.filter((r) => lc.final.includes(r.from)).map((r) => line(r, name))).toEqual([]);
	});

	it('reaches every status from the initial one', () => {
		const seen = new Set([lc.initial]);
		for (let grew = true; grew; ) {
			grew = false;
			for (const r of lc.transitions) {
				if (seen.has(r.from) && !seen.has(r.to)) {
					seen.add(r.to);
					grew = true;
				}
			}
		}
		expect([...lc.statuses].filter((s) => !seen.has(s))).toEqual([]);
	});

	it('leaves no dead end: every non-final status has a way out', () => {
		const stuck = lc.statuses.filter((s) => !lc.final.includes(s) && !lc.transitions.some((r) => r.from === s));
		expect(stuck).toEqual([]);
	});

	it('gives every rule the fields its trigger needs and no others', () => {
		for (const r of lc.transitions) {
			const at = line(r, name);
			expect(r.description.length, at).toBeGreaterThan(0);
			expect(lc.statuses, at).toContain(r.from);
			expect(lc.statuses, at).toContain(r.to);
			expect(r.job !== undefined, at).toBe(r.trigger === 'job');
			expect(r.reasonType !== undefined, at).toBe(r.trigger === 'cancellation');
			expect(r.action !== undefined, at).toBe(r.trigger === 'manual' || r.trigger === 'request');
			expect(r.right !== undefined, at).toBe(r.trigger === 'manual' || r.trigger === 'request' || r.trigger === 'cancellation');
			if (r.trigger === 'cancellation') expect(r.right, at).toBe(CANCEL_RIGHT);
			// Its own action, but for the decisions above the approval limit.
			else if (r.right && r.right !== DECIDE_ABOVE_LIMIT) expect(r.right, at).toBe(r.action);
			if (r.job) expect(JOB_NAMES, at).toContain(r.job);
			if (r.reasonType) expect(lc.cancellationReasons, at).toContain(r.reasonType);
		}
	});

	it('lists exactly the cancellation reasons its rules use, each resolving to one status', () => {
		const used = new Set(lc.transitions.flatMap((r) => (r.reasonType ? [r.reasonType] : [])));
		expect([...lc.cancellationReasons].sort()).toEqual([...used].sort());
		const keys = lc.transitions
			.filter((r) => r.trigger === 'cancellation')
			.flatMap((r) => (r.coolingOff ? [r.coolingOff] : ['within', 'outside']).map((p) => `${r.from}/${r.reasonType}/${p}`));
		expect(new Set(keys).size).toBe(keys.length);
	});

	it('names each manual action once per status and holds no duplicate rule', () => {
		const actions = lc.transitions.filter((r) => r.action).map((r) => `${r.from}/${r.action}`);
		expect(new Set(actions).size).toBe(actions.length);
		const lines = lc.transitions.map((r) => line(r, name));
		expect(new Set(lines).size).toBe(lines.length);
	});

	it('seeds only rights the table knows, and grants each of them to some policy', () => {
		const seeded = POLICIES.flatMap((policy) => SEED.grants[policy]?.[name] ?? []);
		expect(seeded.filter((right) => !rightsOf(lc).includes(right))).toEqual([]);
		expect(rightsOf(lc).filter((right) => !seeded.includes(right))).toEqual([]);
	});

	it('is frozen, so no caller can change the single source of truth', () => {
		expect(Object.isFrozen(lc)).toBe(true);
		expect(Object.isFrozen(lc.transitions)).toBe(true);
		expect(lc.transitions.every((r) => Object.isFrozen(r))).toBe(true);
	});
});

describe('all lifecycles together', () => {
	const all = LIFECYCLE_NAMES.flatMap((name) => lifecycles[name].transitions.map((r) => ({ name, r })));

	it('fires every named job somewhere', () => {
		const used = new Set(all.flatMap(({ r }) => (r.job ? [r.job] : [])));
		expect(JOB_NAMES.filter((j) => !used.has(j))).toEqual([]);
	});

	it('uses every cancellation reason somewhere', () => {
		const used = new Set(all.flatMap(({ r }) => (r.reasonType ? [r.reasonType] : [])));
		expect([...CANCELLATION_REASONS, ...MASTER_CANCELLATION_REASONS].filter((c) => !used.has(c))).toEqual([]);
	});

	it('lets clients fire only the claim submissions and withdrawals', () => {
		const fired = LIFECYCLE_NAMES.flatMap((name) => {
			const lc = lifecycles[name];
			return lc.statuses.flatMap((from) =>
				lc.statuses.flatMap((to) =>
					CALLERS.filter((by) => by.actor === 'client' && checkTransition(lc, from, to, request(name, by)).ok).map(
						(by) => `${name}: ${from} -> ${to} (${by.trigger})`,
					),
				),
			);
		});
		expect([...new Set(fired)]).toEqual([
			'claim: Draft -> Submitted (manual)',
			'claim: Draft -> Withdrawn (manual)',
			'claim: Submitted -> Withdrawn (manual)',
			'claim: InReview -> Withdrawn (manual)',
			'claim: InformationRequested -> Withdrawn (manual)',
		]);
	});

	it('never lets an Administrator fire an automatic or job rule', () => {
		const admin = { actor: 'staff', rights: 'all' } as const;
		const fired = all.filter(
			({ name, r }) =>
				(r.trigger === 'automatic' || r.trigger === 'job') &&
				checkTransition(lifecycles[name], r.from, r.to, { ...admin, trigger: r.trigger, job: r.job }).ok,
		);
		expect(fired).toEqual([]);
	});

	it('lets an Administrator fire every manual, request and cancellation rule', () => {
		const refused = all.filter(
			({ name, r }) =>
				(r.trigger === 'manual' || r.trigger === 'request' || r.trigger === 'cancellation') &&
				!checkTransition(lifecycles[name], r.from, r.to, {
					actor: 'staff',
					rights: 'all',
					trigger: r.trigger,
					reasonType: r.reasonType,
					action: r.action,
				}).ok,
		);
		expect(refused).toEqual([]);
	});

	it('issues a master policy only through the quote-and-bind request', () => {
		const manager = { actor: 'staff', rights: seededRights('master_policy', ['Manager']) } as const;
		expect(checkTransition(lifecycles.master_policy, 'Proposal', 'Issued', { ...manager, trigger: 'manual' })).toMatchObject({ ok: false, code: 'TRIGGER_NOT_ALLOWED' });
		expect(checkTransition(lifecycles.master_policy, 'Proposal', 'Issued', { ...manager, trigger: 'request', action: 'quote-and-bind' }).ok).toBe(true);
		const bypasses = all.filter(({ r }) => r.trigger === 'request' && r.action !== 'quote-and-bind');
		expect(bypasses).toEqual([]);
	});

	it('seeds Business Admin no lifecycle transition of its own', () => {
		expect(SEED.grants['Business Admin']).toBeUndefined();
	});

	it('lets a person without grants fire nothing, and the system no manual rule', () => {
		const fired = all.filter(
			({ name, r }) =>
				r.trigger !== 'automatic' &&
				r.trigger !== 'job' &&
				(['staff', 'client', 'system'] as const).some((actor) =>
					checkTransition(lifecycles[name], r.from, r.to, { actor, rights: actor === 'system' ? 'all' : [], trigger: r.trigger, reasonType: r.reasonType, action: r.action, job: r.job }).ok && !(actor === 'system' && r.systemMayStart),
				),
		);
		expect(fired.map(({ name, r }) => line(r, name))).toEqual([]);
	});
});
