import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	allocatePayment,
	deallocatePayment,
	isFirstInstallmentPaid,
	reopenedStatus,
	type AllocatePaymentInput,
	type AllocationAccepted,
	type InstallmentPaymentState,
} from './allocation';
import { toCents } from './money';
import type { InstallmentStatus } from './types';

type AllocationPatch = Partial<Omit<AllocatePaymentInput, 'installment'>> & { installment?: Partial<AllocatePaymentInput['installment']> };

const allocation = (patch: AllocationPatch = {}): AllocatePaymentInput => ({
	paymentAmount: '500.00',
	alreadyAllocated: '0.00',
	allocationAmount: '100.00',
	...patch,
	installment: { amount: '100.00', paid_amount: '0.00', status: 'StatementIssued', ...patch.installment },
});

function accepted(result: ReturnType<typeof allocatePayment>): AllocationAccepted {
	if (!result.ok) throw new Error(`refused: ${result.message}`);
	return result;
}

describe('allocatePayment: status after allocation', () => {
	it.each([
		['OnTime', '100.00', '0.00', 'Paid'],
		['StatementIssued', '100.00', '0.00', 'Paid'],
		['Unpaid', '100.00', '0.00', 'Paid'],
		['OnTime', '40.00', '0.00', 'OnTime'],
		['StatementIssued', '40.00', '0.00', 'StatementIssued'],
		['Unpaid', '40.00', '0.00', 'Unpaid'],
		['Unpaid', '60.00', '40.00', 'Paid'], // completes an earlier partial payment
		['StatementIssued', '0.01', '99.99', 'Paid'],
		['StatementIssued', '0.01', '99.98', 'StatementIssued'],
	] as const)('from %s, allocating %s onto %s paid -> %s', (status, amount, paid, expected) => {
		const result = accepted(allocatePayment(allocation({ allocationAmount: amount, installment: { status, paid_amount: paid } })));
		expect(result.status).toBe(expected);
		expect(result.status_changed).toBe(expected !== status);
		expect(result.fully_paid).toBe(expected === 'Paid');
	});

	it('returns the new paid amount, what is still due and what is left on the payment', () => {
		expect(allocatePayment(allocation({ allocationAmount: '30', alreadyAllocated: '120.5', installment: { paid_amount: '10' } }))).toEqual({
			ok: true,
			paid_amount: '40.00',
			status: 'StatementIssued',
			remaining_due: '60.00',
			fully_paid: false,
			status_changed: false,
			payment_unallocated: '349.50',
		});
	});

	it('accepts exactly what is due and exactly what is left on the payment', () => {
		const result = accepted(allocatePayment(allocation({ paymentAmount: '250.00', alreadyAllocated: '150.00', allocationAmount: '100.00' })));
		expect(result).toMatchObject({ paid_amount: '100.00', status: 'Paid', remaining_due: '0.00', payment_unallocated: '0.00' });
	});

	it('takes numbers and null paid amounts/allocations as the database hands them over', () => {
		const result = accepted(allocatePayment({ paymentAmount: 100, alreadyAllocated: null, allocationAmount: 100, installment: { amount: 100, paid_amount: null, status: 'OnTime' } }));
		expect(result).toMatchObject({ paid_amount: '100.00', status: 'Paid' });
	});

	it('rounds the allocation to the cent first (half-up)', () => {
		expect(accepted(allocatePayment(allocation({ allocationAmount: '33.335' }))).paid_amount).toBe('33.34');
	});
});

