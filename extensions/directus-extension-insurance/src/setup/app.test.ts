import { describe, expect, it } from 'vitest';
import { moduleBarWith, proposalsPastHalfWithdrawal } from './app';

const seed = [
	{ type: 'module', id: 'content', enabled: true },
	{ type: 'module', id: 'insurance-admin', enabled: true },
	{ type: 'module', id: 'settings', enabled: true, locked: true },
];

describe('moduleBarWith', () => {
	it("takes the seed's bar when nobody arranged one", () => {
		expect(moduleBarWith(null, seed)).toEqual(seed);
	});

	it('adds only missing modules, before settings, and leaves an arranged bar alone otherwise', () => {
		const arranged = [
			{ type: 'module', id: 'settings', enabled: true, locked: true },
			{ type: 'module', id: 'content', enabled: false },
		];
		expect(moduleBarWith(arranged, seed)).toEqual([{ type: 'module', id: 'insurance-admin', enabled: true }, ...arranged]);
		expect(moduleBarWith([...arranged, { type: 'module', id: 'insurance-admin', enabled: false }], seed)).toBeNull();
	});
});

describe('proposalsPastHalfWithdrawal', () => {
	it("waits half the portfolio's days where it sets them, half the settings' elsewhere", () => {
		const filter = proposalsPastHalfWithdrawal(30, [
			{ id: 1, days: null },
			{ id: 2, days: 9 },
		]);
		expect(filter).toEqual({
			status: { _eq: 'Proposal' },
			_or: [
				{ portfolio: { _null: true }, proposal_date: { _lte: '$NOW(-15 days)' } },
				{ portfolio: { proposal_withdraw_days: { _null: true } }, proposal_date: { _lte: '$NOW(-15 days)' } },
				{ portfolio: { _eq: 2 }, proposal_date: { _lte: '$NOW(-5 days)' } },
			],
		});
	});
});
