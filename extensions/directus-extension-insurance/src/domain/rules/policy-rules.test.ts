import { describe, expect, it } from 'vitest';
import { localDate } from '../billing/dates';
import { DomainError } from '../billing/errors';
import type { InstallmentStatus } from '../billing/types';
import {
	DEFAULT_STATEMENT_LEAD_DAYS,
	isDueForEnforcement,
	isDueForLapse,
	isDueForMaturity,
	isInstallmentUnpaid,
	isPolicyDueForLapse,
	isProposalToWithdraw,
	isStatementDue,
	lapseConsequences,
	lapseDate,
	masterLapseConsequences,
	oldestUnpaidInstallment,
	statementDate,
	type LapseInstallment,
} from './policy-rules';

const BEFORE = 'day before';
const ON = 'day of';
const AFTER = 'day after';

describe('isProposalToWithdraw (PWDAY)', () => {
	const policy = { status: 'Proposal', proposal_date: '2025-01-20' };

	it.each([
		[BEFORE, '2025-02-03', false],
		[ON, '2025-02-04', true],
		[AFTER, '2025-02-05', true],
	] as const)('15 days after 2025-01-20, %s (%s) -> %s', (_label, asOf, expected) => {
		expect(isProposalToWithdraw(policy, false, 15, asOf)).toBe(expected);
	});

	it('never when the first installment is paid, or not in Proposal', () => {
		expect(isProposalToWithdraw(policy, true, 15, '2026-01-01')).toBe(false);
		expect(isProposalToWithdraw({ ...policy, status: 'Issued' }, false, 15, '2026-01-01')).toBe(false);
	});

	it('0 days: due on the proposal date itself', () => {
		expect(isProposalToWithdraw(policy, false, 0, '2025-01-19')).toBe(false);
		expect(isProposalToWithdraw(policy, false, 0, '2025-01-20')).toBe(true);
	});

	it('over a leap day', () => {
		expect(isProposalToWithdraw({ status: 'Proposal', proposal_date: '2024-02-20' }, false, 10, '2024-02-29')).toBe(false);
		expect(isProposalToWithdraw({ status: 'Proposal', proposal_date: '2024-02-20' }, false, 10, '2024-03-01')).toBe(true);
	});

	it('refuses bad input', () => {
		expect(() => isProposalToWithdraw(policy, false, -1, '2025-02-04')).toThrow(expect.objectContaining({ field: 'proposal_withdraw_days' }));
		expect(() => isProposalToWithdraw({ status: 'Proposal', proposal_date: null as unknown as string }, false, 15, '2025-02-04')).toThrow(
			expect.objectContaining({ field: 'proposal_date' }),
		);
		expect(() => isProposalToWithdraw(policy, false, 15, '4 Feb')).toThrow(expect.objectContaining({ field: 'as_of' }));
	});
});

describe('isDueForEnforcement', () => {
	const policy = { status: 'Issued', begin_date: '2025-03-01' };

	it.each([
		[BEFORE, '2025-02-28', false],
		[ON, '2025-03-01', true],
		[AFTER, '2025-03-02', true],
	] as const)('automatic in-force, %s the begin date (%s) -> %s', (_label, asOf, expected) => {
		expect(isDueForEnforcement(policy, { automatic_inforce: true }, asOf)).toBe(expected);
	});

	it.each([[true, true], [1, true], ['1', true], ['true', true], [false, false], [0, false], [null, false], [undefined, false]] as const)(
		'automatic_inforce %j -> %s (SQLite booleans)',
		(flag, expected) => {
			expect(isDueForEnforcement(policy, { automatic_inforce: flag }, '2025-03-01')).toBe(expected);
		},
	);

	it('only Issued policies', () => {
		for (const status of ['Proposal', 'InForce', 'Withdraw', 'Lapsed']) {
			expect(isDueForEnforcement({ ...policy, status }, { automatic_inforce: true }, '2026-01-01')).toBe(false);
		}
	});
});

describe('isDueForMaturity', () => {
	const policy = { status: 'InForce', end_date: '2026-01-01' };

	it.each([
		[BEFORE, '2025-12-31', false],
		[ON, '2026-01-01', true],
		[AFTER, '2026-01-02', true],
	] as const)('%s the end date (%s) -> %s', (_label, asOf, expected) => {
		expect(isDueForMaturity(policy, asOf)).toBe(expected);
	});

	it('only InForce, and only with an end date', () => {
		expect(isDueForMaturity({ ...policy, status: 'Issued' }, '2027-01-01')).toBe(false);
		expect(isDueForMaturity({ status: 'InForce', end_date: null }, '2099-01-01')).toBe(false);
	});
});

