import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateMasterInstallmentStatus, aggregateMasterSchedule, type MemberInstallment } from './master-aggregation';
import { INSTALLMENT_STATUSES, type InstallmentStatus } from './types';

const { OnTime, StatementIssued: Stmt, Paid, Unpaid } = {
	OnTime: 'OnTime',
	StatementIssued: 'StatementIssued',
	Paid: 'Paid',
	Unpaid: 'Unpaid',
} as const satisfies Record<string, InstallmentStatus>;

describe('aggregateMasterInstallmentStatus: the truth table', () => {
	it.each<[string, InstallmentStatus[], InstallmentStatus, InstallmentStatus]>([
		// row 1: nothing to aggregate
		['no members keeps OnTime', [], OnTime, OnTime],
		['no members keeps Paid', [], Paid, Paid],
		// _ -> OnTime: generated for the whole period, no statement yet
		['all OnTime', [OnTime, OnTime], OnTime, OnTime],
		['some statements issued, some not yet', [Stmt, OnTime], OnTime, OnTime],
		// OnTime -> StatementIssued: every member has its statement
		['all StatementIssued', [Stmt, Stmt, Stmt], OnTime, Stmt],
		['single member StatementIssued', [Stmt], OnTime, Stmt],
		['statements issued, one member already paid', [Stmt, Paid], OnTime, Stmt],
		// StatementIssued -> Paid: all members paid
		['all Paid', [Paid, Paid], Stmt, Paid],
		['all Paid before any statement', [Paid, Paid], OnTime, Paid],
		['partly paid stays StatementIssued', [Paid, Stmt], Stmt, Stmt],
		// StatementIssued -> Unpaid: at least one member unpaid
		['one Unpaid among StatementIssued', [Stmt, Unpaid, Stmt], Stmt, Unpaid],
		['one Unpaid among Paid', [Paid, Unpaid], Stmt, Unpaid],
		['all Unpaid', [Unpaid, Unpaid], Stmt, Unpaid],
		['Unpaid even with members not yet stated', [OnTime, Unpaid], OnTime, Unpaid],
		// Paid -> StatementIssued: a member payment deallocated before the due date
		['Paid master, one member back to StatementIssued', [Paid, Stmt, Paid], Paid, Stmt],
		// Paid -> Unpaid: a member payment deallocated after the due date
		['Paid master, one member back to Unpaid', [Paid, Unpaid], Paid, Unpaid],
		// Paid and no longer fully covered, but no member stated or unpaid: no Paid -> OnTime
		['Paid master, a member OnTime (joined later)', [Paid, OnTime], Paid, Stmt],
		// Unpaid only clears when everything is paid
		['Unpaid master, late payment of the last unpaid member', [Paid, Paid], Unpaid, Paid],
		['Unpaid master, unpaid member paid but another only stated', [Paid, Stmt], Unpaid, Unpaid],
		['Unpaid master, members OnTime/Paid', [Paid, OnTime], Unpaid, Unpaid],
		// stays
		['StatementIssued master, a member OnTime (joined later)', [Stmt, OnTime], Stmt, Stmt],
		['StatementIssued master, all stated', [Stmt, Stmt], Stmt, Stmt],
		['Paid master, all paid', [Paid], Paid, Paid],
		['Unpaid master, still unpaid', [Unpaid], Unpaid, Unpaid],
	])('%s: %j with current %s -> %s', (_label, members, current, expected) => {
		expect(aggregateMasterInstallmentStatus(members, current)).toBe(expected);
	});

	it('properties over every combination', () => {
		const status = fc.constantFrom<InstallmentStatus>(...INSTALLMENT_STATUSES);
		const allowed = new Set([
			'OnTime>StatementIssued',
			'OnTime>Paid',
			'OnTime>Unpaid',
			'StatementIssued>Paid',
			'StatementIssued>Unpaid',
			'Paid>StatementIssued',
			'Paid>Unpaid',
			'Unpaid>Paid',
		]);
		fc.assert(
			fc.property(fc.array(status, { minLength: 1, maxLength: 8 }), status, (members, current) => {
				const result = aggregateMasterInstallmentStatus(members, current);
				if (members.includes(Unpaid)) expect(result).toBe(Unpaid);
				if (members.every((member) => member === Paid)) expect(result).toBe(Paid);
				if (result === Paid) expect(members.every((member) => member === Paid)).toBe(true);
				if (members.every((member) => member === Stmt) && current !== Unpaid) expect(result).toBe(Stmt);
				// only the reference transitions (plus OnTime -> Paid/Unpaid when steps are skipped)
				if (result !== current) expect(allowed.has(`${current}>${result}`)).toBe(true);
				// order of members does not matter
				expect(aggregateMasterInstallmentStatus([...members].reverse(), current)).toBe(result);
				// idempotent: a second run on the same members changes nothing
				expect(aggregateMasterInstallmentStatus(members, result)).toBe(result);
			}),
		);
	});
});

