import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../billing/errors';
import { toCents } from '../billing/money';
import { CLAIM_STATUSES } from '../lifecycles';
import {
	approvalLimitCents,
	approvalOutcome,
	AWAITING_DECISION,
	claimNumber,
	coverage,
	decideLine,
	decideLines,
	fitsCoverage,
	intakeChannel,
	isOverdue,
	lineAmountCents,
	MAX_RECEIPT_BYTES,
	priceClaim,
	priceLine,
	receiptProblem,
	serviceLevel,
	type ClaimLineInput,
} from './claims';

const period = { begin_date: '2026-01-15', end_date: '2027-01-14' };
const kinds = ['medication', 'consultation', 'hospital', 'other'];
const line = (over: Partial<ClaimLineInput> = {}): ClaimLineInput => ({ kind: 'medication', description: 'Amoxicillin', service_date: '2026-03-02', quantity: 2, unit_amount: '12.40', ...over });
const fieldOf = (fn: () => unknown) => {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(DomainError);
		return (error as DomainError).field;
	}
	throw new Error('expected a DomainError');
};

describe('lineAmountCents', () => {
	it.each([
		[1, '0.01', 1],
		[2, '12.40', 2480],
		[3, 19.99, 5997],
		[10_000, '1000000', 1_000_000_000_000],
		[1, '1.005', 101],
	])('%i × %s = %i cents', (quantity, unit, cents) => {
		expect(lineAmountCents(quantity, unit)).toBe(cents);
	});

	it.each([
		[0, '1', 'lines[2].quantity'],
		[-1, '1', 'lines[2].quantity'],
		[1.5, '1', 'lines[2].quantity'],
		[10_001, '1', 'lines[2].quantity'],
		[Number.NaN, '1', 'lines[2].quantity'],
		[1, '0', 'lines[2].unit_amount'],
		[1, '0.004', 'lines[2].unit_amount'],
		[1, '-5', 'lines[2].unit_amount'],
		[1, 'abc', 'lines[2].unit_amount'],
		[1, '1000000.01', 'lines[2].unit_amount'],
	])('refuses quantity %s, unit %s naming %s', (quantity, unit, field) => {
		expect(fieldOf(() => lineAmountCents(quantity, unit, 'lines[2]'))).toBe(field);
	});
});

describe('priceLine', () => {
	it('prices one line the way priceClaim prices each', () => {
		expect(priceLine(line({ quantity: 3, unit_amount: 5 }), period, '2026-11-21', kinds)).toMatchObject({ unit_amount: '5.00', amount_claimed: '15.00', cents: 1500 });
	});

	it.each([
		['lines[3]', { quantity: -5 }, 'lines[3].quantity'],
		['', { quantity: 1_000_000 }, 'quantity'],
		['', { unit_amount: '-1' }, 'unit_amount'],
		['', { service_date: '1990-01-01' }, 'service_date'],
		['', { kind: 'dental' }, 'kind'],
	] as const)('names the field under the prefix "%s" (%j → %s)', (prefix, over, field) => {
		expect(fieldOf(() => priceLine(line(over), period, '2026-11-21', kinds, prefix))).toBe(field);
	});
});

describe('decideLine', () => {
	it('names the fields of a line of its own without a prefix', () => {
		expect(fieldOf(() => decideLine({ id: 1, amount_claimed: '10.00' }, { id: 1, amount_approved: '11' }, ''))).toBe('amount_approved');
		expect(fieldOf(() => decideLine({ id: 1, amount_claimed: '10.00' }, { id: 1, amount_approved: '9' }, 'lines[2]'))).toBe('lines[2].rejection_reason');
		expect(decideLine({ id: 1, amount_claimed: '10.00' }, { id: 1, amount_approved: '10', rejection_reason: 'kept only when less' }, '')).toEqual({ id: 1, amount_approved: '10.00', rejection_reason: null });
	});
});

