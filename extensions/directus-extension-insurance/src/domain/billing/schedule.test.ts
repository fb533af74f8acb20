import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween } from './dates';
import { DomainError } from './errors';
import { toCents } from './money';
import {
	MAX_INSTALLMENTS,
	generateSchedule,
	regenerateSchedule,
	schedulePeriods,
	type ExistingInstallment,
	type ScheduleInput,
} from './schedule';
import type { InstallmentStatus, PremiumFrequency } from './types';

const amounts = (input: ScheduleInput) => generateSchedule(input).map((row) => row.amount);
const dueDates = (input: ScheduleInput) => generateSchedule(input).map((row) => row.due_date);
const total = (rows: { amount: string }[]) => rows.reduce((sum, row) => sum + toCents(row.amount), 0);

function fieldOf(run: () => unknown): string | undefined {
	try {
		run();
	} catch (error) {
		if (error instanceof DomainError) return error.field;
		throw error;
	}
	return undefined;
}

describe('generateSchedule: periods and due dates', () => {
	it('monthly over a calendar year: 12 equal installments due on the 1st', () => {
		const rows = generateSchedule({ premiumAmount: '1200.00', frequency: 'monthly', beginDate: '2025-01-01', endDate: '2026-01-01' });
		expect(rows).toHaveLength(12);
		expect(rows[0]).toEqual({ sequence: 1, due_date: '2025-01-01', amount: '100.00' });
		expect(rows[11]).toEqual({ sequence: 12, due_date: '2025-12-01', amount: '100.00' });
		expect(rows.every((row) => row.amount === '100.00')).toBe(true);
	});

	it('quarterly and yearly', () => {
		expect(dueDates({ premiumAmount: 400, frequency: 'quarterly', beginDate: '2025-01-15', endDate: '2026-01-15' })).toEqual([
			'2025-01-15',
			'2025-04-15',
			'2025-07-15',
			'2025-10-15',
		]);
		expect(generateSchedule({ premiumAmount: 900, frequency: 'yearly', beginDate: '2025-05-10', endDate: '2028-05-10' })).toEqual([
			{ sequence: 1, due_date: '2025-05-10', amount: '300.00' },
			{ sequence: 2, due_date: '2026-05-10', amount: '300.00' },
			{ sequence: 3, due_date: '2027-05-10', amount: '300.00' },
		]);
	});

	it('clamps month ends from the begin date, without drifting to the 28th', () => {
		expect(dueDates({ premiumAmount: 600, frequency: 'monthly', beginDate: '2025-01-31', endDate: '2025-07-31' })).toEqual([
			'2025-01-31',
			'2025-02-28',
			'2025-03-31',
			'2025-04-30',
			'2025-05-31',
			'2025-06-30',
		]);
	});

	it('clamps to Feb 29 in a leap year', () => {
		expect(dueDates({ premiumAmount: 300, frequency: 'monthly', beginDate: '2024-01-31', endDate: '2024-04-30' })).toEqual([
			'2024-01-31',
			'2024-02-29',
			'2024-03-31',
		]);
	});

	it('quarterly from a 31st', () => {
		expect(dueDates({ premiumAmount: 400, frequency: 'quarterly', beginDate: '2025-08-31', endDate: '2026-08-31' })).toEqual([
			'2025-08-31',
			'2025-11-30',
			'2026-02-28',
			'2026-05-31',
		]);
	});

	it('yearly from a leap day comes back to Feb 29 in the next leap year', () => {
		const rows = generateSchedule({ premiumAmount: 500, frequency: 'yearly', beginDate: '2024-02-29', endDate: '2029-02-28' });
		expect(rows.map((row) => row.due_date)).toEqual(['2024-02-29', '2025-02-28', '2026-02-28', '2027-02-28', '2028-02-29']);
		// 2028-02-29 + 1 year = 2029-02-28 = end date: the last period is full
		expect(rows.map((row) => row.amount)).toEqual(['100.00', '100.00', '100.00', '100.00', '100.00']);
	});

	it('describes each period', () => {
		const periods = schedulePeriods({ frequency: 'monthly', beginDate: '2025-01-01', endDate: '2025-03-16' });
		expect(periods).toEqual([
			{ sequence: 1, due_date: '2025-01-01', period_end: '2025-02-01', days: 31, full_days: 31, partial: false },
			{ sequence: 2, due_date: '2025-02-01', period_end: '2025-03-01', days: 28, full_days: 28, partial: false },
			{ sequence: 3, due_date: '2025-03-01', period_end: '2025-03-16', days: 15, full_days: 31, partial: true },
		]);
	});
});