describe('aggregateMasterSchedule', () => {
	const members: MemberInstallment<number>[] = [
		{ policy: 1, due_date: '2025-02-01', amount: '100.00', paid_amount: '0.00', status: 'StatementIssued' },
		{ policy: 2, due_date: '2025-01-01', amount: '50.10', paid_amount: '50.10', status: 'Paid' },
		{ policy: 1, due_date: '2025-01-01', amount: '100.00', paid_amount: '100.00', status: 'Paid' },
		{ policy: 2, due_date: '2025-02-01', amount: '50.10', paid_amount: null, status: 'StatementIssued' },
		{ policy: 3, due_date: '2025-02-01', amount: 0.1, paid_amount: 0.2, status: 'StatementIssued' },
		{ policy: 3, due_date: '2025-03-01', amount: '20.00', paid_amount: '5.00', status: 'Unpaid' },
		{ policy: 1, due_date: '2025-03-01', amount: '100.00', paid_amount: '0', status: 'OnTime' },
	];

	it('groups by due date, sums exactly, aggregates the status, in due-date order', () => {
		expect(aggregateMasterSchedule(members)).toEqual([
			{ sequence: 1, due_date: '2025-01-01', amount: '150.10', paid_amount: '150.10', status: 'Paid', policies: [2, 1] },
			{ sequence: 2, due_date: '2025-02-01', amount: '150.20', paid_amount: '0.20', status: 'StatementIssued', policies: [1, 2, 3] },
			{ sequence: 3, due_date: '2025-03-01', amount: '120.00', paid_amount: '5.00', status: 'Unpaid', policies: [3, 1] },
		]);
	});

	it('aggregates against the current status of each master installment (Map or record)', () => {
		const paidThenDeallocated: MemberInstallment<string>[] = [
			{ policy: 'a', due_date: '2025-01-01', amount: '10', paid_amount: '10', status: 'Paid' },
			{ policy: 'b', due_date: '2025-01-01', amount: '10', paid_amount: '0', status: 'OnTime' },
		];
		expect(aggregateMasterSchedule(paidThenDeallocated)[0]?.status).toBe('OnTime');
		expect(aggregateMasterSchedule(paidThenDeallocated, { '2025-01-01': 'Paid' })[0]?.status).toBe('StatementIssued');
		expect(aggregateMasterSchedule(paidThenDeallocated, new Map([['2025-01-01', 'Unpaid' as const]]))[0]?.status).toBe('Unpaid');
	});

	it('lists a member policy once per due date', () => {
		const twice: MemberInstallment<number>[] = [
			{ policy: 7, due_date: '2025-01-01', amount: '1', paid_amount: '0', status: 'OnTime' },
			{ policy: 7, due_date: '2025-01-01', amount: '2', paid_amount: '0', status: 'OnTime' },
		];
		expect(aggregateMasterSchedule(twice)).toEqual([{ sequence: 1, due_date: '2025-01-01', amount: '3.00', paid_amount: '0.00', status: 'OnTime', policies: [7] }]);
	});

	it('no members, no master installments', () => {
		expect(aggregateMasterSchedule([])).toEqual([]);
	});

	it('refuses bad data', () => {
		expect(() => aggregateMasterSchedule([{ policy: 1, due_date: '2025-01-01', amount: 'x', paid_amount: '0', status: 'OnTime' }])).toThrow(
			expect.objectContaining({ field: 'amount' }),
		);
		expect(() =>
			aggregateMasterSchedule([
				{ policy: 1, due_date: '2025-13-01', amount: '1', paid_amount: '0', status: 'OnTime' },
				{ policy: 1, due_date: '2025-01-01', amount: '1', paid_amount: '0', status: 'OnTime' },
			]),
		).toThrow(expect.objectContaining({ field: 'due_date' }));
	});
});
