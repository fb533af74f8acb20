import { describe, expect, it } from 'vitest';
import { approvalRate, cutsByReason, queueByStatusAndAge, straightThrough, timeToDecision } from './figures';

const now = Date.parse('2026-03-20T12:00:00Z');

describe('queueByStatusAndAge', () => {
	it('counts open claims per status and age bucket, and those past their decision date', () => {
		const rows = queueByStatusAndAge(
			[
				{ status: 'Submitted', submitted_at: '2026-03-19T09:00:00Z', decision_due_date: '2026-04-01' },
				{ status: 'Submitted', submitted_at: '2026-03-05T09:00:00Z', decision_due_date: '2026-03-19' },
				{ status: 'InReview', submitted_at: '2026-03-16T09:00:00Z', decision_due_date: '2026-03-20' },
				{ status: 'Approved', submitted_at: '2026-03-01T09:00:00Z', decision_due_date: '2026-03-10' },
			],
			now,
			'2026-03-20',
		);
		expect(rows.find((r) => r.status === 'Submitted')).toEqual({ status: 'Submitted', total: 2, buckets: [1, 0, 0, 1], overdue: 1 });
		expect(rows.find((r) => r.status === 'InReview')).toEqual({ status: 'InReview', total: 1, buckets: [0, 1, 0, 0], overdue: 0 });
		expect(rows.map((r) => r.status)).not.toContain('Approved');
	});
});

describe('approvalRate', () => {
	it('counts Approved and Paid as approved, by number and by money', () => {
		expect(
			approvalRate([
				{ status: 'Approved', total_claimed: '100.00', total_approved: '80.00' },
				{ status: 'Paid', total_claimed: 50, total_approved: 50 },
				{ status: 'Rejected', total_claimed: 50, total_approved: 0 },
			]),
		).toEqual({ decided: 3, approved: 2, rate: 2 / 3, amountRate: 130 / 200 });
	});

	it('has no rate without decided claims', () => {
		expect(approvalRate([])).toEqual({ decided: 0, approved: 0, rate: null, amountRate: null });
	});
});

describe('timeToDecision', () => {
	it('averages the days from submission to decision and ignores undecided claims', () => {
		const result = timeToDecision([
			{ submitted_at: '2026-03-01T00:00:00Z', decided_at: '2026-03-03T00:00:00Z' },
			{ submitted_at: '2026-03-01T00:00:00Z', decided_at: '2026-03-05T00:00:00Z' },
			{ submitted_at: '2026-03-01T00:00:00Z', decided_at: null },
		]);
		expect(result).toEqual({ count: 2, average: 3, median: 4, p90: 4 });
	});

	it('is null when nothing was decided', () => {
		expect(timeToDecision([])).toBeNull();
	});
});

describe('straightThrough', () => {
	it('counts approved claims with an automatic Submitted → Approved transition, of decided and of approved', () => {
		const decided = [
			{ id: 1, status: 'Paid' },
			{ id: 2, status: 'Approved' },
			{ id: 3, status: 'Approved' },
			{ id: 4, status: 'Rejected' },
		];
		// Claim 9 was approved automatically but is not among the decided claims of the period.
		expect(straightThrough(decided, [{ item: '1' }, { item: 3 }, { item: '9' }])).toEqual({ decided: 4, approved: 3, straight: 2, rate: 2 / 4, approvedRate: 2 / 3 });
	});

	it('has no rate without decided claims', () => {
		expect(straightThrough([], [])).toEqual({ decided: 0, approved: 0, straight: 0, rate: null, approvedRate: null });
	});
});

describe('cutsByReason', () => {
	it('sums the cuts per code and currency in cents, largest first, and skips zero cuts and lines without adjudication', () => {
		expect(
			cutsByReason([
				{ currency: 'EUR', adjudication: [{ code: 'DEDUCTIBLE', amount: '150.00' }, { code: 'COPAY', amount: 20 }, { code: 'COINSURANCE', amount: '26.10' }] },
				{ currency: 'EUR', adjudication: [{ code: 'COINSURANCE', amount: '0.20' }, { code: 'DUPLICATE_SUSPECTED', amount: 0 }] },
				{ currency: 'CHF', adjudication: [{ code: 'COPAY', amount: '15.00' }] },
				{ currency: 'EUR', adjudication: null },
			]),
		).toEqual([
			{ code: 'DEDUCTIBLE', currency: 'EUR', amount: 150, lines: 1 },
			{ code: 'COINSURANCE', currency: 'EUR', amount: 26.3, lines: 2 },
			{ code: 'COPAY', currency: 'EUR', amount: 20, lines: 1 },
			{ code: 'COPAY', currency: 'CHF', amount: 15, lines: 1 },
		]);
	});
});
