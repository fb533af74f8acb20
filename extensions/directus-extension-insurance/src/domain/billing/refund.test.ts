import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from './dates';
import { DomainError } from './errors';
import { computeRefund, earnedPremiumCents, type RefundInput } from './refund';

// A year of 365 days, 1200.00 of premium, three monthly installments paid, 14 cooling-off days.
const year: RefundInput = {
	reasonType: 'Surrender',
	premiumAmount: '1200.00',
	paidAmount: '300.00',
	beginDate: '2025-01-01',
	endDate: '2026-01-01',
	effectiveDate: '2025-03-01',
	coolingOffDays: 14,
	surrenderFee: '25.00',
};
// 59 days of 365 elapsed on 2025-03-01: 120000 × 59 / 365 = 19397.26… → 19397 cents earned.
const EARNED_MARCH = 19397;

describe('earnedPremiumCents', () => {
	it.each([
		['begin day: nothing earned', '2025-01-01', 0],
		['before the begin date: nothing earned', '2024-12-20', 0],
		['59 of 365 days', '2025-03-01', EARNED_MARCH],
		['half a year, 181 of 365 days: 59506.8… → 59507', '2025-07-01', 59507],
		['end date: everything earned', '2026-01-01', 120000],
		['after the end date: everything earned', '2026-02-01', 120000],
	])('%s', (_, effective, expected) => {
		expect(earnedPremiumCents(120000, '2025-01-01', '2026-01-01', effective)).toBe(expected);
	});

	it('counts 29 February in a leap year: 60 of 366 days of 366.00 is exactly 60.00', () => {
		expect(earnedPremiumCents(36600, '2024-01-01', '2025-01-01', '2024-03-01')).toBe(6000);
		// The same calendar span outside a leap year is one day shorter.
		expect(earnedPremiumCents(36500, '2025-01-01', '2026-01-01', '2025-03-01')).toBe(5900);
	});

	it('rounds half a cent up: 1 of 8 days (28 Feb to 7 Mar 2024, through 29 Feb) of 1.00 is 12.5 → 13 cents', () => {
		expect(earnedPremiumCents(100, '2024-02-28', '2024-03-07', '2024-02-29')).toBe(13);
		// Below half rounds down: 100 × 3 / 8 = 37.5 → 38, 100 × 1 / 3 = 33.3 → 33.
		expect(earnedPremiumCents(100, '2024-02-28', '2024-03-07', '2024-03-02')).toBe(38);
		expect(earnedPremiumCents(100, '2025-01-01', '2025-01-04', '2025-01-02')).toBe(33);
	});

	it('refuses a term that does not run forward', () => {
		expect(() => earnedPremiumCents(100, '2025-01-01', '2025-01-01', '2025-01-01')).toThrow(expect.objectContaining({ field: 'end_date' }));
		expect(() => earnedPremiumCents(100, '2025-01-02', '2025-01-01', '2025-01-01')).toThrow(DomainError);
	});

	it('never exceeds the premium and grows with the effective date', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 4000 }), fc.integer({ min: -50, max: 4100 }), fc.integer({ min: 0, max: 30 }), (premium, term, elapsed, later) => {
				const end = addDays('2024-01-01', term);
				const earned = earnedPremiumCents(premium, '2024-01-01', end, addDays('2024-01-01', elapsed));
				expect(earned).toBeGreaterThanOrEqual(0);
				expect(earned).toBeLessThanOrEqual(premium);
				expect(earnedPremiumCents(premium, '2024-01-01', end, addDays('2024-01-01', elapsed + later))).toBeGreaterThanOrEqual(earned);
			}),
		);
	});
});