describe('priceClaim', () => {
	it('prices every line and totals them exactly', () => {
		const result = priceClaim([line(), line({ kind: 'consultation', quantity: 1, unit_amount: 30 }), line({ quantity: 3, unit_amount: '0.10' })], period, '2026-11-21', kinds);
		expect(result.lines.map((l) => l.amount_claimed)).toEqual(['24.80', '30.00', '0.30']);
		expect(result.lines[1]!.unit_amount).toBe('30.00');
		expect(result.total_claimed).toBe('55.10');
	});

	it('accepts service dates on the first and last day of the period and today', () => {
		expect(priceClaim([line({ service_date: '2026-01-15' }), line({ service_date: '2026-11-21' })], period, '2026-11-21', kinds).total_claimed).toBe('49.60');
		expect(priceClaim([line({ service_date: '2027-01-14' })], period, '2027-02-01', kinds).total_claimed).toBe('24.80');
	});

	it.each([
		[[], 'lines'],
		[Array.from({ length: 101 }, () => line()), 'lines'],
		[[line(), line({ kind: 'dental' })], 'lines[1].kind'],
		[[line({ service_date: '2026-02-30' })], 'lines[0].service_date'],
		[[line({ service_date: '02/03/2026' })], 'lines[0].service_date'],
		[[line({ service_date: '2026-01-14' })], 'lines[0].service_date'],
		[[line({ service_date: '2027-01-15' })], 'lines[0].service_date'],
		[[line(), line(), line({ service_date: '2026-11-22' })], 'lines[2].service_date'],
		[[line({ quantity: 0 })], 'lines[0].quantity'],
		[[line(), line({ unit_amount: '-1' })], 'lines[1].unit_amount'],
	] as const)('refuses %j naming %s', (lines, field) => {
		expect(fieldOf(() => priceClaim(lines as ClaimLineInput[], period, '2026-11-21', kinds))).toBe(field);
	});

	it('property: the total is the sum of quantity × unit cents', () => {
		fc.assert(
			fc.property(fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 10_000 }), cents: fc.integer({ min: 1, max: 100_000_000 }) }), { minLength: 1, maxLength: 100 }), (rows) => {
				const result = priceClaim(rows.map((r) => line({ quantity: r.quantity, unit_amount: (r.cents / 100).toFixed(2) })), period, '2026-11-21', kinds);
				expect(toCents(result.total_claimed)).toBe(rows.reduce((sum, r) => sum + r.quantity * r.cents, 0));
			}),
		);
	});
});

