import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../billing/errors';
import { fromCents, toCents } from '../billing/money';
import {
	adjudicateClaim,
	benefitBalances,
	overrideLine,
	duplicateSuspicion,
	policyYearOf,
	priorLineOf,
	straightThrough,
	type ClaimProposal,
	type Contract,
	type LineProposal,
	type LineToAdjudicate,
	type PriorLine,
} from './adjudication';
import type { Benefit } from './benefits';

// A two-year contract: 100 deductible per year, 5000 coverage over the whole term.
const consultation: Benefit = { kind: 'consultation', coverage_percent: '80.00', copay_amount: '20.00', per_claim_limit: '200.00', annual_limit: '500.00' };
const medication: Benefit = { kind: 'medication', coverage_percent: 100, annual_limit: '300.00', annual_quantity_limit: 10 };
const hospital: Benefit = { kind: 'hospital', coverage_percent: '90', waiting_period_days: 90, requires_preauthorisation: true };
const contract: Contract = { benefits: [consultation, medication, hospital], annual_deductible: '100.00', begin_date: '2026-01-01', end_date: '2027-12-31', coverage_limit: '5000.00' };
/** What an earlier claim of 2026 consumed: the whole deductible. */
const deductibleSpent: PriorLine = { kind: 'consultation', service_date: '2026-01-10', units: 1, amount_approved: 0, amount_deductible: '100.00' };

const line = (kind: string, service_date: string, quantity: number, unit_amount: string, over: Partial<LineToAdjudicate> = {}): LineToAdjudicate => ({ kind, service_date, quantity, unit_amount, ...over });
const parts = (proposal: LineProposal) => ({
	eligible: proposal.amount_eligible,
	deductible: proposal.amount_deductible,
	copay: proposal.amount_copay,
	benefit: proposal.amount_benefit,
	cuts: proposal.adjudication.map(({ code, amount }) => `${code} ${amount}`),
});
const adjudicateOne = (l: LineToAdjudicate, prior: PriorLine[] = [], c: Contract = contract) => adjudicateClaim({ contract: c, prior, lines: [l] }).lines[0]!;

describe('policyYearOf', () => {
	it.each([
		['2026-01-01', '2026-01-01', '2026-01-01', '2026-12-31', 0],
		['2026-01-01', '2026-12-31', '2026-01-01', '2026-12-31', 0],
		['2026-01-01', '2027-01-01', '2027-01-01', '2027-12-31', 1],
		['2026-03-15', '2027-03-14', '2026-03-15', '2027-03-14', 0],
		['2026-03-15', '2026-03-14', '2025-03-15', '2026-03-14', -1],
		// A 29 February start: the anniversary is 28 February in common years, 29 in leap years.
		['2024-02-29', '2025-02-27', '2024-02-29', '2025-02-27', 0],
		['2024-02-29', '2025-02-28', '2025-02-28', '2026-02-27', 1],
		['2024-02-29', '2028-02-28', '2027-02-28', '2028-02-28', 3],
		['2024-02-29', '2028-02-29', '2028-02-29', '2029-02-27', 4],
	])('begin %s, date %s → %s to %s (#%i)', (begin, date, begin_date, end_date, index) => {
		expect(policyYearOf(begin, date)).toEqual({ begin_date, end_date, index });
	});

	it('names the field of a bad date', () => {
		expect(() => policyYearOf('2026-01-01', '2026-02-30', 'lines[0].service_date')).toThrow(expect.objectContaining({ field: 'lines[0].service_date' }));
	});
});

