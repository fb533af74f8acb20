import { describe, expect, it } from 'vitest';
import { DomainError } from '../billing/errors';
import { PARAMETERS, resolveDaysParameter, resolveParameter, resolveParameterWithSource } from './parameters';

interface Settings {
	days_after_unpaid_due_date: number | null;
	proposal_withdraw_days: number | null;
	time_zone: string;
}

const settings: Settings = { days_after_unpaid_due_date: 30, proposal_withdraw_days: 15, time_zone: 'Europe/Bucharest' };

describe('resolveParameter: contract > portfolio > settings', () => {
	it.each([
		['contract wins', { days_after_unpaid_due_date: 5 }, { days_after_unpaid_due_date: 10 }, 5, 'contract'],
		['contract 0 is a real setting', { days_after_unpaid_due_date: 0 }, { days_after_unpaid_due_date: 10 }, 0, 'contract'],
		['contract null falls through to the portfolio', { days_after_unpaid_due_date: null }, { days_after_unpaid_due_date: 10 }, 10, 'portfolio'],
		['contract undefined falls through', { days_after_unpaid_due_date: undefined }, { days_after_unpaid_due_date: 10 }, 10, 'portfolio'],
		['contract without the field falls through', {}, { days_after_unpaid_due_date: 10 }, 10, 'portfolio'],
		['no contract at all', null, { days_after_unpaid_due_date: 10 }, 10, 'portfolio'],
		['portfolio null falls through to settings', { days_after_unpaid_due_date: null }, { days_after_unpaid_due_date: null }, 30, 'settings'],
		['no contract, no portfolio', undefined, undefined, 30, 'settings'],
	] as const)('%s', (_label, contract, portfolio, value, source) => {
		expect(resolveParameterWithSource('days_after_unpaid_due_date', { contract, portfolio, settings })).toEqual({ value, source });
		expect(resolveParameter('days_after_unpaid_due_date', { contract, portfolio, settings })).toBe(value);
	});

	it('resolves non-numeric parameters too', () => {
		expect(resolveParameter('time_zone', { settings })).toBe('Europe/Bucharest');
	});

	it('settings must define the parameter', () => {
		const incomplete: Settings = { ...settings, proposal_withdraw_days: null };
		expect(() => resolveParameter('proposal_withdraw_days', { contract: {}, portfolio: {}, settings: incomplete })).toThrow(DomainError);
		expect(() => resolveParameter('proposal_withdraw_days', { settings: null as Settings | null })).toThrow(
			expect.objectContaining({ field: 'proposal_withdraw_days', code: 'MISSING_PARAMETER' }),
		);
	});

	it('exposes the parameter names', () => {
		expect(PARAMETERS.daysAfterUnpaidDueDate).toBe('days_after_unpaid_due_date');
		expect(PARAMETERS.proposalWithdrawDays).toBe('proposal_withdraw_days');
	});
});

describe('resolveDaysParameter', () => {
	it.each([
		[{ days_after_unpaid_due_date: 7 }, 7],
		[{ days_after_unpaid_due_date: '12' }, 12],
		[{ days_after_unpaid_due_date: 0 }, 0],
		[{ days_after_unpaid_due_date: null }, 30],
	] as const)('resolves %j to %i', (contract, expected) => {
		expect(resolveDaysParameter('days_after_unpaid_due_date', { contract, settings })).toBe(expected);
	});

	it.each([-1, 1.5, 'abc', '', true])('refuses %j naming the parameter', (value) => {
		expect(() => resolveDaysParameter('days_after_unpaid_due_date', { contract: { days_after_unpaid_due_date: value }, settings })).toThrow(
			expect.objectContaining({ field: 'days_after_unpaid_due_date' }),
		);
	});
});