describe('allocatePayment: refusals (overpayment is refused, field "amount")', () => {
	it.each([
		['more than due on the installment', { allocationAmount: '100.01' }, /still due/],
		['more than due on a partly paid installment', { allocationAmount: '60.01', installment: { paid_amount: '40.00' } }, /60\.00 still due/],
		['anything on a fully paid installment', { allocationAmount: '0.01', installment: { paid_amount: '100.00', status: 'Paid' as const } }, /already paid in full/],
		['more than the payment has left', { paymentAmount: '300.00', alreadyAllocated: '250.00', allocationAmount: '50.01' }, /50\.00 not yet allocated/],
		['anything on an exhausted payment', { paymentAmount: '300.00', alreadyAllocated: '300.00', allocationAmount: '1.00' }, /0\.00 not yet allocated/],
		['an over-allocated payment (inconsistent data)', { paymentAmount: '300.00', alreadyAllocated: '400.00', allocationAmount: '1.00' }, /0\.00 not yet allocated/],
		['zero', { allocationAmount: '0' }, /must be positive/],
		['zero after rounding', { allocationAmount: '0.004' }, /must be positive/],
		['a negative amount', { allocationAmount: '-10.00' }, /must be positive/],
		['a malformed amount', { allocationAmount: '10,00' }, /decimal amount/],
		['NaN', { allocationAmount: Number.NaN }, /finite/],
	] as const)('refuses %s', (_label, patch, message) => {
		const result = allocatePayment(allocation(patch as AllocationPatch));
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.field).toBe('amount');
		expect(result.message).toMatch(message);
	});

	it('checks the installment before the payment (the installment is the usual mistake)', () => {
		const result = allocatePayment(allocation({ paymentAmount: '10.00', allocationAmount: '150.00' }));
		expect(result.ok === false && result.message).toMatch(/still due/);
	});

	it('throws on corrupt stored amounts instead of guessing', () => {
		expect(() => allocatePayment(allocation({ installment: { amount: 'abc' } }))).toThrow(expect.objectContaining({ field: 'installment.amount' }));
		expect(() => allocatePayment(allocation({ paymentAmount: 'x' }))).toThrow(expect.objectContaining({ field: 'payment.amount' }));
	});

	it('property: an accepted allocation never overpays the installment nor the payment', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 100_000 }),
				fc.integer({ min: 0, max: 100_000 }),
				fc.integer({ min: 0, max: 200_000 }),
				fc.integer({ min: 0, max: 200_000 }),
				fc.integer({ min: -10, max: 200_000 }),
				(amount, paid, payment, allocated, cents) => {
					const paidCents = Math.min(paid, amount);
					const result = allocatePayment({
						paymentAmount: payment / 100,
						alreadyAllocated: allocated / 100,
						allocationAmount: cents / 100,
						installment: { amount: amount / 100, paid_amount: paidCents / 100, status: 'StatementIssued' },
					});
					const fits = cents > 0 && cents <= amount - paidCents && cents <= payment - allocated;
					expect(result.ok).toBe(fits);
					if (result.ok) {
						expect(toCents(result.paid_amount)).toBe(paidCents + cents);
						expect(toCents(result.paid_amount)).toBeLessThanOrEqual(amount);
						expect(toCents(result.payment_unallocated)).toBeGreaterThanOrEqual(0);
						expect(result.status === 'Paid').toBe(paidCents + cents === amount);
					}
				},
			),
		);
	});
});