describe('isStatementDue', () => {
	const installment = { status: 'OnTime' as InstallmentStatus, due_date: '2025-03-01' };

	it('defaults to a 15-day lead', () => {
		expect(DEFAULT_STATEMENT_LEAD_DAYS).toBe(15);
		expect(statementDate('2025-03-01')).toBe('2025-02-14');
	});

	it.each([
		[BEFORE, '2025-02-13', false],
		[ON, '2025-02-14', true],
		[AFTER, '2025-02-15', true],
		['on the due date', '2025-03-01', true],
		['after the due date (catch-up)', '2025-03-05', true],
	] as const)('default lead, %s the statement date (%s) -> %s', (_label, asOf, expected) => {
		expect(isStatementDue(installment, asOf)).toBe(expected);
	});

	it.each([
		[0, '2025-02-28', false],
		[0, '2025-03-01', true],
		[1, '2025-02-28', true],
		[30, '2025-01-29', false],
		[30, '2025-01-30', true],
	] as const)('lead %i days, as of %s -> %s', (lead, asOf, expected) => {
		expect(isStatementDue(installment, asOf, lead)).toBe(expected);
	});

	it.each(['StatementIssued', 'Paid', 'Unpaid'] as const)('never for an installment already %s', (status) => {
		expect(isStatementDue({ ...installment, status }, '2025-03-01')).toBe(false);
	});

	it('the job date is the insurer-local date: 00:30 in Bucharest is already the statement day', () => {
		const now = '2025-02-13T22:30:00Z'; // 00:30 on Feb 14 in Bucharest (UTC+2)
		expect(isStatementDue(installment, localDate(now, 'Europe/Bucharest'))).toBe(true);
		expect(isStatementDue(installment, localDate(now, 'UTC'))).toBe(false);
	});

	it('refuses a negative lead', () => {
		expect(() => isStatementDue(installment, '2025-03-01', -1)).toThrow(expect.objectContaining({ field: 'statement_lead_days' }));
	});
});

describe('isInstallmentUnpaid', () => {
	const installment = { status: 'StatementIssued' as InstallmentStatus, due_date: '2025-03-31', amount: '100.00', paid_amount: '0.00' };

	it.each([
		[BEFORE, '2025-03-30', false],
		[ON, '2025-03-31', false],
		[AFTER, '2025-04-01', true],
	] as const)('%s the due date (%s) -> %s', (_label, asOf, expected) => {
		expect(isInstallmentUnpaid(installment, asOf)).toBe(expected);
	});

	it('partly paid is still unpaid, fully paid is not', () => {
		expect(isInstallmentUnpaid({ ...installment, paid_amount: '99.99' }, '2025-04-01')).toBe(true);
		expect(isInstallmentUnpaid({ ...installment, paid_amount: '100.00' }, '2025-04-01')).toBe(false);
		expect(isInstallmentUnpaid({ ...installment, paid_amount: null }, '2025-04-01')).toBe(true);
	});

	it.each(['OnTime', 'Paid', 'Unpaid'] as const)('only from StatementIssued, not %s', (status) => {
		expect(isInstallmentUnpaid({ ...installment, status }, '2025-05-01')).toBe(false);
	});

	it('Bucharest vs UTC around midnight', () => {
		const now = '2025-03-31T21:15:00Z'; // 00:15 on Apr 1 in Bucharest (UTC+3)
		expect(isInstallmentUnpaid(installment, localDate(now, 'Europe/Bucharest'))).toBe(true);
		expect(isInstallmentUnpaid(installment, localDate(now, 'UTC'))).toBe(false);
	});
});

describe('lapse timing', () => {
	const unpaid = { due_date: '2025-03-01', status: 'Unpaid' as InstallmentStatus };

	it('lapseDate = due date + days', () => {
		expect(lapseDate(unpaid, 30)).toBe('2025-03-31');
		expect(lapseDate({ due_date: '2024-02-01' }, 30)).toBe('2024-03-02');
		expect(lapseDate(unpaid, 0)).toBe('2025-03-01');
	});

	it.each([
		[BEFORE, '2025-03-30', false],
		[ON, '2025-03-31', true],
		[AFTER, '2025-04-01', true],
	] as const)('30 days after 2025-03-01, %s (%s) -> %s', (_label, asOf, expected) => {
		expect(isDueForLapse(unpaid, 30, asOf)).toBe(expected);
	});

	it('no unpaid installment, or one no longer Unpaid, never lapses', () => {
		expect(isDueForLapse(null, 30, '2030-01-01')).toBe(false);
		expect(isDueForLapse(undefined, 30, '2030-01-01')).toBe(false);
		expect(isDueForLapse({ ...unpaid, status: 'Paid' }, 30, '2030-01-01')).toBe(false);
		expect(isDueForLapse({ due_date: '2025-03-01' }, 30, '2030-01-01')).toBe(true);
	});

	it('refuses negative days', () => {
		expect(() => isDueForLapse(unpaid, -1, '2025-03-31')).toThrow(expect.objectContaining({ field: 'days_after_unpaid_due_date' }));
	});

	it('the oldest Unpaid installment sets the pace', () => {
		const installments = [
			{ status: 'Unpaid' as const, due_date: '2025-04-01' },
			{ status: 'Paid' as const, due_date: '2025-01-01' },
			{ status: 'Unpaid' as const, due_date: '2025-03-01' },
			{ status: 'StatementIssued' as const, due_date: '2025-05-01' },
		];
		expect(oldestUnpaidInstallment(installments)?.due_date).toBe('2025-03-01');
		expect(oldestUnpaidInstallment([{ status: 'Paid' as const, due_date: '2025-01-01' }])).toBeNull();
		expect(isPolicyDueForLapse({ status: 'InForce' }, installments, 30, '2025-03-30')).toBe(false);
		expect(isPolicyDueForLapse({ status: 'InForce' }, installments, 30, '2025-03-31')).toBe(true);
		expect(isPolicyDueForLapse({ status: 'Issued' }, installments, 30, '2025-12-31')).toBe(false);
		expect(isPolicyDueForLapse({ status: 'InForce' }, [], 30, '2025-12-31')).toBe(false);
	});
});