describe('adjudicateClaim: every reason code with hand-computed figures', () => {
	it('NOT_COVERED: a kind without a benefit row, and a date after the end of the contract', () => {
		expect(parts(adjudicateOne(line('other', '2026-02-01', 1, '50.00')))).toEqual({ eligible: '0.00', deductible: '0.00', copay: '0.00', benefit: '0.00', cuts: ['NOT_COVERED 50.00'] });
		expect(parts(adjudicateOne(line('consultation', '2028-01-01', 2, '30.00')))).toEqual({ eligible: '0.00', deductible: '0.00', copay: '0.00', benefit: '0.00', cuts: ['NOT_COVERED 60.00'] });
	});

	it('WAITING_PERIOD: hospital is covered from begin_date + 90 days = 2026-04-01', () => {
		const waiting = adjudicateOne(line('hospital', '2026-03-31', 1, '800.00'));
		expect(parts(waiting)).toEqual({ eligible: '0.00', deductible: '0.00', copay: '0.00', benefit: '0.00', cuts: ['WAITING_PERIOD 800.00'] });
		expect(waiting.adjudication[0]!.note).toContain('2026-04-01');
		// The first covered day: the deductible (100) comes off, 90 % of 700 = 630.
		expect(parts(adjudicateOne(line('hospital', '2026-04-01', 1, '800.00'))).benefit).toBe('630.00');
	});

	it('DEDUCTIBLE, COPAY, COINSURANCE: 150 → 100 deductible, 20 co-pay, 80 % of 30 = 24', () => {
		expect(parts(adjudicateOne(line('consultation', '2026-02-01', 1, '150.00')))).toEqual({
			eligible: '150.00',
			deductible: '100.00',
			copay: '20.00',
			benefit: '24.00',
			cuts: ['DEDUCTIBLE 100.00', 'COPAY 20.00', 'COINSURANCE 6.00'],
		});
	});

	it('PER_CLAIM_LIMIT: consultations of one claim share 200', () => {
		const proposal = adjudicateClaim({
			contract,
			lines: [line('consultation', '2026-02-01', 1, '150.00'), line('consultation', '2026-02-02', 2, '90.00'), line('consultation', '2026-02-03', 1, '100.00')],
		});
		// 1: 24 (above). 2: 180 − 20 co-pay = 160 × 80 % = 128 (152 used). 3: 80 × 80 % = 64, 48 left.
		expect(proposal.lines.map(parts)).toEqual([
			{ eligible: '150.00', deductible: '100.00', copay: '20.00', benefit: '24.00', cuts: ['DEDUCTIBLE 100.00', 'COPAY 20.00', 'COINSURANCE 6.00'] },
			{ eligible: '180.00', deductible: '0.00', copay: '20.00', benefit: '128.00', cuts: ['COPAY 20.00', 'COINSURANCE 32.00'] },
			{ eligible: '100.00', deductible: '0.00', copay: '20.00', benefit: '48.00', cuts: ['COPAY 20.00', 'COINSURANCE 16.00', 'PER_CLAIM_LIMIT 16.00'] },
		]);
		expect(proposal).toMatchObject({ total_claimed: '430.00', total_benefit: '200.00' });
	});

	it('ANNUAL_LIMIT: 480 of the 500 approved in this policy year, nothing the year after', () => {
		const prior: PriorLine[] = [deductibleSpent, { kind: 'consultation', service_date: '2026-06-01', units: 6, amount_approved: '480.00', amount_deductible: 0 }];
		// 100 − 20 co-pay = 80 × 80 % = 64; 20 left of the annual limit.
		expect(parts(adjudicateOne(line('consultation', '2026-09-01', 1, '100.00'), prior))).toEqual({
			eligible: '100.00',
			deductible: '0.00',
			copay: '20.00',
			benefit: '20.00',
			cuts: ['COPAY 20.00', 'COINSURANCE 16.00', 'ANNUAL_LIMIT 44.00'],
		});
		// 2027 is a new policy year: a fresh deductible takes all 100.
		expect(parts(adjudicateOne(line('consultation', '2027-01-02', 1, '100.00'), prior)).cuts).toEqual(['DEDUCTIBLE 100.00']);
	});

	it('COVERAGE_LIMIT: 4990 of the 5000 paid over the contract, whatever the year', () => {
		const prior: PriorLine[] = [deductibleSpent, { kind: 'hospital', service_date: '2026-05-01', units: 1, amount_approved: '4990.00' }];
		expect(parts(adjudicateOne(line('medication', '2026-07-01', 3, '10.00'), prior))).toEqual({ eligible: '30.00', deductible: '0.00', copay: '0.00', benefit: '10.00', cuts: ['COVERAGE_LIMIT 20.00'] });
		const nextYear = adjudicateOne(line('medication', '2027-07-01', 3, '50.00'), [...prior, { ...deductibleSpent, service_date: '2027-01-05' }]);
		expect(parts(nextYear).cuts).toEqual(['COVERAGE_LIMIT 140.00']);
	});

	it('QUANTITY_LIMIT: 8 of 10 units used → 3 of 5 cut at 12.40; a new policy year counts again', () => {
		const prior: PriorLine[] = [deductibleSpent, { kind: 'medication', service_date: '2026-03-01', units: 8, amount_approved: '99.20' }];
		const cutLine = adjudicateOne(line('medication', '2026-04-01', 5, '12.40'), prior);
		expect(parts(cutLine)).toEqual({ eligible: '24.80', deductible: '0.00', copay: '0.00', benefit: '24.80', cuts: ['QUANTITY_LIMIT 37.20'] });
		expect(cutLine.units_eligible).toBe(2);
		const nextYear = adjudicateOne(line('medication', '2027-01-05', 5, '12.40'), prior);
		expect(nextYear).toMatchObject({ policy_year: '2027-01-01', units_eligible: 5 });
		expect(parts(nextYear).cuts).toEqual(['DEDUCTIBLE 62.00']);
	});

	it('QUANTITY_LIMIT on a stored amount that is not quantity × unit: cut in proportion, half-up', () => {
		const prior: PriorLine[] = [deductibleSpent, { kind: 'medication', service_date: '2026-03-01', units: 9, amount_approved: 0 }];
		// 2 of 3 units beyond the limit: 10.00 × 2 / 3 = 6.666… → 6.67.
		expect(parts(adjudicateOne(line('medication', '2026-04-01', 3, '3.33', { amount_claimed: '10.00' }), prior)).cuts).toEqual(['QUANTITY_LIMIT 6.67']);
	});

	it('PREAUTHORISATION_REQUIRED: a flag of 0 on the full proposal (90 % of 1000)', () => {
		expect(parts(adjudicateOne(line('hospital', '2026-05-01', 1, '1000.00'), [deductibleSpent]))).toEqual({
			eligible: '1000.00',
			deductible: '0.00',
			copay: '0.00',
			benefit: '900.00',
			cuts: ['COINSURANCE 100.00', 'PREAUTHORISATION_REQUIRED 0.00'],
		});
		// In the waiting period there is nothing to authorise.
		expect(parts(adjudicateOne(line('hospital', '2026-02-01', 1, '1000.00'))).cuts).toEqual(['WAITING_PERIOD 1000.00']);
	});

	it('DUPLICATE_SUSPECTED: the same receipt, or the same kind, date and amount, on another claim', () => {
		const others = [
			{ claim: 'CLM-2026-000007', kind: 'medication', service_date: '2026-03-01', amount_claimed: '24.80', receipt_hash: 'abc' },
			{ claim: 'CLM-2026-000008', kind: 'consultation', service_date: '2026-03-02', amount_claimed: '60.00', receipt_hash: null },
		];
		const proposal = adjudicateClaim({
			contract,
			prior: [deductibleSpent],
			others,
			lines: [
				line('medication', '2026-03-05', 1, '30.00', { receipt_hash: 'abc' }),
				line('consultation', '2026-03-02', 1, '60.00'),
				line('consultation', '2026-03-02', 1, '60.01'),
				line('medication', '2026-03-01', 1, '24.80', { receipt_hash: 'other' }),
			],
		});
		expect(proposal.lines.map((l) => l.adjudication.filter((c) => c.code === 'DUPLICATE_SUSPECTED').map((c) => `${c.amount} ${c.note}`))).toEqual([
			['0.00 the same receipt is on claim CLM-2026-000007'],
			['0.00 claim CLM-2026-000008 has a "consultation" line of 60.00 on 2026-03-02 too'],
			[],
			['0.00 claim CLM-2026-000007 has a "medication" line of 24.80 on 2026-03-01 too'],
		]);
		// The flag cuts nothing: the first line is still paid in full.
		expect(proposal.lines[0]!.amount_benefit).toBe('30.00');
		expect(duplicateSuspicion({ kind: 'medication', service_date: '2026-03-01', amount_claimed: 24.8 }, [])).toBeNull();
	});

	it('MANUAL_ADJUSTMENT: a handler approving less, or more, than proposed, with a reason', () => {
		const proposal = adjudicateOne(line('consultation', '2026-02-01', 1, '150.00'));
		expect(overrideLine(proposal, '10.00', 'Second opinion not prescribed')).toEqual({
			amount_approved: '10.00',
			adjudication: [...proposal.adjudication, { code: 'MANUAL_ADJUSTMENT', amount: '14.00', note: 'Second opinion not prescribed' }],
		});
		expect(overrideLine(proposal, '44.00', 'Co-pay waived after complaint').adjudication.at(-1)).toEqual({ code: 'MANUAL_ADJUSTMENT', amount: '-20.00', note: 'Co-pay waived after complaint' });
		// Accepting the proposal needs no reason and adds nothing; a second decision replaces the first.
		expect(overrideLine(proposal, '24.00', null)).toEqual({ amount_approved: '24.00', adjudication: proposal.adjudication });
		expect(overrideLine({ ...proposal, adjudication: overrideLine(proposal, 0, 'not needed').adjudication }, '24.00', null).adjudication).toEqual(proposal.adjudication);
	});

	it.each([
		['10.00', undefined, 'rejection_reason'],
		['-1', 'x', 'lines[0].amount_approved'],
		['150.01', 'x', 'lines[0].amount_approved'],
	])('a decision of %s with reason %s is refused naming %s', (amount, reason, field) => {
		const proposal = adjudicateOne(line('consultation', '2026-02-01', 1, '150.00'));
		expect(() => overrideLine(proposal, amount, reason, 'lines[0].amount_approved')).toThrow(expect.objectContaining({ field }));
	});
});

