import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { toCents } from '../domain/billing';
import { ADJUDICATION_CODES, benefitProblem } from '../domain/claims';
import { lifecycles } from '../domain/lifecycles';
import { adjudicateDemoClaims, buildDemoClaim, buildDemoMasterPolicy, buildDemoPolicy, type DemoProduct, type DemoSeed } from './demo-portfolio';

const seed = parse(readFileSync(resolve(import.meta.dirname, '../../../../seed/demo.yaml'), 'utf8')) as DemoSeed;
const catalog = parse(readFileSync(resolve(import.meta.dirname, '../../../../seed/catalog.yaml'), 'utf8')) as { claim_line_kinds: { code: string }[]; products: DemoProduct[] };
const products: Record<string, DemoProduct> = Object.fromEntries(catalog.products.map((product) => [product.code, product]));
const parameters = { today: '2026-11-21', statementLeadDays: 15, proposalWithdrawDays: 30, daysAfterUnpaidDueDate: 30 };
const policies = seed.policies.map((p) => buildDemoPolicy(p, products[p.product]!, parameters));


describe('demo products', () => {
	it('have valid benefits, on catalog products, for catalog kinds, one per kind', () => {
		const kinds = new Set(catalog.claim_line_kinds.map((kind) => kind.code));
		expect(Object.keys(seed.products).sort()).toEqual(catalog.products.map((product) => product.code).sort());
		for (const [code, terms] of Object.entries(seed.products)) {
			const seen = new Set<string>();
			for (const benefit of terms.benefits) {
				expect(benefitProblem({ ...benefit, product: code }, kinds, seen), `${code} ${benefit.kind}`).toBeNull();
				seen.add(benefit.kind);
			}
		}
	});

	it('show a co-pay, an annual and a quantity limit, a waiting period and pre-authorisation', () => {
		const benefits = Object.values(seed.products).flatMap((terms) => terms.benefits);
		expect(benefits.some((b) => Number(b.copay_amount) > 0)).toBe(true);
		expect(benefits.some((b) => b.annual_limit != null)).toBe(true);
		expect(benefits.some((b) => b.annual_quantity_limit != null)).toBe(true);
		expect(benefits.some((b) => Number(b.waiting_period_days) > 0)).toBe(true);
		expect(benefits.some((b) => b.requires_preauthorisation)).toBe(true);
		expect(Object.values(seed.products).some((terms) => Number(terms.annual_deductible) > 0)).toBe(true);
	});
});

describe('demo portfolio', () => {
	it('has a policy in every policy status, each with a history that follows the lifecycle table', () => {
		expect(new Set(policies.map((p) => p.status))).toEqual(new Set(lifecycles.policy.statuses));
		for (const policy of policies) {
			expect(policy.history[0]).toMatchObject({ from_status: null, to_status: 'Proposal' });
			for (const step of policy.history.slice(1)) {
				const known = lifecycles.policy.transitions.some((r) => r.from === step.from_status && r.to === step.to_status);
				expect(known, `${policy.policy_number}: ${step.from_status} → ${step.to_status}`).toBe(true);
			}
			expect(policy.history.at(-1)!.to_status).toBe(policy.status);
		}
	});

	it('applies the lapse consequences: end on the unpaid due date, premium = paid, paid installments only', () => {
		const lapsed = policies.find((p) => p.status === 'Lapsed')!;
		expect(lapsed.installments.every((i) => i.status === 'Paid')).toBe(true);
		expect(toCents(lapsed.premium_amount)).toBe(lapsed.installments.reduce((s, i) => s + toCents(i.amount), 0));
		expect(lapsed.end_date > lapsed.installments.at(-1)!.due_date).toBe(true);
		expect(lapsed.history.at(-1)!.trigger).toBe('lapse-policies');
	});

	it('keeps schedules whole for live policies and marks only their overdue installments Unpaid', () => {
		for (const policy of policies.filter((p) => p.status === 'InForce' && p.installments.length > 0)) {
			expect(policy.installments.reduce((s, i) => s + toCents(i.amount), 0)).toBe(toCents(policy.premium_amount));
		}
		const unpaid = policies.flatMap((p) => p.installments.filter((i) => i.status === 'Unpaid').map(() => p.status));
		expect(unpaid).toEqual(['InForce']);
	});

	it('aggregates the master schedule from its members by due date', () => {
		const { master, members } = buildDemoMasterPolicy(seed.master_policies[0]!, products['GROUP-HEALTH']!, parameters);
		expect(members).toHaveLength(3);
		expect(master.installments).toHaveLength(12);
		expect(toCents(master.installments[0]!.amount)).toBe(members.reduce((s, m) => s + toCents(m.installments[0]!.amount), 0));
		expect(master.installments[0]!.status).toBe('Paid');
	});

	it('has a claim in every claim status with totals computed from its lines', () => {
		const claims = seed.claims.map((c) => buildDemoClaim(c, seed.claim_lines, parameters));
		expect(new Set(claims.map((c) => c.status))).toEqual(new Set(lifecycles.claim.statuses));
		for (const claim of claims) {
			expect(toCents(claim.total_claimed)).toBe(claim.lines.reduce((s, l) => s + toCents(l['amount_claimed'] as string), 0));
			for (const line of claim.lines) {
				if (line['amount_approved'] !== null && toCents(line['amount_approved'] as string) < toCents(line['amount_claimed'] as string)) {
					expect(line['rejection_reason'], claim.claim_number).toBeTruthy();
				}
			}
		}
	});
});