describe('lapseConsequences (policy)', () => {
	const installments: LapseInstallment<number>[] = [
		{ id: 1, due_date: '2025-01-01', amount: '100.00', paid_amount: '100.00', status: 'Paid' },
		{ id: 2, due_date: '2025-02-01', amount: '100.00', paid_amount: '100.00', status: 'Paid' },
		{ id: 3, due_date: '2025-03-01', amount: '100.00', paid_amount: '20.00', status: 'Unpaid' },
		{ id: 4, due_date: '2025-04-01', amount: '100.00', paid_amount: '0.00', status: 'Unpaid' },
		{ id: 5, due_date: '2025-05-01', amount: '100.00', paid_amount: null, status: 'StatementIssued' },
		{ id: 6, due_date: '2025-06-01', amount: '100.00', paid_amount: '0.00', status: 'OnTime' },
	];
	const policy = { premium_amount: '600.00', end_date: '2025-07-01' };

	it('without claims: end date = oldest unpaid due date, premium = paid premium, only paid installments kept', () => {
		expect(lapseConsequences({ policy, installments, hasClaims: false })).toEqual({
			end_date: '2025-03-01',
			premium_amount: '200.00',
			premium_changed: true,
			keepInstallmentIds: [1, 2],
			removeInstallmentIds: [3, 4, 5, 6],
			released_paid_amount: '20.00',
			unpaidInstallmentId: 3,
		});
	});

	it('with claims: end date moves, premium and schedule unchanged', () => {
		expect(lapseConsequences({ policy, installments, hasClaims: true })).toEqual({
			end_date: '2025-03-01',
			premium_amount: '600.00',
			premium_changed: false,
			keepInstallmentIds: [1, 2, 3, 4, 5, 6],
			removeInstallmentIds: [],
			released_paid_amount: '0.00',
			unpaidInstallmentId: 3,
		});
	});

	it('nothing paid, no claims: premium 0.00, empty schedule', () => {
		const unpaidOnly: LapseInstallment<string>[] = [{ id: 'a', due_date: '2025-01-01', amount: '50', paid_amount: '0', status: 'Unpaid' }];
		expect(lapseConsequences({ policy: { premium_amount: '50', end_date: null }, installments: unpaidOnly, hasClaims: false })).toMatchObject({
			end_date: '2025-01-01',
			premium_amount: '0.00',
			keepInstallmentIds: [],
			removeInstallmentIds: ['a'],
		});
	});

	it('paid premium equal to the premium: unchanged, so the schedule is kept (reference: only a changed premium trims it)', () => {
		const result = lapseConsequences({ policy: { premium_amount: '200.00', end_date: '2025-07-01' }, installments, hasClaims: false });
		expect(result.premium_changed).toBe(false);
		expect(result.keepInstallmentIds).toEqual([1, 2, 3, 4, 5, 6]);
	});

	it('refuses a lapse without an Unpaid installment', () => {
		expect(() => lapseConsequences({ policy, installments: installments.filter((row) => row.status !== 'Unpaid'), hasClaims: false })).toThrow(
			expect.objectContaining({ field: 'installments' }),
		);
		expect(() => lapseConsequences({ policy, installments: [], hasClaims: false })).toThrow(DomainError);
	});
});

describe('masterLapseConsequences', () => {
	const installments: LapseInstallment<number>[] = [
		{ id: 1, due_date: '2025-01-01', amount: '1000.00', paid_amount: '1000.00', status: 'Paid' },
		{ id: 2, due_date: '2025-02-01', amount: '1000.00', paid_amount: '400.00', status: 'Unpaid' },
		{ id: 3, due_date: '2025-03-01', amount: '1000.00', paid_amount: '0.00', status: 'OnTime' },
	];

	it('premium always reduced to the paid premium, schedule trimmed to paid', () => {
		expect(masterLapseConsequences({ master: { premium_amount: '3000.00', end_date: '2025-04-01' }, installments })).toEqual({
			end_date: '2025-02-01',
			premium_amount: '1000.00',
			premium_changed: true,
			keepInstallmentIds: [1],
			removeInstallmentIds: [2, 3],
			released_paid_amount: '400.00',
			unpaidInstallmentId: 2,
		});
	});

	it('works when the master policy carries no premium field', () => {
		expect(masterLapseConsequences({ master: { end_date: null }, installments }).premium_amount).toBe('1000.00');
	});

	it('refuses without an Unpaid installment', () => {
		expect(() => masterLapseConsequences({ master: { end_date: null }, installments: [installments[0] as LapseInstallment<number>] })).toThrow(DomainError);
	});
});