describe('adjudicateClaim: order and rounding', () => {
	it('takes lines by service date, then position, and answers in the given order', () => {
		const proposal = adjudicateClaim({ contract, lines: [line('medication', '2026-03-02', 1, '80.00'), line('medication', '2026-03-01', 1, '30.00'), line('medication', '2026-03-01', 1, '40.00')] });
		// 2026-03-01 #2 takes 30 of the deductible, 2026-03-01 #3 takes 40, the 2026-03-02 line the last 30.
		expect(proposal.lines.map((l) => l.amount_deductible)).toEqual(['30.00', '30.00', '40.00']);
		expect(proposal.lines.map((l) => l.amount_benefit)).toEqual(['50.00', '0.00', '0.00']);
	});

	it.each([
		['50', '0.01', '0.01'], // 0.005 rounds half-up
		['50', '0.03', '0.02'], // 0.015 → 0.02
		['82.5', '10.01', '8.26'], // 8.25825
		['33.33', '100.00', '33.33'],
		['0', '999.99', '0.00'],
		['100', '999.99', '999.99'],
	])('%s %% of %s = %s', (percent, amount, benefit) => {
		const c: Contract = { benefits: [{ kind: 'other', coverage_percent: percent }], begin_date: '2026-01-01', end_date: '2026-12-31' };
		expect(adjudicateOne(line('other', '2026-02-01', 1, amount), [], c).amount_benefit).toBe(benefit);
	});

	it('rounds on exact integers even for the largest line (10 000 × 1 000 000)', () => {
		const c: Contract = { benefits: [{ kind: 'other', coverage_percent: '99.99' }], begin_date: '2026-01-01', end_date: '2026-12-31' };
		expect(adjudicateOne(line('other', '2026-02-01', 10_000, '999999.99'), [], c).amount_benefit).toBe('9998999900.01');
	});

	it('names the field of bad input', () => {
		const refused = (fn: () => unknown) => {
			try {
				fn();
			} catch (error) {
				expect(error).toBeInstanceOf(DomainError);
				return (error as DomainError).field;
			}
			return 'no error';
		};
		expect(refused(() => adjudicateClaim({ contract, lines: [line('other', '2026-02-30', 1, '1')] }))).toBe('lines[0].service_date');
		expect(refused(() => adjudicateClaim({ contract, lines: [line('other', '2026-02-01', 0, '1')] }))).toBe('lines[0].quantity');
		expect(refused(() => adjudicateClaim({ contract: { ...contract, benefits: [{ kind: 'x', coverage_percent: 101 }] }, lines: [] }))).toBe('benefits[0].coverage_percent');
		expect(refused(() => adjudicateClaim({ contract: { ...contract, benefits: [consultation, consultation] }, lines: [] }))).toBe('benefits[1].kind');
		expect(refused(() => adjudicateClaim({ contract, prior: [{ ...deductibleSpent, amount_approved: '-1' }], lines: [] }))).toBe('prior[0].amount_approved');
	});
});