describe('computeRefund', () => {
	describe('Withdrawal', () => {
		it('within the cooling-off period: the whole paid premium, no fee', () => {
			expect(computeRefund({ ...year, reasonType: 'Withdrawal', effectiveDate: '2025-01-10' })).toEqual({
				amountCents: 30000,
				basis: 'paid',
				paidCents: 30000,
				earnedCents: 2959, // 120000 × 9 / 365 = 2958.9
				feeCents: 0,
				withinCoolingOff: true,
			});
		});

		it('on the last cooling-off day (begin + 14, inclusive) still the whole paid premium', () => {
			expect(computeRefund({ ...year, reasonType: 'Withdrawal', effectiveDate: '2025-01-15' })).toMatchObject({ amountCents: 30000, basis: 'paid', withinCoolingOff: true });
		});

		it('the day after: paid − earned − surrender fee', () => {
			// 15 days: 120000 × 15 / 365 = 4931.5 → 4932; 30000 − 4932 − 2500 = 22568.
			expect(computeRefund({ ...year, reasonType: 'Withdrawal', effectiveDate: '2025-01-16' })).toMatchObject({ amountCents: 22568, basis: 'unearned', earnedCents: 4932, feeCents: 2500, withinCoolingOff: false });
		});

		it('after the cooling-off period: paid − earned − surrender fee', () => {
			expect(computeRefund({ ...year, reasonType: 'Withdrawal' })).toMatchObject({ amountCents: 30000 - EARNED_MARCH - 2500, basis: 'unearned', withinCoolingOff: false });
		});

		it('a product without cooling-off days gives no cooling-off right', () => {
			for (const coolingOffDays of [0, null, undefined]) {
				expect(computeRefund({ ...year, reasonType: 'Withdrawal', effectiveDate: '2025-01-02', coolingOffDays })).toMatchObject({ basis: 'unearned', withinCoolingOff: false, amountCents: 30000 - 329 - 2500 });
			}
		});
	});

	it('DeclineByScreening: the whole paid premium, inside or outside the cooling-off period', () => {
		for (const effectiveDate of ['2025-01-05', '2025-03-01', '2025-12-31']) {
			expect(computeRefund({ ...year, reasonType: 'DeclineByScreening', effectiveDate })).toMatchObject({ amountCents: 30000, basis: 'paid', feeCents: 0 });
		}
	});

	describe('Surrender', () => {
		it('paid − earned − surrender fee, even within the cooling-off period', () => {
			expect(computeRefund(year)).toMatchObject({ amountCents: 8103, earnedCents: EARNED_MARCH, feeCents: 2500, basis: 'unearned' });
			expect(computeRefund({ ...year, effectiveDate: '2025-01-10' })).toMatchObject({ amountCents: 30000 - 2959 - 2500, basis: 'unearned', withinCoolingOff: true });
		});

		it('without a surrender fee: paid − earned', () => {
			for (const surrenderFee of [null, undefined, '', 0, '0.00']) expect(computeRefund({ ...year, surrenderFee }).amountCents).toBe(30000 - EARNED_MARCH);
		});

		it('a surrender fee larger than what is left refunds nothing, never a negative amount', () => {
			expect(computeRefund({ ...year, surrenderFee: '200.00' })).toMatchObject({ amountCents: 0, feeCents: 20000 });
			expect(computeRefund({ ...year, surrenderFee: '106.03' }).amountCents).toBe(0); // exactly what is left
			expect(computeRefund({ ...year, surrenderFee: '106.02' }).amountCents).toBe(1);
		});

		it('less paid than earned refunds nothing', () => {
			expect(computeRefund({ ...year, paidAmount: '100.00', surrenderFee: null }).amountCents).toBe(0);
		});

		it('on the begin day nothing is earned: paid − fee', () => {
			expect(computeRefund({ ...year, effectiveDate: '2025-01-01' })).toMatchObject({ amountCents: 27500, earnedCents: 0 });
		});

		it('at the end of the term everything is earned: nothing back', () => {
			expect(computeRefund({ ...year, effectiveDate: '2026-01-01', paidAmount: '1200.00', surrenderFee: null })).toMatchObject({ amountCents: 0, earnedCents: 120000 });
		});

		it('in a leap year the term has 366 days', () => {
			// 60 of 366 days of 366.00 earned: 60.00; 100.00 paid − 60.00 − 5.00 = 35.00.
			expect(computeRefund({ ...year, premiumAmount: '366.00', paidAmount: '100.00', surrenderFee: '5.00', beginDate: '2024-01-01', endDate: '2025-01-01', effectiveDate: '2024-03-01' })).toMatchObject({ amountCents: 3500, earnedCents: 6000 });
		});
	});

	it('ClosedByClaim: nothing, whatever was paid', () => {
		for (const effectiveDate of ['2025-01-05', '2025-06-01']) {
			expect(computeRefund({ ...year, reasonType: 'ClosedByClaim', effectiveDate, paidAmount: '1200.00' })).toMatchObject({ amountCents: 0, basis: 'none', feeCents: 0 });
		}
	});

	describe('master policy reasons', () => {
		it('ClientRequest is a withdrawal: whole premium within the cooling-off period, unearned part after it', () => {
			expect(computeRefund({ ...year, reasonType: 'ClientRequest', effectiveDate: '2025-01-10' })).toMatchObject({ amountCents: 30000, basis: 'paid' });
			expect(computeRefund({ ...year, reasonType: 'ClientRequest' })).toMatchObject({ amountCents: 8103, basis: 'unearned' });
		});

		it('Duplicate gives the whole paid premium back, InsurerDecision the unearned part less the fee', () => {
			expect(computeRefund({ ...year, reasonType: 'Duplicate' })).toMatchObject({ amountCents: 30000, basis: 'paid' });
			expect(computeRefund({ ...year, reasonType: 'InsurerDecision' })).toMatchObject({ amountCents: 8103, basis: 'unearned' });
		});
	});

	it('works in integer cents from decimal strings or numbers, rounding input half-up', () => {
		expect(computeRefund({ ...year, premiumAmount: 1200, paidAmount: 300, surrenderFee: 25 }).amountCents).toBe(8103);
		expect(computeRefund({ ...year, reasonType: 'DeclineByScreening', paidAmount: '10.005' }).amountCents).toBe(1001);
	});

	it('refuses bad input naming the field', () => {
		expect(() => computeRefund({ ...year, reasonType: 'Whim' })).toThrow(expect.objectContaining({ field: 'reason_type' }));
		expect(() => computeRefund({ ...year, surrenderFee: '-1' })).toThrow(expect.objectContaining({ field: 'surrender_fee' }));
		expect(() => computeRefund({ ...year, paidAmount: 'abc' })).toThrow(expect.objectContaining({ field: 'paid_amount' }));
		expect(() => computeRefund({ ...year, premiumAmount: '-5' })).toThrow(expect.objectContaining({ field: 'premium_amount' }));
		expect(() => computeRefund({ ...year, effectiveDate: '2025-02-30' })).toThrow(expect.objectContaining({ field: 'effective_date' }));
		expect(() => computeRefund({ ...year, coolingOffDays: -3 })).toThrow(expect.objectContaining({ field: 'cooling_off_days' }));
	});

	it('never refunds more than was paid nor less than nothing, for every reason', () => {
		const reasons = ['Withdrawal', 'DeclineByScreening', 'Surrender', 'ClosedByClaim', 'ClientRequest', 'Duplicate', 'InsurerDecision'];
		fc.assert(
			fc.property(
				fc.constantFrom(...reasons),
				fc.integer({ min: 0, max: 5_000_000 }),
				fc.integer({ min: 0, max: 5_000_000 }),
				fc.integer({ min: 0, max: 100_000 }),
				fc.integer({ min: 1, max: 1500 }),
				fc.integer({ min: -30, max: 1600 }),
				fc.option(fc.integer({ min: 0, max: 60 })),
				(reasonType, premium, paid, fee, term, elapsed, coolingOffDays) => {
					const refund = computeRefund({
						reasonType,
						premiumAmount: premium / 100,
						paidAmount: paid / 100,
						surrenderFee: fee / 100,
						beginDate: '2024-02-01',
						endDate: addDays('2024-02-01', term),
						effectiveDate: addDays('2024-02-01', elapsed),
						coolingOffDays,
					});
					expect(refund.amountCents).toBeGreaterThanOrEqual(0);
					expect(refund.amountCents).toBeLessThanOrEqual(paid);
					expect(Number.isSafeInteger(refund.amountCents)).toBe(true);
				},
			),
		);
	});
});