describe('generateSchedule: amounts, remainder and proration', () => {
	it('puts the remainder cents on the FIRST installment', () => {
		const result = amounts({ premiumAmount: '1000.00', frequency: 'monthly', beginDate: '2025-01-01', endDate: '2026-01-01' });
		expect(result[0]).toBe('83.37');
		expect(result.slice(1).every((amount) => amount === '83.33')).toBe(true);
	});

	it.each([
		['100.00', 3, ['33.34', '33.33', '33.33']],
		['0.02', 3, ['0.02', '0.00', '0.00']],
		['10.01', 2, ['5.01', '5.00']],
		['99.99', 4, ['25.02', '24.99', '24.99', '24.99']],
	] as const)('premium %s over %i months', (premium, months, expected) => {
		const endDate = addMonths('2025-01-01', months);
		expect(amounts({ premiumAmount: premium, frequency: 'monthly', beginDate: '2025-01-01', endDate })).toEqual(expected);
	});

	it('rounds a premium with more than 2 decimals half-up first', () => {
		expect(total(generateSchedule({ premiumAmount: '120.005', frequency: 'monthly', beginDate: '2025-01-01', endDate: '2025-04-01' }))).toBe(
			12_001,
		);
	});

	it('prorates a cut-short last period by actual days over the full period', () => {
		// Jan (full), Feb (full), Mar 1..15 = 15 of 31 days: weights 31, 31, 15
		expect(amounts({ premiumAmount: '77.00', frequency: 'monthly', beginDate: '2025-01-01', endDate: '2025-03-16' })).toEqual([
			'31.00',
			'31.00',
			'15.00',
		]);
	});

	it('treats the end date as exclusive: an inclusive-style end (Dec 31) cuts one day off the last month', () => {
		const rows = generateSchedule({ premiumAmount: '371.00', frequency: 'monthly', beginDate: '2025-01-01', endDate: '2025-12-31' });
		expect(rows).toHaveLength(12);
		// 11 full months weigh 31 each, December 30/31: 11*31 + 30 = 371
		expect(rows.slice(0, 11).every((row) => row.amount === '31.00')).toBe(true);
		expect(rows[11]).toEqual({ sequence: 12, due_date: '2025-12-01', amount: '30.00' });
	});

	it('prorates a yearly term cut short, over the days of that year (leap year)', () => {
		// 2024-01-01..2025-01-01 full (366 days); 2025-01-01..2025-07-02 = 182 of 365 days
		const rows = generateSchedule({ premiumAmount: '547.00', frequency: 'yearly', beginDate: '2024-01-01', endDate: '2025-07-02' });
		expect(rows.map((row) => row.due_date)).toEqual(['2024-01-01', '2025-01-01']);
		// weights 365 (full) and 182: 547 * 365/547 = 365, 547 * 182/547 = 182
		expect(rows.map((row) => row.amount)).toEqual(['365.00', '182.00']);
	});

	it('a term shorter than one period is one installment of the whole premium', () => {
		expect(generateSchedule({ premiumAmount: '50.00', frequency: 'monthly', beginDate: '2025-01-01', endDate: '2025-01-11' })).toEqual([
			{ sequence: 1, due_date: '2025-01-01', amount: '50.00' },
		]);
		expect(generateSchedule({ premiumAmount: '50.00', frequency: 'yearly', beginDate: '2025-01-01', endDate: '2025-01-02' })).toHaveLength(1);
	});
});