describe('priorLineOf', () => {
	it('reads back the units a decided line counted from its stored adjudication', () => {
		const prior: PriorLine[] = [deductibleSpent, { kind: 'medication', service_date: '2026-03-01', units: 8, amount_approved: '99.20' }];
		const decide = (l: LineToAdjudicate) => {
			const p = adjudicateOne(l, prior);
			return priorLineOf({ ...l, amount_claimed: p.amount_claimed, amount_approved: p.amount_benefit, amount_deductible: p.amount_deductible, adjudication: p.adjudication });
		};
		expect(decide(line('medication', '2026-04-01', 5, '12.40'))).toEqual({ kind: 'medication', service_date: '2026-04-01', units: 2, amount_approved: '24.80', amount_deductible: '0.00' });
		expect(decide(line('medication', '2026-04-01', 3, '3.33', { amount_claimed: '10.00' })).units).toBe(2);
		expect(decide(line('hospital', '2026-02-01', 2, '100.00')).units).toBe(0);
		expect(priorLineOf({ kind: 'other', service_date: '2026-01-05', quantity: 3, amount_claimed: 30, amount_approved: null })).toMatchObject({ units: 3, amount_approved: 0, amount_deductible: 0 });
	});
});

describe('straightThrough', () => {
	const small = adjudicateClaim({ contract, prior: [deductibleSpent], lines: [line('medication', '2026-03-01', 2, '12.40'), line('consultation', '2026-03-01', 1, '45.00')] });
	it('approves a small claim with a receipt on every line', () => {
		expect(small.total_benefit).toBe('44.80');
		expect(straightThrough(small, [true, true], '50.00')).toEqual({ ok: true });
		expect(straightThrough(small, [true, true], '44.80')).toEqual({ ok: true });
	});
	it.each<[string, ClaimProposal, boolean[], string | null]>([
		['without a receipt', small, [true, false], '50.00'],
		['above the limit', small, [true, true], '44.79'],
		['when the product has no limit', small, [true, true], null],
		['when it pays nothing', adjudicateClaim({ contract, lines: [line('other', '2026-03-01', 1, '5.00')] }), [true], '50.00'],
		['with a suspected duplicate', adjudicateClaim({ contract, prior: [deductibleSpent], others: [{ claim: 1, kind: 'medication', service_date: '2026-03-01', amount_claimed: '5.00' }], lines: [line('medication', '2026-03-01', 1, '5.00')] }), [true], '50.00'],
		['with a line needing pre-authorisation', adjudicateClaim({ contract, prior: [deductibleSpent], lines: [line('hospital', '2026-05-01', 1, '10.00')] }), [true], '50.00'],
	])('leaves it to a person %s', (_case, proposal, receipts, limit) => {
		expect(straightThrough(proposal, receipts, limit)).toMatchObject({ ok: false });
	});
});