describe('decideLines', () => {
	const lines = [
		{ id: 1, amount_claimed: '24.80' },
		{ id: 2, amount_claimed: '30.00' },
	];

	it('lets a handler\'s decision above the proposal stand when the claim is confirmed later', () => {
		const overridden = { id: 1, amount_claimed: '9.00', amount_benefit: '0.00', amount_approved: '9.00', rejection_reason: null, adjudication: [{ code: 'DEDUCTIBLE' as const, amount: '9.00', note: '' }, { code: 'MANUAL_ADJUSTMENT' as const, amount: '-9.00', note: 'Deductible waived' }] };
		expect(decideLines([overridden]).total_approved).toBe('9.00');
	});

	it('approves in full without reasons and totals the approved amounts', () => {
		const result = decideLines(lines, [{ id: 2, amount_approved: 30 }, { id: 1, amount_approved: '24.80', rejection_reason: 'ignored when nothing is cut' }]);
		expect(result.lines).toEqual([
			{ id: 2, amount_approved: '30.00', rejection_reason: null },
			{ id: 1, amount_approved: '24.80', rejection_reason: null },
		]);
		expect(result.total_approved).toBe('54.80');
		expect(result.approvedCents).toBe(5480);
	});

	it('keeps the reason of a reduced or refused line', () => {
		const result = decideLines(lines, [{ id: 1, amount_approved: '20', rejection_reason: ' Generic price ' }, { id: '2', amount_approved: 0, rejection_reason: 'Not covered' }]);
		expect(result.lines).toEqual([
			{ id: 1, amount_approved: '20.00', rejection_reason: 'Generic price' },
			{ id: 2, amount_approved: '0.00', rejection_reason: 'Not covered' },
		]);
		expect(result.total_approved).toBe('20.00');
	});

	it.each([
		[[{ id: 1, amount_approved: '24.81' }, { id: 2, amount_approved: 30 }], 'lines[0].amount_approved'],
		[[{ id: 1, amount_approved: -1, rejection_reason: 'x' }, { id: 2, amount_approved: 30 }], 'lines[0].amount_approved'],
		[[{ id: 1, amount_approved: 'lots' }, { id: 2, amount_approved: 30 }], 'lines[0].amount_approved'],
		[[{ id: 1, amount_approved: 24.8 }, { id: 2, amount_approved: 29 }], 'lines[1].rejection_reason'],
		[[{ id: 1, amount_approved: 24.8 }, { id: 2, amount_approved: 29, rejection_reason: '   ' }], 'lines[1].rejection_reason'],
		[[{ id: 1, amount_approved: 24.8 }, { id: 9, amount_approved: 1 }], 'lines[1].id'],
		[[{ id: 1, amount_approved: 24.8 }, { id: 1, amount_approved: 24.8 }], 'lines[1].id'],
		[[{ id: 1, amount_approved: 24.8 }], 'lines'],
		[[], 'lines'],
	] as const)('refuses %j naming %s', (decisions, field) => {
		expect(fieldOf(() => decideLines(lines, decisions as never))).toBe(field);
	});

	it('without decisions, confirms the decisions already on the lines', () => {
		expect(decideLines([{ id: 1, amount_claimed: 10, amount_approved: '8', rejection_reason: 'Generic' }, { id: 2, amount_claimed: 5, amount_approved: 5 }]).total_approved).toBe('13.00');
		expect(fieldOf(() => decideLines([{ id: 1, amount_claimed: 10, amount_approved: null }]))).toBe('lines');
		expect(fieldOf(() => decideLines([{ id: 1, amount_claimed: 10, amount_approved: 8 }]))).toBe('lines.rejection_reason');
	});

	describe('on adjudicated lines', () => {
		const cuts = [
			{ code: 'DEDUCTIBLE' as const, amount: '20.00', note: 'annual deductible' },
			{ code: 'COINSURANCE' as const, amount: '16.00', note: '80 % of 80.00 is reimbursed' },
			{ code: 'PREAUTHORISATION_REQUIRED' as const, amount: '0.00', note: 'confirmed by a person' },
		];
		const proposed = { id: 7, amount_claimed: '100.00', amount_benefit: '64.00', adjudication: cuts };

		it('without a decision, approves the proposal with its reasons and cuts', () => {
			const result = decideLines([proposed]);
			expect(result.lines).toEqual([{ id: 7, amount_approved: '64.00', rejection_reason: 'DEDUCTIBLE: annual deductible; COINSURANCE: 80 % of 80.00 is reimbursed', adjudication: cuts }]);
			expect(result.total_approved).toBe('64.00');
		});

		it('a decision other than the proposal is a MANUAL_ADJUSTMENT with the reason, and the parts still add up', () => {
			const [line] = decideLines([proposed], [{ id: 7, amount_approved: '50', rejection_reason: 'Tariff of the network' }]).lines;
			expect(line!.adjudication!.at(-1)).toEqual({ code: 'MANUAL_ADJUSTMENT', amount: '14.00', note: 'Tariff of the network' });
			expect(line!.adjudication!.reduce((sum, cut) => sum + Number(cut.amount) * 100, 0) + 5000).toBe(10000);
			expect(fieldOf(() => decideLines([proposed], [{ id: 7, amount_approved: '100.00' }]))).toBe('lines[0].rejection_reason');
		});

		it('a line with neither a decision nor a proposal cannot be approved', () => {
			expect(fieldOf(() => decideLines([proposed, { id: 8, amount_claimed: '5.00' }]))).toBe('lines');
		});
	});

	it('property: approved never exceeds claimed and every cut has a reason', () => {
		fc.assert(
			fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 })), { minLength: 1, maxLength: 20 }), (pairs) => {
				const claimLines = pairs.map(([claimed], index) => ({ id: index + 1, amount_claimed: claimed / 100 }));
				const decisions = pairs.map(([, approved], index) => ({ id: index + 1, amount_approved: approved / 100, rejection_reason: 'Tariff' }));
				const ok = pairs.every(([claimed, approved]) => approved <= claimed);
				if (!ok) {
					expect(() => decideLines(claimLines, decisions)).toThrow(DomainError);
					return;
				}
				const result = decideLines(claimLines, decisions);
				expect(result.approvedCents).toBe(pairs.reduce((sum, [, approved]) => sum + approved, 0));
				result.lines.forEach((decided, index) => expect(decided.rejection_reason === null).toBe(pairs[index]![1] === pairs[index]![0]));
			}),
		);
	});
});