describe('generateSchedule: refusals', () => {
	const base: ScheduleInput = { premiumAmount: '100', frequency: 'monthly', beginDate: '2025-01-01', endDate: '2026-01-01' };

	it.each([
		['begin = end', { endDate: '2025-01-01' }, 'end_date'],
		['begin > end', { endDate: '2024-12-31' }, 'end_date'],
		['invalid begin date', { beginDate: '2025-02-30' }, 'begin_date'],
		['begin date not ISO', { beginDate: '01/01/2025' }, 'begin_date'],
		['invalid end date', { endDate: '2026-13-01' }, 'end_date'],
		['zero premium', { premiumAmount: 0 }, 'premium_amount'],
		['negative premium', { premiumAmount: '-10' }, 'premium_amount'],
		['malformed premium', { premiumAmount: '10,5' }, 'premium_amount'],
		['unknown frequency', { frequency: 'weekly' as PremiumFrequency }, 'premium_frequency'],
		['unknown time zone', { timeZone: 'Mars/Olympus' }, 'time_zone'],
		['too many installments', { endDate: addMonths('2025-01-01', MAX_INSTALLMENTS + 1) }, 'end_date'],
	] as const)('%s -> DomainError on %s', (_label, patch, field) => {
		expect(() => generateSchedule({ ...base, ...patch })).toThrow(DomainError);
		expect(fieldOf(() => generateSchedule({ ...base, ...patch }))).toBe(field);
	});

	it('accepts exactly MAX_INSTALLMENTS periods', () => {
		expect(generateSchedule({ ...base, endDate: addMonths('2025-01-01', MAX_INSTALLMENTS) })).toHaveLength(MAX_INSTALLMENTS);
	});
});