describe('deallocatePayment', () => {
	const installment = { amount: '100.00', paid_amount: '100.00', status: 'Paid' as InstallmentStatus, due_date: '2025-03-10' };

	it.each([
		['before the due date', '2025-03-09', 'StatementIssued'],
		['on the due date (still payable on time)', '2025-03-10', 'StatementIssued'],
		['the day after the due date', '2025-03-11', 'Unpaid'],
		['long before the due date (paid before any statement)', '2025-01-01', 'StatementIssued'],
		['long after the due date', '2026-01-01', 'Unpaid'],
	] as const)('a Paid installment losing its whole payment %s -> %s', (_label, asOf, expected) => {
		const result = deallocatePayment({ installment, allocationAmount: '100.00', asOf });
		expect(result).toEqual({
			ok: true,
			paid_amount: '0.00',
			status: expected,
			remaining_due: '100.00',
			fully_paid: false,
			status_changed: true,
		});
	});

	it('a Paid installment losing part of its payment reopens too', () => {
		const result = deallocatePayment({ installment, allocationAmount: '30.00', asOf: '2025-04-01' }) as InstallmentPaymentState;
		expect(result).toMatchObject({ ok: true, paid_amount: '70.00', status: 'Unpaid', remaining_due: '30.00' });
	});

	it.each([
		['StatementIssued', '2025-03-01'],
		['Unpaid', '2025-04-01'],
		['OnTime', '2025-01-01'],
	] as const)('a partly paid %s installment keeps its status', (status, asOf) => {
		const result = deallocatePayment({ installment: { ...installment, status, paid_amount: '60.00' }, allocationAmount: '60.00', asOf });
		expect(result).toMatchObject({ ok: true, paid_amount: '0.00', status, status_changed: false });
	});

	it('zero is a no-op', () => {
		expect(deallocatePayment({ installment, allocationAmount: 0, asOf: '2025-04-01' })).toMatchObject({ ok: true, paid_amount: '100.00', status: 'Paid', status_changed: false });
	});

	it.each([
		['a negative amount', '-1.00', /must not be negative/],
		['more than the installment holds', '100.01', /exceeds the 100\.00 paid/],
		['a malformed amount', 'ten', /decimal amount/],
	] as const)('refuses %s', (_label, amount, message) => {
		const result = deallocatePayment({ installment, allocationAmount: amount, asOf: '2025-03-01' });
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.field).toBe('amount');
			expect(result.message).toMatch(message);
		}
	});

	it('validates the dates', () => {
		expect(() => deallocatePayment({ installment: { ...installment, due_date: '2025-02-30' }, allocationAmount: '1', asOf: '2025-03-01' })).toThrow(
			expect.objectContaining({ field: 'due_date' }),
		);
		expect(() => deallocatePayment({ installment, allocationAmount: '1', asOf: 'today' })).toThrow(expect.objectContaining({ field: 'as_of' }));
	});

	it('reopenedStatus boundary', () => {
		expect(reopenedStatus('2024-02-29', '2024-02-28')).toBe('StatementIssued');
		expect(reopenedStatus('2024-02-29', '2024-02-29')).toBe('StatementIssued');
		expect(reopenedStatus('2024-02-29', '2024-03-01')).toBe('Unpaid');
	});

	it('property: allocate then deallocate the same amount restores the paid amount', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 100_000 }),
				fc.integer({ min: 0, max: 100_000 }),
				fc.integer({ min: 1, max: 100_000 }),
				fc.constantFrom<InstallmentStatus>('OnTime', 'StatementIssued', 'Unpaid'),
				(amount, paid, cents, status) => {
					const paidCents = Math.min(paid, amount - 1);
					const start = { amount: amount / 100, paid_amount: paidCents / 100, status, due_date: '2025-06-01' };
					const allocated = allocatePayment({ paymentAmount: 10_000, alreadyAllocated: 0, allocationAmount: cents / 100, installment: start });
					if (!allocated.ok) return;
					const back = deallocatePayment({
						installment: { ...start, paid_amount: allocated.paid_amount, status: allocated.status },
						allocationAmount: cents / 100,
						asOf: status === 'Unpaid' ? '2025-06-02' : '2025-05-20',
					});
					expect(back.ok).toBe(true);
					if (back.ok) {
						expect(toCents(back.paid_amount)).toBe(paidCents);
						// Back where it was, except that OnTime reopens under a statement (no Paid -> OnTime).
						expect(back.status).toBe(status === 'OnTime' && allocated.status === 'Paid' ? 'StatementIssued' : status);
					}
				},
			),
		);
	});
});

describe('isFirstInstallmentPaid', () => {
	it.each([
		['no installments', [], false],
		['first Paid', [{ sequence: 1, status: 'Paid' }, { sequence: 2, status: 'OnTime' }], true],
		['first unpaid, a later one Paid', [{ sequence: 1, status: 'StatementIssued' }, { sequence: 2, status: 'Paid' }], false],
		['out of order, lowest sequence wins', [{ sequence: 3, status: 'OnTime' }, { sequence: 1, status: 'Paid' }, { sequence: 2, status: 'OnTime' }], true],
		['out of order, lowest sequence unpaid', [{ sequence: 2, status: 'Paid' }, { sequence: 1, status: 'Unpaid' }], false],
		[
			'same sequence: earliest due date wins',
			[
				{ sequence: 1, status: 'OnTime', due_date: '2025-02-01' },
				{ sequence: 1, status: 'Paid', due_date: '2025-01-01' },
			],
			true,
		],
	] as const)('%s -> %s', (_label, installments, expected) => {
		expect(isFirstInstallmentPaid(installments)).toBe(expected);
	});
});