describe('approval limit', () => {
	it('uses the product limit, else the default', () => {
		expect(approvalLimitCents('2500.00', 1000)).toBe(250_000);
		expect(approvalLimitCents(null, '1000.00')).toBe(100_000);
		expect(approvalLimitCents(undefined, 1000)).toBe(100_000);
		expect(approvalLimitCents(0, 1000)).toBe(0);
	});

	it.each([
		[100_000, ['approve'], 'Approved'],
		[100_001, ['approve'], 'PendingApproval'],
		[100_001, ['decide-above-limit'], 'Approved'],
		[100_001, 'all', 'Approved'],
		[100_001, ['approve', 'reject', 'decide-above-limit'], 'Approved'],
		[100_001, [], 'PendingApproval'],
		[100_001, undefined, 'PendingApproval'],
		[0, ['approve'], 'Approved'],
	] as const)('%i cents approved with rights %j → %s (limit 1000.00)', (approved, rights, outcome) => {
		expect(approvalOutcome(approved, 100_000, rights)).toBe(outcome);
	});
});

describe('coverage', () => {
	it('counts paid totals against the limit', () => {
		expect(coverage('20000', ['1000.50', 500])).toEqual({ limitCents: 2_000_000, usedCents: 150_050, remainingCents: 1_849_950, exhausted: false });
		expect(coverage(1000, ['600', '400'])).toMatchObject({ remainingCents: 0, exhausted: true });
		expect(coverage(1000, ['600', '500'])).toMatchObject({ usedCents: 110_000, remainingCents: 0, exhausted: true });
		expect(coverage(1000, [])).toMatchObject({ usedCents: 0, remainingCents: 100_000, exhausted: false });
		expect(coverage(null, ['1000000'])).toEqual({ limitCents: null, usedCents: 100_000_000, remainingCents: null, exhausted: false });
	});

	it('checks an approval against what is still free', () => {
		const cov = coverage(1000, ['600']);
		expect(fitsCoverage(cov, 0, 40_000)).toBe(true);
		expect(fitsCoverage(cov, 0, 40_001)).toBe(false);
		expect(fitsCoverage(cov, 10_000, 30_001)).toBe(false);
		expect(fitsCoverage(coverage(null, []), 1e9, 1e9)).toBe(true);
	});
});

describe('claimNumber', () => {
	it('pads the id', () => {
		expect(claimNumber(2026, 42)).toBe('CLM-2026-000042');
		expect(claimNumber(2026, '1234567')).toBe('CLM-2026-1234567');
	});
	it('refuses nonsense', () => {
		expect(fieldOf(() => claimNumber(26, 1))).toBe('year');
		expect(fieldOf(() => claimNumber(2026, 'abc'))).toBe('id');
		expect(fieldOf(() => claimNumber(2026, -1))).toBe('id');
	});
});