describe('generateSchedule: time zones do not move calendar due dates', () => {
	const zones = ['UTC', 'Europe/Bucharest', 'America/Santiago', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/Havana', 'Asia/Tehran'];

	it.each([
		// Bucharest spring-forward and fall-back days
		['2025-03-30', '2026-03-30'],
		['2025-10-26', '2026-10-26'],
		// Santiago and Havana change the clock at midnight: 00:00 does not exist that day
		['2024-09-08', '2025-09-08'],
		['2025-03-09', '2026-03-09'],
		['2025-01-31', '2025-12-31'],
	] as const)('a schedule from %s to %s is the same in every zone', (beginDate, endDate) => {
		const reference = generateSchedule({ premiumAmount: '1000', frequency: 'monthly', beginDate, endDate, timeZone: 'UTC' });
		for (const timeZone of zones) {
			expect(generateSchedule({ premiumAmount: '1000', frequency: 'monthly', beginDate, endDate, timeZone })).toEqual(reference);
		}
	});
});

describe('generateSchedule: properties', () => {
	const frequency = fc.constantFrom<PremiumFrequency>('monthly', 'quarterly', 'yearly');
	const date = fc.integer({ min: 0, max: 365 * 30 }).map((offset) => addDays('2000-01-01', offset));
	const premium = fc.integer({ min: 1, max: 99_999_999_999 }).map((cents) => (cents / 100).toFixed(2));
	const zone = fc.constantFrom('UTC', 'Europe/Bucharest', 'America/Santiago', 'Asia/Kolkata');

	it('installments always sum exactly to the premium, due dates ascend inside the term, full periods are equal', () => {
		fc.assert(
			fc.property(premium, frequency, date, fc.integer({ min: 1, max: 365 * 10 }), zone, (premiumAmount, freq, beginDate, length, timeZone) => {
				const endDate = addDays(beginDate, length);
				const rows = generateSchedule({ premiumAmount, frequency: freq, beginDate, endDate, timeZone });
				expect(total(rows)).toBe(toCents(premiumAmount));
				expect(rows.map((row) => row.sequence)).toEqual(rows.map((_, index) => index + 1));
				expect(rows[0]?.due_date).toBe(beginDate);
				for (let i = 1; i < rows.length; i += 1) {
					expect(daysBetween(rows[i - 1]?.due_date ?? '', rows[i]?.due_date ?? '')).toBeGreaterThan(0);
				}
				expect(daysBetween(rows[rows.length - 1]?.due_date ?? '', endDate)).toBeGreaterThan(0);
				const periods = schedulePeriods({ frequency: freq, beginDate, endDate, timeZone });
				// Periods worked out once serve every premium over the same dates.
				expect(generateSchedule({ premiumAmount, frequency: freq, beginDate, endDate, timeZone }, periods)).toEqual(rows);
				const full = rows.filter((_, index) => index > 0 && !periods[index]?.partial).map((row) => row.amount);
				expect(new Set(full).size).toBeLessThanOrEqual(1);
				expect(rows.every((row) => toCents(row.amount) >= 0)).toBe(true);
			}),
		);
	});

	it('the first installment is never smaller than a full one', () => {
		fc.assert(
			fc.property(premium, frequency, date, fc.integer({ min: 2, max: 40 }), (premiumAmount, freq, beginDate, periods) => {
				const months = { monthly: 1, quarterly: 3, yearly: 12 }[freq] * periods;
				const rows = generateSchedule({ premiumAmount, frequency: freq, beginDate, endDate: addMonths(beginDate, months) });
				expect(rows).toHaveLength(periods);
				const first = toCents(rows[0]?.amount ?? '0');
				const other = toCents(rows[1]?.amount ?? '0');
				expect(first - other).toBeGreaterThanOrEqual(0);
				expect(first - other).toBeLessThan(periods);
			}),
		);
	});
});

describe('regenerateSchedule (endorsement)', () => {
	type Row = ExistingInstallment<number>;
	const original = generateSchedule({ premiumAmount: '1200.00', frequency: 'monthly', beginDate: '2025-01-01', endDate: '2026-01-01' });
	const withStatuses = (statuses: Partial<Record<number, [InstallmentStatus, string]>>): Row[] =>
		original.map((row) => {
			const [status, paid] = statuses[row.sequence] ?? ['OnTime', '0.00'];
			return { id: row.sequence * 10, due_date: row.due_date, amount: row.amount, paid_amount: paid, status };
		});

	it('keeps paid installments and re-spreads the rest of a higher premium (remainder on the first remaining)', () => {
		const installments = withStatuses({ 1: ['Paid', '100.00'], 2: ['Paid', '100.00'], 3: ['Paid', '100.00'], 4: ['Unpaid', '0.00'], 5: ['StatementIssued', '0.00'] });
		const result = regenerateSchedule({ premiumAmount: '1500.00', frequency: 'monthly', beginDate: '2025-01-01', endDate: '2026-01-01', installments });
		expect(result.removedIds).toEqual([]);
		expect(result.installments).toHaveLength(12);
		expect(result.installments.slice(0, 3)).toEqual([
			{ id: 10, sequence: 1, due_date: '2025-01-01', amount: '100.00', paid_amount: '100.00', status: 'Paid', change: 'kept' },
			{ id: 20, sequence: 2, due_date: '2025-02-01', amount: '100.00', paid_amount: '100.00', status: 'Paid', change: 'kept' },
			{ id: 30, sequence: 3, due_date: '2025-03-01', amount: '100.00', paid_amount: '100.00', status: 'Paid', change: 'kept' },
		]);
		// 1200 over 9 = 133.33 * 9 = 1199.97, +0.03 on the first remaining
		expect(result.installments[3]).toEqual({ id: 40, sequence: 4, due_date: '2025-04-01', amount: '133.36', paid_amount: '0.00', status: 'Unpaid', change: 'updated' });
		expect(result.installments[4]?.status).toBe('StatementIssued');
		expect(result.installments.slice(4).every((row) => row.amount === '133.33' && row.change === 'updated')).toBe(true);
		expect(total(result.installments)).toBe(150_000);
	});

	it('keeps a partially paid installment unchanged (its allocations stay valid)', () => {
		const installments = withStatuses({ 1: ['Paid', '100.00'], 2: ['StatementIssued', '40.00'] });
		const result = regenerateSchedule({ premiumAmount: '1000.00', frequency: 'monthly', beginDate: '2025-01-01', endDate: '2026-01-01', installments });
		expect(result.installments[1]).toMatchObject({ id: 20, amount: '100.00', paid_amount: '40.00', status: 'StatementIssued', change: 'kept' });
		// 800 over 10
		expect(result.installments.slice(2).map((row) => row.amount)).toEqual(Array(10).fill('80.00'));
	});

	it('shortening the term removes the unpaid installments after the new end date', () => {
		const installments = withStatuses({ 1: ['Paid', '100.00'], 2: ['Paid', '100.00'] });
		const result = regenerateSchedule({ premiumAmount: '600.00', frequency: 'monthly', beginDate: '2025-01-01', endDate: '2025-07-01', installments });
		expect(result.installments.map((row) => row.id)).toEqual([10, 20, 30, 40, 50, 60]);
		expect(result.installments.slice(2).map((row) => row.amount)).toEqual(['100.00', '100.00', '100.00', '100.00']);
		expect(result.removedIds).toEqual([70, 80, 90, 100, 110, 120]);
	});

	it('shortening into a partial period prorates it', () => {
		const installments = withStatuses({ 1: ['Paid', '100.00'] });
		// new end 2025-03-16: Feb full (weight 31 of the March unit), March 15/31
		const result = regenerateSchedule({ premiumAmount: '146.00', frequency: 'monthly', beginDate: '2025-01-01', endDate: '2025-03-16', installments });
		expect(result.installments.map((row) => row.amount)).toEqual(['100.00', '31.00', '15.00']);
	});

	it('extending the term creates new OnTime installments', () => {
		const installments = withStatuses({ 1: ['Paid', '100.00'] });
		const result = regenerateSchedule({ premiumAmount: '1400.00', frequency: 'monthly', beginDate: '2025-01-01', endDate: '2026-03-01', installments });
		expect(result.installments).toHaveLength(14);
		expect(result.installments.slice(12)).toEqual([
			{ id: null, sequence: 13, due_date: '2026-01-01', amount: '100.00', paid_amount: '0.00', status: 'OnTime', change: 'created' },
			{ id: null, sequence: 14, due_date: '2026-02-01', amount: '100.00', paid_amount: '0.00', status: 'OnTime', change: 'created' },
		]);
		expect(result.removedIds).toEqual([]);
	});

	it('nothing left to pay: every unpaid installment is removed', () => {
		const installments = withStatuses({ 1: ['Paid', '100.00'], 2: ['Paid', '100.00'] });
		const result = regenerateSchedule({ premiumAmount: '200.00', frequency: 'monthly', beginDate: '2025-01-01', endDate: '2026-01-01', installments });
		expect(result.installments.map((row) => row.id)).toEqual([10, 20]);
		expect(result.removedIds).toHaveLength(10);
	});

	it('removes a duplicate unpaid row on the same due date', () => {
		const installments: Row[] = [
			{ id: 1, due_date: '2025-01-01', amount: '50.00', paid_amount: null, status: 'OnTime' },
			{ id: 2, due_date: '2025-01-01', amount: '50.00', paid_amount: '0', status: 'OnTime' },
		];
		const result = regenerateSchedule({ premiumAmount: '100.00', frequency: 'yearly', beginDate: '2025-01-01', endDate: '2026-01-01', installments });
		expect(result.installments).toEqual([{ id: 1, sequence: 1, due_date: '2025-01-01', amount: '100.00', paid_amount: '0.00', status: 'OnTime', change: 'updated' }]);
		expect(result.removedIds).toEqual([2]);
	});

	it.each([
		['a premium below what paid installments already bill', { premiumAmount: '250.00' }, 'premium_amount'],
		['an end date before a paid installment', { endDate: '2025-03-01' }, 'end_date'],
		['a begin date moving the due dates under paid installments', { beginDate: '2025-01-15' }, 'begin_date'],
		['a frequency change under paid installments', { frequency: 'quarterly' as PremiumFrequency }, 'begin_date'],
		['end before begin', { endDate: '2024-01-01' }, 'end_date'],
		['a negative premium', { premiumAmount: '-1' }, 'premium_amount'],
	] as const)('refuses %s', (_label, patch, field) => {
		const installments = withStatuses({ 1: ['Paid', '100.00'], 2: ['Paid', '100.00'], 3: ['Paid', '100.00'] });
		const input = { premiumAmount: '1200.00', frequency: 'monthly' as PremiumFrequency, beginDate: '2025-01-01', endDate: '2026-01-01', installments, ...patch };
		expect(fieldOf(() => regenerateSchedule(input))).toBe(field);
	});

	it('refuses money left to pay when every due date is paid', () => {
		const installments = withStatuses(Object.fromEntries(original.map((row) => [row.sequence, ['Paid', '100.00']])));
		expect(
			fieldOf(() =>
				regenerateSchedule({ premiumAmount: '1300.00', frequency: 'monthly', beginDate: '2025-01-01', endDate: '2026-01-01', installments }),
			),
		).toBe('premium_amount');
	});

	it('always sums to the new premium and never touches installments carrying money', () => {
		const statuses = fc.constantFrom<InstallmentStatus>('OnTime', 'StatementIssued', 'Unpaid', 'Paid');
		fc.assert(
			fc.property(
				fc.array(fc.tuple(statuses, fc.boolean()), { minLength: 12, maxLength: 12 }),
				fc.integer({ min: 1, max: 12 }),
				fc.integer({ min: 0, max: 500_000 }),
				(states, months, extraCents) => {
					const installments: Row[] = original.map((row, index) => {
						const [status, partial] = states[index] ?? ['OnTime', false];
						const paid = status === 'Paid' ? row.amount : partial ? '1.00' : '0.00';
						return { id: index + 1, due_date: row.due_date, amount: row.amount, paid_amount: paid, status };
					});
					const endDate = addMonths('2025-01-01', months);
					const carrying = installments.filter((row) => row.status === 'Paid' || toCents(row.paid_amount ?? 0) > 0);
					const keptCents = carrying.reduce((sum, row) => sum + toCents(row.amount), 0);
					const premiumCents = keptCents + extraCents;
					const run = () =>
						regenerateSchedule({ premiumAmount: (premiumCents / 100).toFixed(2), frequency: 'monthly', beginDate: '2025-01-01', endDate, installments });
					const lastCarrying = carrying[carrying.length - 1];
					const freeDates = months - carrying.filter((row) => row.due_date < endDate).length;
					if ((lastCarrying && lastCarrying.due_date >= endDate) || (extraCents > 0 && freeDates === 0)) {
						expect(run).toThrow(DomainError);
						return;
					}
					const result = run();
					expect(total(result.installments)).toBe(premiumCents);
					for (const row of carrying) {
						expect(result.installments.find((out) => out.id === row.id)).toMatchObject({ change: 'kept', amount: row.amount, status: row.status });
					}
					const ids = [...result.installments.map((row) => row.id).filter((id) => id !== null), ...result.removedIds];
					expect(new Set(ids).size).toBe(ids.length);
					expect(result.installments.every((row) => row.due_date < endDate)).toBe(true);
				},
			),
		);
	});
});
