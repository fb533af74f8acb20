import { describe, expect, it } from 'vitest';
import { describeBlockers, describeRefusedDelete } from '.';

describe('refused delete messages', () => {
	it('names each collection that refers to the item, with its count', () => {
		expect(describeRefusedDelete('policies', '12', [{ collection: 'claims', field: 'policy', count: 3, through: [] }], 0)).toBe(
			'policies 12 cannot be deleted: 3 claims refer to it; nothing was deleted',
		);
		expect(
			describeBlockers([
				{ collection: 'policies', field: 'client', count: 2, through: [] },
				{ collection: 'payments', field: 'client', count: 1, through: [] },
				{ collection: 'claims', field: 'client', count: 4, through: [] },
			]),
		).toBe('2 policies, 1 payments and 4 claims');
	});

	it('merges rows reached the same way and says what the database would delete on the way', () => {
		const through = ['installments'];
		expect(
			describeBlockers([
				{ collection: 'payment_allocations', field: 'installment', count: 1, through },
				{ collection: 'payment_allocations', field: 'installment', count: 2, through },
			]),
		).toBe('3 payment_allocations (through its installments)');
	});

	it('says when more of a batch is kept', () => {
		expect(describeRefusedDelete('payments', '5', [{ collection: 'payment_allocations', field: 'payment', count: 1, through: [] }], 2)).toContain(
			'(and 2 more of the items asked for)',
		);
	});
});