describe('demo claims as intake and the decisions left them', () => {
	const terms = seed.products;
	const byNumber = new Map(policies.map((p) => [p.policy_number, p]));
	const contractOf = (number: string) => {
		const policy = byNumber.get(number)!;
		const product = terms[policy.product]!;
		return { benefits: product.benefits, annual_deductible: product.annual_deductible ?? null, begin_date: policy.begin_date, end_date: policy.end_date, coverage_limit: policy.coverage_limit };
	};
	const clientOf = (number: string) => byNumber.get(number)!.client;
	const claims = adjudicateDemoClaims(
		seed.claims.map((c) => buildDemoClaim(c, seed.claim_lines, parameters)),
		contractOf,
		clientOf,
	);

	it('show every reason code of the explanation of benefits', () => {
		const codes = new Set(claims.flatMap((c) => c.lines.flatMap((l) => ((l['adjudication'] as { code: string }[] | undefined) ?? []).map((cut) => cut.code))));
		expect([...codes].sort()).toEqual([...ADJUDICATION_CODES].sort());
	});

	it('add up on every filed line, and decided claims approve their proposal but for the override', () => {
		for (const claim of claims) {
			if (claim.status === 'Draft') {
				expect(claim.lines.every((l) => l['amount_benefit'] === undefined && l['amount_approved'] === null)).toBe(true);
				continue;
			}
			for (const line of claim.lines) {
				const cuts = (line['adjudication'] as { amount: string }[]).reduce((sum, cut) => sum + toCents(cut.amount), 0);
				const approved = line['amount_approved'] as string | null;
				// The parts add up to the claim: the approved amount once decided, the proposal before.
				expect(toCents(approved ?? (line['amount_benefit'] as string)) + cuts, `${claim.claim_number} ${line['description']}`).toBe(toCents(line['amount_claimed'] as string));
				if (approved !== null && toCents(approved) < toCents(line['amount_claimed'] as string)) expect(line['rejection_reason'], claim.claim_number).toBeTruthy();
			}
			const decided = ['PendingApproval', 'Approved', 'Rejected', 'Paid'].includes(claim.status);
			expect(claim.total_approved === null, claim.claim_number).toBe(!decided);
		}
		const rejected = claims.find((c) => c.status === 'Rejected')!;
		expect(rejected.total_approved).toBe('0.00');
		const overridden = claims.find((c) => c.claim_number === 'DEMO-C-0006')!;
		expect(overridden.lines[0]!['amount_approved']).toBe('250.00');
	});
});

describe('demo refunds', () => {
	it('show a refund pending and one paid, each as its cancellation computed it', () => {
		const refunds = policies.filter((p) => p.refund).map((p) => ({ policy: p.policy_number, status: p.refund!.status, reason: p.refund!.reason, reference: p.refund!.payment_reference }));
		expect(refunds.map((r) => r.status).sort()).toEqual(expect.arrayContaining(['Paid', 'Pending']));
		expect(refunds).toContainEqual({ policy: 'DEMO-P-0008', status: 'Paid', reason: 'Surrender', reference: 'DEMO-REFUND-0001' });
		for (const policy of policies.filter((p) => p.refund)) {
			const { refund } = policy;
			expect(toCents(refund!.amount)).toBeGreaterThan(0);
			expect(toCents(refund!.amount)).toBeLessThanOrEqual(toCents(refund!.paid_premium));
			expect(refund!.history.map((h) => `${h.from_status}→${h.to_status}`)).toEqual(refund!.status === 'Paid' ? ['null→Pending', 'Pending→Paid'] : ['null→Pending']);
		}
		// ClosedByClaim gives nothing back.
		expect(policies.find((p) => p.status === 'ClosedByClaim')!.refund).toBeNull();
	});
});
