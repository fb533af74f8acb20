import { describe, expect, it } from 'vitest';
import type { InstallmentStatus } from '../billing/types';
import {
	isMasterDueForEnforcement,
	isMasterDueForLapse,
	isMasterDueForMaturity,
	isMasterProposalToWithdraw,
	masterCancellationStatus,
	masterLapseDate,
} from './master-policy-rules';
import * as policyRules from './policy-rules';

describe('isMasterProposalToWithdraw', () => {
	const master = { status: 'Proposal', proposal_date: '2025-01-31' };
	it.each([
		['day before', '2025-03-01', false],
		['day of', '2025-03-02', true],
		['day after', '2025-03-03', true],
	] as const)('30 days in Proposal, %s (%s) -> %s', (_label, asOf, expected) => {
		expect(isMasterProposalToWithdraw(master, 30, asOf)).toBe(expected);
	});
	it('only in Proposal', () => {
		for (const status of ['Draft', 'Issued', 'InForce']) expect(isMasterProposalToWithdraw({ ...master, status }, 30, '2026-01-01')).toBe(false);
	});
	it('refuses negative days', () => {
		expect(() => isMasterProposalToWithdraw(master, -5, '2025-03-02')).toThrow(expect.objectContaining({ field: 'master_proposal_withdraw_days' }));
	});
});

describe('isMasterDueForEnforcement / isMasterDueForMaturity', () => {
	it.each([
		['day before', '2025-05-31', false],
		['day of', '2025-06-01', true],
		['day after', '2025-06-02', true],
	] as const)('start date 2025-06-01, %s -> %s', (_label, asOf, expected) => {
		expect(isMasterDueForEnforcement({ status: 'Issued', begin_date: '2025-06-01' }, asOf)).toBe(expected);
		expect(isMasterDueForEnforcement({ status: 'Proposal', begin_date: '2025-06-01' }, asOf)).toBe(false);
	});

	it.each([
		['day before', '2026-05-31', false],
		['day of', '2026-06-01', true],
		['day after', '2026-06-02', true],
	] as const)('end date 2026-06-01, %s -> %s', (_label, asOf, expected) => {
		expect(isMasterDueForMaturity({ status: 'InForce', end_date: '2026-06-01' }, asOf)).toBe(expected);
		expect(isMasterDueForMaturity({ status: 'Lapsed', end_date: '2026-06-01' }, asOf)).toBe(false);
	});

	it('no end date never matures', () => {
		expect(isMasterDueForMaturity({ status: 'InForce', end_date: null }, '2099-01-01')).toBe(false);
	});
});

describe('master lapse', () => {
	const installments: { status: InstallmentStatus; due_date: string }[] = [
		{ status: 'Paid', due_date: '2025-01-01' },
		{ status: 'Unpaid', due_date: '2025-02-01' },
		{ status: 'Unpaid', due_date: '2025-03-01' },
		{ status: 'StatementIssued', due_date: '2025-04-01' },
	];

	it('counts from the oldest unpaid master installment by default', () => {
		expect(masterLapseDate(installments, 30)).toBe('2025-03-03');
		expect(masterLapseDate(installments, 30, 'latest')).toBe('2025-03-31');
		expect(masterLapseDate([{ status: 'Paid', due_date: '2025-01-01' }], 30)).toBeNull();
	});

	it.each([
		['day before', '2025-03-02', false],
		['day of', '2025-03-03', true],
		['day after', '2025-03-04', true],
	] as const)('oldest anchor, %s (%s) -> %s', (_label, asOf, expected) => {
		expect(isMasterDueForLapse({ status: 'InForce' }, installments, 30, asOf)).toBe(expected);
	});

	it.each([
		['day before', '2025-03-30', false],
		['day of', '2025-03-31', true],
	] as const)('literal "last unpaid" anchor, %s (%s) -> %s', (_label, asOf, expected) => {
		expect(isMasterDueForLapse({ status: 'InForce' }, installments, 30, asOf, 'latest')).toBe(expected);
	});

	it('only InForce masters with an Unpaid installment', () => {
		expect(isMasterDueForLapse({ status: 'Issued' }, installments, 30, '2026-01-01')).toBe(false);
		expect(isMasterDueForLapse({ status: 'InForce' }, [], 30, '2026-01-01')).toBe(false);
	});
});

describe('masterCancellationStatus', () => {
	it.each([
		['ClientRequest', '2025-06-10', 'WithdrawClientRequest'],
		['ClientRequest', '2025-06-15', 'WithdrawClientRequest'],
		['ClientRequest', '2025-06-16', 'Cancelled'],
		['Duplicate', '2025-06-02', 'Cancelled'],
		['InsurerDecision', '2025-06-02', 'Cancelled'],
	] as const)('%s on %s -> %s (14 days from 2025-06-01)', (reasonType, requestDate, expected) => {
		expect(masterCancellationStatus({ reasonType, beginDate: '2025-06-01', coolingOffDays: 14, requestDate })).toBe(expected);
	});

	it('a product without cooling-off always cancels', () => {
		expect(masterCancellationStatus({ reasonType: 'ClientRequest', beginDate: '2025-06-01', coolingOffDays: 0, requestDate: '2025-06-01' })).toBe('Cancelled');
	});
});

describe('policy-rules re-exports the master, cooling-off and business-day rules', () => {
	it.each(['isMasterProposalToWithdraw', 'isMasterDueForLapse', 'coolingOffEnds', 'isWithinCoolingOff', 'addBusinessDays'])('%s', (name) => {
		expect(typeof (policyRules as Record<string, unknown>)[name]).toBe('function');
	});
});