describe('benefitBalances', () => {
	it('shows the policy year of the date: limits, used, left', () => {
		const prior: PriorLine[] = [
			{ kind: 'consultation', service_date: '2026-02-01', units: 1, amount_approved: '24.00', amount_deductible: '100.00' },
			{ kind: 'medication', service_date: '2026-03-01', units: 8, amount_approved: '99.20' },
			{ kind: 'medication', service_date: '2027-03-01', units: 2, amount_approved: '5.00', amount_deductible: '20.00' },
		];
		expect(benefitBalances(contract, prior, '2026-12-31')).toEqual({
			policy_year: { begin_date: '2026-01-01', end_date: '2026-12-31' },
			deductible: { annual_deductible: '100.00', used: '100.00', left: '0.00' },
			coverage: { coverage_limit: '5000.00', used: '128.20', left: '4871.80' },
			benefits: [
				{ kind: 'consultation', annual_limit: '500.00', used: '24.00', left: '476.00', annual_quantity_limit: null, quantity_used: 1, quantity_left: null },
				{ kind: 'medication', annual_limit: '300.00', used: '99.20', left: '200.80', annual_quantity_limit: 10, quantity_used: 8, quantity_left: 2 },
				{ kind: 'hospital', annual_limit: null, used: '0.00', left: null, annual_quantity_limit: null, quantity_used: 0, quantity_left: null },
			],
		});
		const next = benefitBalances(contract, prior, '2027-06-30');
		expect(next.deductible).toEqual({ annual_deductible: '100.00', used: '20.00', left: '80.00' });
		expect(next.benefits[1]).toMatchObject({ used: '5.00', quantity_used: 2, quantity_left: 8 });
	});
});

// ---- Properties ----------------------------------------------------------------------------

