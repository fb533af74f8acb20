import { describe, expect, it } from 'vitest';
import { lifecycles } from '../../domain/lifecycles';
import { layoutStates } from './layout';

describe('layoutStates', () => {
	it('puts states in columns by their distance from the initial state', () => {
		const placed = layoutStates({
			statuses: ['A', 'B', 'C', 'D'],
			initial: 'A',
			transitions: [
				{ from: 'A', to: 'B' },
				{ from: 'A', to: 'C' },
				{ from: 'B', to: 'D' },
			],
		});
		expect(placed).toEqual([
			{ status: 'A', column: 0, row: 0 },
			{ status: 'B', column: 1, row: 0 },
			{ status: 'C', column: 1, row: 1 },
			{ status: 'D', column: 2, row: 0 },
		]);
	});

	it('places an unreachable state that leads somewhere in the first column', () => {
		const placed = layoutStates({ statuses: ['Draft', 'A', 'B'], initial: 'A', transitions: [{ from: 'Draft', to: 'A' }, { from: 'A', to: 'B' }] });
		expect(placed.find((p) => p.status === 'Draft')).toEqual({ status: 'Draft', column: 0, row: 0 });
		expect(placed.find((p) => p.status === 'A')).toEqual({ status: 'A', column: 0, row: 1 });
	});

	it('gives every state of every shipped lifecycle one distinct cell', () => {
		for (const lifecycle of Object.values(lifecycles)) {
			const placed = layoutStates(lifecycle);
			expect(placed.map((p) => p.status)).toEqual([...lifecycle.statuses]);
			expect(new Set(placed.map((p) => `${p.column}:${p.row}`)).size).toBe(placed.length);
		}
	});
});
