import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors';
import { fromCents, normalizeAmount, splitCents, sumAmounts, sumCents, toCents } from './money';

describe('toCents', () => {
	it.each([
		['0', 0],
		['12', 1200],
		['12.5', 1250],
		['12.34', 1234],
		['0.05', 5],
		['0012.30', 1230],
		['+3', 300],
		[' 7.10 ', 710],
		['.5', 50],
		['5.', 500],
		['9999999999.99', 999_999_999_999],
		// more than 2 decimals: half-up to the cent, half away from zero for negatives
		['1.005', 101],
		['1.004', 100],
		['1.0049999', 100],
		['2.675', 268],
		['-1.005', -101],
		['-1.004', -100],
		['0.995', 100],
		['-12.34', -1234],
		// exponents, as String(number) may produce
		['1e2', 10_000],
		['1.5e-2', 2],
		['1.4e-2', 1],
		['1E+3', 100_000],
		['0e5', 0],
	] as const)('parses string %j as %i cents', (input, expected) => {
		expect(toCents(input)).toBe(expected);
	});

	it.each([
		[0, 0],
		[12, 1200],
		[12.5, 1250],
		[1.005, 101], // the float is 1.00499999..., its text is 1.005: rounds as typed
		[0.1 + 0.2, 30],
		[-0.015, -2],
		[1e-7, 0],
		[123456.78, 12_345_678],
	] as const)('parses number %d as %i cents', (input, expected) => {
		expect(toCents(input)).toBe(expected);
	});

	it('never returns negative zero', () => {
		expect(Object.is(toCents('-0.004'), 0)).toBe(true);
		expect(Object.is(toCents('-0'), 0)).toBe(true);
		expect(Object.is(toCents(-0), 0)).toBe(true);
	});

	it.each(['', ' ', 'abc', '1,5', '1.2.3', '-', '.', '+', '0x10', '1 000', '12a', 'e5', '1e', 'NaN', 'Infinity', '1e400', '99999999999999999'])(
		'rejects %j with a DomainError naming the field',
		(input) => {
			expect(() => toCents(input, 'premium_amount')).toThrow(DomainError);
			try {
				toCents(input, 'premium_amount');
			} catch (error) {
				expect((error as DomainError).field).toBe('premium_amount');
			}
		},
	);

	it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e300])('rejects the number %d', (input) => {
		expect(() => toCents(input)).toThrow(DomainError);
	});

	it('rejects non-amount values at run time', () => {
		expect(() => toCents(null as unknown as string)).toThrow(DomainError);
		expect(() => toCents({} as unknown as string)).toThrow(DomainError);
	});

	it('accepts far-below-a-cent exponents as zero', () => {
		expect(toCents('5e-40')).toBe(0);
	});

	it('round-trips every safe cent value through fromCents', () => {
		fc.assert(
			fc.property(fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 }), (cents) => {
				expect(toCents(fromCents(cents))).toBe(cents);
			}),
		);
	});

	it('rounds a third decimal half-up, like integer arithmetic on thousandths', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (thousandths) => {
				const text = `${Math.floor(thousandths / 1000)}.${String(thousandths % 1000).padStart(3, '0')}`;
				const expected = Math.floor(thousandths / 10) + (thousandths % 10 >= 5 ? 1 : 0);
				expect(toCents(text)).toBe(expected);
				expect(toCents(`-${text}`)).toBe(expected === 0 ? 0 : -expected);
			}),
		);
	});
});

describe('fromCents', () => {
	it.each([
		[0, '0.00'],
		[5, '0.05'],
		[-5, '-0.05'],
		[100, '1.00'],
		[123_456, '1234.56'],
		[-123_456, '-1234.56'],
		[999_999_999_999, '9999999999.99'],
	] as const)('formats %i as %s', (cents, expected) => {
		expect(fromCents(cents)).toBe(expected);
	});

	it.each([1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])('rejects %d', (cents) => {
		expect(() => fromCents(cents)).toThrow(DomainError);
	});
});

describe('sumAmounts / normalizeAmount / sumCents', () => {
	it('sums without float drift', () => {
		expect(sumAmounts(['0.1', '0.2'])).toBe('0.30');
		expect(sumAmounts([0.1, 0.2, '0.3'])).toBe('0.60');
		expect(sumAmounts(Array.from({ length: 10 }, () => '0.10'))).toBe('1.00');
	});

	it('sums nothing to zero', () => {
		expect(sumAmounts([])).toBe('0.00');
	});

	it('rounds each term to the cent before summing', () => {
		expect(sumAmounts(['0.005', '0.005'])).toBe('0.02');
	});

	it('names the field of a bad term', () => {
		expect(() => sumAmounts(['1', 'x'], 'paid_amount')).toThrow(expect.objectContaining({ field: 'paid_amount' }));
	});

	it('normalizes', () => {
		expect(normalizeAmount('12.5')).toBe('12.50');
		expect(normalizeAmount(3)).toBe('3.00');
	});

	it('refuses sums past the safe range', () => {
		expect(() => sumCents([Number.MAX_SAFE_INTEGER, 1])).toThrow(DomainError);
	});
});

describe('splitCents', () => {
	it.each([
		[100, [1, 1, 1], [34, 33, 33]],
		[1000, [1, 1, 1, 1, 1, 1, 1], [148, 142, 142, 142, 142, 142, 142]],
		[7700, [31, 31, 15], [3100, 3100, 1500]],
		[100, [2, 1], [67, 33]],
		[0, [1, 1], [0, 0]],
		[5, [1], [5]],
		[1, [0, 1], [0, 1]],
	] as const)('splits %i over %j as %j (remainder first)', (total, weights, expected) => {
		expect(splitCents(total, weights)).toEqual(expected);
	});

	it.each([
		[-1, [1]],
		[1.5, [1]],
		[10, []],
		[10, [0, 0]],
		[10, [-1, 2]],
		[10, [1.5]],
	] as const)('rejects total %d over %j', (total, weights) => {
		expect(() => splitCents(total, weights)).toThrow(DomainError);
	});

	it('always adds up exactly, with every share within a cent of its exact value (remainder aside)', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 1_000_000_000_000 }),
				fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 60 }).filter((w) => w.some((x) => x > 0)),
				(total, weights) => {
					const shares = splitCents(total, weights);
					expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
					const weightSum = weights.reduce((a, b) => a + b, 0);
					shares.slice(1).forEach((share, i) => {
						const exact = (total * (weights[i + 1] ?? 0)) / weightSum;
						expect(share).toBeGreaterThanOrEqual(Math.floor(exact) - 1);
						expect(share).toBeLessThanOrEqual(Math.ceil(exact));
					});
					expect(shares.every((share) => share >= 0 && Number.isSafeInteger(share))).toBe(true);
				},
			),
		);
	});
});
