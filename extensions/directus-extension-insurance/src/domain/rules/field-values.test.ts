import { describe, expect, it } from 'vitest';
import { INTEGER_RANGE, fieldValueProblem } from './field-values';

const integer = { type: 'integer' };
const money = { type: 'decimal', precision: 12, scale: 2 };

describe('fieldValueProblem', () => {
	it('leaves missing and null values to the required checks', () => {
		for (const type of ['integer', 'decimal', 'date', 'timestamp']) {
			expect(fieldValueProblem({ type }, null)).toBeNull();
			expect(fieldValueProblem({ type }, undefined)).toBeNull();
		}
	});

	it.each([1, 0, -7, '42', '-3', INTEGER_RANGE.max, INTEGER_RANGE.min, String(INTEGER_RANGE.max)])('accepts the integer %s', (value) => {
		expect(fieldValueProblem(integer, value)).toBeNull();
	});

	it.each([1.5, 'abc', '', '1.0', '99999999999999999999', 99999999999999999999, INTEGER_RANGE.max + 1, INTEGER_RANGE.min - 1, true, {}, [], Number.NaN, Infinity])(
		'refuses %s for an integer',
		(value) => {
			expect(fieldValueProblem(integer, value)).toMatch(/^must be an integer from -2147483648 to 2147483647, got /);
		},
	);

	it('holds big integers to the safe range', () => {
		expect(fieldValueProblem({ type: 'bigInteger' }, 2 ** 40)).toBeNull();
		expect(fieldValueProblem({ type: 'bigInteger' }, '99999999999999999999')).toMatch(/^must be an integer from/);
	});

	it.each([0, 12.5, '1200', '1200.50', '-3', '.5', '1e3', 9999999999.99])('accepts the amount %s', (value) => {
		expect(fieldValueProblem(money, value)).toBeNull();
	});

	it.each(['abc', '', '1,5', '1e400', Infinity, true, {}])('refuses %s for a decimal', (value) => {
		expect(fieldValueProblem(money, value)).toMatch(/^must be a decimal number, got /);
	});

	it('refuses amounts with more whole digits than the column holds', () => {
		expect(fieldValueProblem(money, 1e10)).toBe('must be less than 10000000000 in size (at most 10 digits before the decimal point), got 10000000000');
		expect(fieldValueProblem(money, '-1e300')).toMatch(/^must be less than 10000000000 in size/);
	});

	it('accepts calendar dates and refuses anything else for a date', () => {
		for (const value of ['2026-01-15', '2026-01-15T00:00:00', '2024-02-29', new Date('2026-01-15')]) expect(fieldValueProblem({ type: 'date' }, value)).toBeNull();
		for (const value of ['x', '2026-02-30', '15/01/2026', '2026-13-01', 20260115, new Date('x'), '']) {
			expect(fieldValueProblem({ type: 'date' }, value), String(value)).toMatch(/^must be a date as YYYY-MM-DD, got /);
		}
	});

	it('accepts ISO date-times and epoch milliseconds for a timestamp', () => {
		for (const type of ['timestamp', 'dateTime']) {
			for (const value of ['2026-01-15T09:30:00Z', '2026-01-15T09:30:00.000+01:00', '2026-01-15 09:30', '2026-01-15', new Date(), 1767225600000]) {
				expect(fieldValueProblem({ type }, value), String(value)).toBeNull();
			}
			for (const value of ['x', 'tomorrow', '2026-01-15T25:00:00Z', '2026-02-30T00:00:00Z', Number.NaN, 1e300, true]) {
				expect(fieldValueProblem({ type }, value), String(value)).toMatch(/^must be a date and time in ISO 8601/);
			}
		}
	});

	it('checks times of day', () => {
		expect(fieldValueProblem({ type: 'time' }, '09:30')).toBeNull();
		expect(fieldValueProblem({ type: 'time' }, '09:30:15')).toBeNull();
		expect(fieldValueProblem({ type: 'time' }, '25:00')).toMatch(/^must be a time of day/);
	});

	it('checks booleans and UUIDs', () => {
		for (const value of [true, false, 1, 0, 'true', 'false']) expect(fieldValueProblem({ type: 'boolean' }, value)).toBeNull();
		for (const value of ['abc', 2, {}, 'yes']) expect(fieldValueProblem({ type: 'boolean' }, value)).toMatch(/^must be true or false, got /);
		expect(fieldValueProblem({ type: 'uuid' }, '0f8fad5b-d9cb-469f-a165-70867728950e')).toBeNull();
		expect(fieldValueProblem({ type: 'uuid' }, 'not-a-uuid')).toBe('must be a UUID, got "not-a-uuid"');
		expect(fieldValueProblem({ type: 'uuid' }, 7)).toBe('must be a UUID, got 7');
	});

	it('refuses an object for a plain typed column', () => {
		expect(fieldValueProblem(money, { x: 1 })).toBe('must be a decimal number, got an object');
		expect(fieldValueProblem({ type: 'date' }, [])).toBe('must be a date as YYYY-MM-DD, got an object');
	});

	it('has no opinion on other types', () => {
		expect(fieldValueProblem({ type: 'string' }, 'anything')).toBeNull();
		expect(fieldValueProblem({ type: 'json' }, { a: 1 })).toBeNull();
	});
});