const KINDS = ['a', 'b', 'c', 'd'] as const; // 'd' never has a benefit
const BEGIN = '2026-01-01';
const day = (offset: number) => DateFrom(BEGIN, offset);
function DateFrom(date: string, offset: number) {
	const d = new Date(`${date}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + offset);
	return d.toISOString().slice(0, 10);
}
const cents = (max: number) => fc.integer({ min: 0, max });
const limitCents = (max: number) => fc.option(cents(max), { nil: null });

const benefitArb = (kind: string) =>
	fc.record({
		kind: fc.constant(kind),
		coverage_percent: fc.integer({ min: 0, max: 100_00 }).map(fromCents),
		copay_amount: limitCents(3_000).map((v) => (v === null ? null : fromCents(v))),
		per_claim_limit: limitCents(40_000).map((v) => (v === null ? null : fromCents(v))),
		annual_limit: limitCents(60_000).map((v) => (v === null ? null : fromCents(v))),
		annual_quantity_limit: fc.option(fc.integer({ min: 0, max: 12 }), { nil: null }),
		waiting_period_days: fc.integer({ min: 0, max: 60 }),
		requires_preauthorisation: fc.boolean(),
	});
const contractArb: fc.Arbitrary<Contract> = fc.record({
	benefits: fc.tuple(benefitArb('a'), benefitArb('b'), benefitArb('c'), fc.subarray(['a', 'b', 'c'])).map(([a, b, c, keep]) => [a, b, c].filter((x) => keep.includes(x.kind))),
	annual_deductible: limitCents(20_000).map((v) => (v === null ? null : fromCents(v))),
	begin_date: fc.constant(BEGIN),
	end_date: fc.constant('2027-12-31'),
	coverage_limit: limitCents(150_000).map((v) => (v === null ? null : fromCents(v))),
});
// Dates from a month before the contract to a month after its end, often the same few days.
const dateArb = fc.oneof(fc.integer({ min: -31, max: 760 }).map(day), fc.constantFrom('2026-03-01', '2026-12-31', '2027-01-01'));
const lineArb: fc.Arbitrary<LineToAdjudicate> = fc.record({
	kind: fc.constantFrom(...KINDS),
	service_date: dateArb,
	quantity: fc.integer({ min: 1, max: 6 }),
	unit_amount: fc.integer({ min: 1, max: 20_000 }).map(fromCents),
});
const priorArb: fc.Arbitrary<PriorLine> = fc.record({
	kind: fc.constantFrom(...KINDS),
	service_date: fc.integer({ min: 0, max: 729 }).map(day),
	units: fc.integer({ min: 0, max: 6 }),
	amount_approved: cents(30_000).map(fromCents),
	amount_deductible: cents(6_000).map(fromCents),
});
const caseArb = fc.record({ contract: contractArb, prior: fc.array(priorArb, { maxLength: 6 }), lines: fc.array(lineArb, { minLength: 1, maxLength: 10 }) });

const c = (amount: string) => toCents(amount);
const total = (proposal: ClaimProposal) => c(proposal.total_benefit);
const SHARES = ['DEDUCTIBLE', 'COPAY', 'COINSURANCE', 'PER_CLAIM_LIMIT', 'ANNUAL_LIMIT', 'COVERAGE_LIMIT'];
const cutOf = (l: LineProposal, code: string) => l.adjudication.filter((x) => x.code === code).reduce((sum, x) => sum + c(x.amount), 0);

describe('adjudicateClaim properties', () => {
	it('every part is non-negative and claimed = benefit + Σ cuts = eligible + the step-1/2 cuts', () => {
		fc.assert(
			fc.property(caseArb, ({ contract: k, prior, lines }) => {
				for (const l of adjudicateClaim({ contract: k, prior, lines }).lines) {
					const figures = [l.amount_eligible, l.amount_deductible, l.amount_copay, l.amount_benefit, ...l.adjudication.map((x) => x.amount)].map(c);
					expect(figures.every((x) => x >= 0)).toBe(true);
					expect(c(l.amount_benefit) + l.adjudication.reduce((sum, x) => sum + c(x.amount), 0)).toBe(c(l.amount_claimed));
					expect(c(l.amount_eligible) + cutOf(l, 'NOT_COVERED') + cutOf(l, 'WAITING_PERIOD') + cutOf(l, 'QUANTITY_LIMIT')).toBe(c(l.amount_claimed));
					expect(c(l.amount_benefit) + SHARES.reduce((sum, code) => sum + cutOf(l, code), 0)).toBe(c(l.amount_eligible));
					expect([cutOf(l, 'DEDUCTIBLE'), cutOf(l, 'COPAY')]).toEqual([c(l.amount_deductible), c(l.amount_copay)]);
				}
			}),
		);
	});

	it('never pays above what the per-claim, annual and coverage limits and the deductible leave', () => {
		fc.assert(
			fc.property(caseArb, ({ contract: k, prior, lines }) => {
				const proposal = adjudicateClaim({ contract: k, prior, lines });
				const sum = (pick: (l: LineProposal, i: number) => boolean, amount: (l: LineProposal) => string) =>
					proposal.lines.reduce((s, l, i) => s + (pick(l, i) ? c(amount(l)) : 0), 0);
				const priorSum = (pick: (p: PriorLine) => boolean, amount: (p: PriorLine) => string | number) => prior.filter(pick).reduce((s, p) => s + toCents(amount(p)), 0);
				const year = (date: string) => policyYearOf(BEGIN, date).begin_date;
				if (k.coverage_limit !== null) {
					const left = Math.max(0, c(k.coverage_limit as string) - priorSum(() => true, (p) => p.amount_approved));
					expect(total(proposal)).toBeLessThanOrEqual(left);
				}
				const years = new Set(proposal.lines.map((l) => l.policy_year));
				for (const y of years) {
					const inYear = (l: LineProposal) => l.policy_year === y;
					const deductibleLeft = Math.max(0, toCents(k.annual_deductible ?? 0) - priorSum((p) => year(p.service_date) === y, (p) => p.amount_deductible ?? 0));
					expect(sum(inYear, (l) => l.amount_deductible)).toBeLessThanOrEqual(deductibleLeft);
					for (const b of k.benefits) {
						const ofKind = (l: LineProposal, i: number) => inYear(l) && lines[i]!.kind === b.kind;
						if (b.annual_limit !== null && b.annual_limit !== undefined) {
							const left = Math.max(0, c(b.annual_limit as string) - priorSum((p) => p.kind === b.kind && year(p.service_date) === y, (p) => p.amount_approved));
							expect(sum(ofKind, (l) => l.amount_benefit)).toBeLessThanOrEqual(left);
						}
						if (b.annual_quantity_limit !== null && b.annual_quantity_limit !== undefined) {
							const used = prior.filter((p) => p.kind === b.kind && year(p.service_date) === y).reduce((s, p) => s + p.units, 0);
							const units = proposal.lines.reduce((s, l, i) => s + (ofKind(l, i) ? l.units_eligible : 0), 0);
							expect(units).toBeLessThanOrEqual(Math.max(0, b.annual_quantity_limit - used));
						}
					}
				}
				for (const b of k.benefits) {
					if (b.per_claim_limit === null || b.per_claim_limit === undefined) continue;
					expect(sum((_l, i) => lines[i]!.kind === b.kind, (l) => l.amount_benefit)).toBeLessThanOrEqual(c(b.per_claim_limit as string));
				}
			}),
		);
	});

	// Raising a limit (or lowering the insured's share) never lowers the claim's total benefit.
	// Not per line: a line paid more uses up room a later line under the same cap would have had.
	const raises: [string, (k: Contract, kind: string, by: number) => Contract][] = [
		['coverage_limit', (k, _kind, by) => ({ ...k, coverage_limit: k.coverage_limit === null ? null : fromCents(c(k.coverage_limit as string) + by) })],
		...(['per_claim_limit', 'annual_limit'] as const).map(
			(field): [string, (k: Contract, kind: string, by: number) => Contract] => [
				field,
				(k, kind, by) => ({ ...k, benefits: k.benefits.map((b) => (b.kind === kind && b[field] != null ? { ...b, [field]: fromCents(c(b[field] as string) + by) } : b)) }),
			],
		),
		['annual_quantity_limit', (k, kind, by) => ({ ...k, benefits: k.benefits.map((b) => (b.kind === kind && b.annual_quantity_limit != null ? { ...b, annual_quantity_limit: b.annual_quantity_limit + (by % 4) } : b)) })],
		['coverage_percent', (k, kind, by) => ({ ...k, benefits: k.benefits.map((b) => (b.kind === kind ? { ...b, coverage_percent: fromCents(Math.min(100_00, c(b.coverage_percent as string) + by)) } : b)) })],
		['annual_deductible (lowered)', (k, _kind, by) => ({ ...k, annual_deductible: k.annual_deductible == null ? null : fromCents(Math.max(0, c(k.annual_deductible as string) - by)) })],
		['copay_amount (lowered)', (k, kind, by) => ({ ...k, benefits: k.benefits.map((b) => (b.kind === kind && b.copay_amount != null ? { ...b, copay_amount: fromCents(Math.max(0, c(b.copay_amount as string) - by)) } : b)) })],
		['waiting_period_days (shortened)', (k, kind, by) => ({ ...k, benefits: k.benefits.map((b) => (b.kind === kind ? { ...b, waiting_period_days: Math.max(0, (b.waiting_period_days ?? 0) - (by % 30)) } : b)) })],
	];
	it('per line it is not: the annual limit of "a" raised, "a" takes the coverage "b" had', () => {
		const k = (limit: string): Contract => ({ benefits: [{ kind: 'a', coverage_percent: 100, annual_limit: limit }, { kind: 'b', coverage_percent: 100 }], begin_date: BEGIN, end_date: '2026-12-31', coverage_limit: '100' });
		const lines = [line('a', '2026-02-01', 1, '100'), line('b', '2026-02-02', 1, '100')];
		expect(adjudicateClaim({ contract: k('0'), lines }).lines.map((l) => l.amount_benefit)).toEqual(['0.00', '100.00']);
		expect(adjudicateClaim({ contract: k('100'), lines }).lines.map((l) => l.amount_benefit)).toEqual(['100.00', '0.00']);
	});
	// A shorter waiting period lets an earlier line in, and under an annual quantity limit a cheap
	// early line may use the count a dearer later line had: amounts caps cannot turn that way, counts can.
	const countsLimited = (k: Contract, kind: string) => k.benefits.some((b) => b.kind === kind && b.annual_quantity_limit != null);
	it('a shorter waiting period may lower the total under an annual quantity limit', () => {
		const k = (waiting: number): Contract => ({ benefits: [{ kind: 'c', coverage_percent: 100, annual_quantity_limit: 1, waiting_period_days: waiting }], begin_date: BEGIN, end_date: '2026-12-31', coverage_limit: null });
		const lines = [line('c', BEGIN, 1, '1'), line('c', '2026-03-01', 1, '50')];
		expect(total(adjudicateClaim({ contract: k(1), lines }))).toBeGreaterThan(total(adjudicateClaim({ contract: k(0), lines })));
	});
	it.each(raises)('is monotonic in %s', (field, raise) => {
		fc.assert(
			fc.property(caseArb, fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 1, max: 20_000 }), ({ contract: k, prior, lines }, kind, by) => {
				fc.pre(!(field.startsWith('waiting_period_days') && countsLimited(k, kind)));
				const before = adjudicateClaim({ contract: k, prior, lines });
				const after = adjudicateClaim({ contract: raise(k, kind, by), prior, lines });
				expect(total(after)).toBeGreaterThanOrEqual(total(before));
			}),
			{ numRuns: 300 },
		);
	});

	// Lines filed in one claim or spread over several claims of the same policy, each approved at
	// its proposal before the next is filed, in service-date order, get the same figures: the
	// "left" of every rule counts the earlier claims exactly as it counts earlier lines. Holds only
	// without per-claim limits (they reset with each claim, by definition), and only when the
	// claims follow the service dates (a claim for an earlier date filed later is taken after).
	it('splitting lines across claims in service-date order changes nothing (no per-claim limits)', () => {
		fc.assert(
			fc.property(caseArb, fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }), ({ contract: k, prior, lines }, cuts) => {
				const noPerClaim: Contract = { ...k, benefits: k.benefits.map((b) => ({ ...b, per_claim_limit: null })) };
				const sorted = [...lines].sort((x, y) => x.service_date.localeCompare(y.service_date));
				const whole = adjudicateClaim({ contract: noPerClaim, prior, lines: sorted }).lines;

				const pieces: LineProposal[] = [];
				const used = [...prior];
				let start = 0;
				for (let i = 1; i <= sorted.length; i++) {
					if (i < sorted.length && !cuts[i]) continue;
					const claim = sorted.slice(start, i);
					const proposal = adjudicateClaim({ contract: noPerClaim, prior: used, lines: claim });
					// Approved at the proposal; what they consumed is read back from the stored figures.
					proposal.lines.forEach((l, j) => used.push(priorLineOf({ ...claim[j]!, amount_claimed: l.amount_claimed, amount_approved: l.amount_benefit, amount_deductible: l.amount_deductible, adjudication: l.adjudication })));
					pieces.push(...proposal.lines);
					start = i;
				}
				expect(pieces).toEqual(whole);
			}),
		);
	});
});