describe('serviceLevel and isOverdue', () => {
	it('counts business days from the local submission date', () => {
		// Friday 2026-11-20 23:30 UTC is already Saturday in Paris: due 10 business days after Saturday.
		expect(serviceLevel('2026-11-20T23:30:00Z', 'Europe/Paris', 10)).toEqual({ submitted_on: '2026-11-21', decision_due_date: '2026-12-04' });
		expect(serviceLevel(new Date('2026-11-20T10:00:00Z'), 'UTC', 1)).toEqual({ submitted_on: '2026-11-20', decision_due_date: '2026-11-23' });
		expect(serviceLevel('2026-11-23T10:00:00Z', 'UTC', 0).decision_due_date).toBe('2026-11-23');
		expect(serviceLevel('2026-12-24T10:00:00Z', 'UTC', 1, ['2026-12-25']).decision_due_date).toBe('2026-12-28');
		expect(fieldOf(() => serviceLevel('2026-11-23T10:00:00Z', 'UTC', -1))).toBe('claim_service_level_days');
		expect(fieldOf(() => serviceLevel('2026-11-23T10:00:00Z', 'Mars/Olympus', 1))).toBe('time_zone');
	});

	it.each(CLAIM_STATUSES.map((status) => [status] as const))('%s: overdue only while waiting for a decision, after the due date', (status) => {
		const waiting = (AWAITING_DECISION as readonly string[]).includes(status);
		expect(isOverdue(status, '2026-11-20', '2026-11-21')).toBe(waiting);
		expect(isOverdue(status, '2026-11-21', '2026-11-21')).toBe(false);
		expect(isOverdue(status, null, '2026-11-21')).toBe(false);
	});
});

describe('intakeChannel', () => {
	it.each([
		[{ kind: 'client', roles: ['Client'] }, undefined, 'portal'],
		[{ kind: 'client', roles: ['Client'] }, 'portal', 'portal'],
		[{ kind: 'staff', roles: ['Call Center'] }, undefined, 'call_center'],
		[{ kind: 'staff', roles: ['Integrator'] }, 'api', 'api'],
		[{ kind: 'staff', roles: ['Claims Department'] }, undefined, 'call_center'],
		[{ kind: 'staff', roles: ['Administrator'] }, 'portal', 'portal'],
	] as const)('%j asking %s files through %s', (actor, requested, channel) => {
		expect(intakeChannel(actor, requested)).toEqual({ ok: true, channel });
	});

	it.each([
		[{ kind: 'client', roles: ['Client'] }, 'api'],
		[{ kind: 'staff', roles: ['Call Center'] }, 'portal'],
		[{ kind: 'staff', roles: ['Integrator'] }, 'call_center'],
		[{ kind: 'staff', roles: ['Administrator'] }, 'fax'],
	] as const)('%j may not claim channel %s', (actor, requested) => {
		expect(intakeChannel(actor, requested).ok).toBe(false);
	});
});

describe('receiptProblem', () => {
	it.each([
		[{ type: 'application/pdf', filesize: 1 }, null],
		[{ type: 'image/jpeg', filesize: MAX_RECEIPT_BYTES }, null],
		[{ type: 'image/png', filesize: '2048' }, null],
		[{ type: 'image/png', filesize: MAX_RECEIPT_BYTES + 1 }, /at most 10 MB/],
		[{ type: 'image/png', filesize: 0 }, /empty/],
		[{ type: 'image/png', filesize: null }, /empty/],
		[{ type: 'text/html', filesize: 10 }, /must be one of/],
		[{ type: null, filesize: 10 }, /unknown type/],
	] as const)('%j → %s', (file, problem) => {
		const result = receiptProblem(file);
		if (problem === null) expect(result).toBeNull();
		else expect(result).toMatch(problem);
	});
});
