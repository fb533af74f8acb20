import { describe, expect, it } from 'vitest';
import { DomainError } from '../billing/errors';
import { coolingOffEnds, isWithinCoolingOff } from './cooling-off';

describe('coolingOffEnds', () => {
	it.each([
		['2025-03-01', 14, '2025-03-15'],
		['2024-02-15', 14, '2024-02-29'],
		['2025-02-15', 14, '2025-03-01'],
		['2025-12-25', 30, '2026-01-24'],
		['2025-03-01', 0, null],
		['2025-03-01', null, null],
		['2025-03-01', undefined, null],
	] as const)('begin %s with %j days ends on %j', (begin, days, expected) => {
		expect(coolingOffEnds(begin, days)).toBe(expected);
	});

	it('refuses negative or fractional days and bad dates', () => {
		expect(() => coolingOffEnds('2025-03-01', -1)).toThrow(expect.objectContaining({ field: 'cooling_off_days' }));
		expect(() => coolingOffEnds('2025-03-01', 1.5)).toThrow(DomainError);
		expect(() => coolingOffEnds('2025-02-30', 14)).toThrow(expect.objectContaining({ field: 'begin_date' }));
		expect(() => coolingOffEnds('2025-02-30', 0)).toThrow(expect.objectContaining({ field: 'begin_date' }));
	});
});

describe('isWithinCoolingOff', () => {
	it.each([
		['before the begin date', '2025-02-20', true],
		['on the begin date', '2025-03-01', true],
		['the day before the last day', '2025-03-14', true],
		['on the last day', '2025-03-15', true],
		['the day after the last day', '2025-03-16', false],
	] as const)('14 days from 2025-03-01, request %s (%s) -> %s', (_label, requestDate, expected) => {
		expect(isWithinCoolingOff('2025-03-01', 14, requestDate)).toBe(expected);
	});

	it('no cooling-off days: never within', () => {
		expect(isWithinCoolingOff('2025-03-01', 0, '2025-03-01')).toBe(false);
		expect(isWithinCoolingOff('2025-03-01', null, '2025-02-01')).toBe(false);
	});

	it('validates the request date', () => {
		expect(() => isWithinCoolingOff('2025-03-01', 0, 'soon')).toThrow(expect.objectContaining({ field: 'request_date' }));
		expect(() => isWithinCoolingOff('2025-03-01', 14, 'soon')).toThrow(expect.objectContaining({ field: 'request_date' }));
	});
});
