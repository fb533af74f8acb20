import { describe, expect, it } from 'vitest';
import { orderBalanced, verdict } from '../bench/pairs.mjs';

// A true ratio of 1.2 measured on a machine where the second run of every pair takes 1.5 times
// as long: A first, then B first, in turn.
const TRUE_RATIO = 1.2;
const alternating = (pairs: number) =>
	Array.from({ length: pairs }, (_, pair) => {
		const [a, b] = pair % 2 === 0 ? [TRUE_RATIO, 1.5] : [TRUE_RATIO * 1.5, 1];
		return { a, b, ratio: a / b };
	});

describe('order-balanced ratios', () => {
	it('cancel what the order of a pair costs, where single pairs scatter around it', () => {
		const rows = alternating(5);
		expect(verdict(rows, 1.3).spread).toMatchObject({ min: 0.8, max: 1.8 });
		const balanced = orderBalanced(rows);
		expect(balanced).toHaveLength(4);
		for (const { ratio } of balanced) expect(ratio).toBeCloseTo(TRUE_RATIO, 10);
		expect(verdict(balanced, 1.3)).toMatchObject({ spread: { min: TRUE_RATIO, median: TRUE_RATIO, max: TRUE_RATIO }, met: 'yes' });
	});

	it('combine each pair with its neighbour, sides included', () => {
		const balanced = orderBalanced([
			{ a: 4, b: 1, ratio: 4 },
			{ a: 1, b: 4, ratio: 0.25 },
			{ a: 9, b: 1, ratio: 9 },
		]);
		expect(balanced).toEqual([
			{ a: 2, b: 2, ratio: 1 },
			{ a: 3, b: 2, ratio: 1.5 },
		]);
	});

	it('leave a single pair as it is', () => {
		expect(orderBalanced([{ a: 2, b: 1, ratio: 2 }])).toEqual([{ a: 2, b: 1, ratio: 2 }]);
	});
});
