// Money in integer cents. Amounts reach the core as decimal strings (what Postgres and the
// API hand over for decimal(12,2)) or as JS numbers (SQLite, tests); every computation is done
// on integer cents so sums never drift, and results leave as strings with exactly 2 decimals.
//
// Rounding rule: an input with more than 2 decimals is rounded half-up to the cent, half away
// from zero for negatives ('1.005' -> 101, '-1.005' -> -101). The decimal text is rounded, not
// the binary float: for a number input we round its shortest round-trip text, so 1.005 (which
// is stored as 1.00499999...) still rounds to 1.01, as the person who typed it expects.

import { DomainError } from './errors';
import type { Amount } from './types';

/** Decimal text with an optional exponent, as String(number) may produce ('1e-7', '1.5e+21'). */
const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Largest exponent we bother shifting; beyond it a non-zero value cannot fit in safe cents. */
const MAX_EXPONENT = 30;

/**
 * Parses an amount into integer cents (see the rounding rule above).
 * Throws a DomainError naming `field` for anything that is not a finite decimal, or that
 * does not fit in a safe integer number of cents.
 */
export function toCents(value: Amount, field = 'amount'): number {
	let text: string;
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new DomainError(field, `${field} must be a finite number, got ${String(value)}`);
		text = String(value);
	} else if (typeof value === 'string') {
		text = value.trim();
	} else {
		throw new DomainError(field, `${field} must be a decimal amount, got ${typeof value}`);
	}

	const match = DECIMAL.exec(text);
	const sign = match?.[1] ?? '';
	const integerDigits = match?.[2] ?? '';
	const fractionDigits = match?.[3] ?? '';
	if (!match || (integerDigits === '' && fractionDigits === '')) {
		throw new DomainError(field, `${field} must be a decimal amount, got "${text}"`);
	}
	const exponent = match[4] === undefined ? 0 : Number.parseInt(match[4], 10);

	const digits = (integerDigits + fractionDigits).replace(/^0+(?=\d)/, '');
	const isZero = /^0*$/.test(digits);
	if (isZero) return 0;
	if (exponent > MAX_EXPONENT) throw tooLarge(field, text);
	if (exponent < -MAX_EXPONENT) return 0; // far below half a cent

	// Position of the decimal point in `digits` once scaled to cents.
	const centsPoint = digits.length - fractionDigits.length + exponent + 2;
	let whole: string;
	let rest: string;
	if (centsPoint <= 0) {
		whole = '0';
		rest = '0'.repeat(-centsPoint) + digits;
	} else if (centsPoint >= digits.length) {
		whole = digits + '0'.repeat(centsPoint - digits.length);
		rest = '';
	} else {
		whole = digits.slice(0, centsPoint);
		rest = digits.slice(centsPoint);
	}

	let cents = BigInt(whole);
	if ((rest[0] ?? '0') >= '5') cents += 1n; // half-up on the magnitude = half away from zero
	if (cents > BigInt(Number.MAX_SAFE_INTEGER)) throw tooLarge(field, text);
	const result = Number(cents);
	return sign === '-' && result !== 0 ? -result : result;
}

function tooLarge(field: string, text: string): DomainError {
	return new DomainError(field, `${field} is too large: "${text}"`);
}

/** Formats integer cents as a decimal string with exactly 2 decimals ('-0.05', '1234.50'). */
export function fromCents(cents: number): string {
	if (!Number.isSafeInteger(cents)) throw new DomainError('amount', `cents must be a safe integer, got ${String(cents)}`);
	const sign = cents < 0 ? '-' : '';
	const magnitude = Math.abs(cents);
	const units = Math.floor(magnitude / 100);
	const fraction = String(magnitude % 100).padStart(2, '0');
	return `${sign}${units}.${fraction}`;
}

/** Normalizes an amount to its 2-decimal string ('12.5' -> '12.50', '1.005' -> '1.01'). */
export function normalizeAmount(value: Amount, field = 'amount'): string {
	return fromCents(toCents(value, field));
}

/** Sums integer cents, refusing to leave the safe integer range. */
export function sumCents(values: Iterable<number>): number {
	let total = 0;
	for (const value of values) {
		total += value;
		if (!Number.isSafeInteger(total)) throw new DomainError('amount', 'sum of amounts is too large');
	}
	return total;
}

/** Sums amounts exactly (each rounded to the cent first) and returns a 2-decimal string. */
export function sumAmounts(values: Iterable<Amount>, field = 'amount'): string {
	const cents: number[] = [];
	for (const value of values) cents.push(toCents(value, field));
	return fromCents(sumCents(cents));
}

/**
 * Splits `totalCents` in proportion to integer `weights`: each share is rounded down, and the
 * cents left over go to the FIRST share. Putting the remainder up front means the client pays
 * it with the first installment (the one that issues the policy) instead of being surprised
 * by an odd last one, and the shares always add up exactly to the total.
 */
export function splitCents(totalCents: number, weights: readonly number[]): number[] {
	if (!Number.isSafeInteger(totalCents) || totalCents < 0) {
		throw new DomainError('amount', `total to split must be a non-negative number of cents, got ${String(totalCents)}`);
	}
	if (weights.length === 0) throw new DomainError('amount', 'cannot split an amount into zero shares');
	if (weights.some((weight) => !Number.isSafeInteger(weight) || weight < 0)) {
		throw new DomainError('amount', 'split weights must be non-negative integers');
	}
	const totalWeight = weights.reduce((sum, weight) => sum + BigInt(weight), 0n);
	if (totalWeight === 0n) throw new DomainError('amount', 'split weights must not all be zero');

	// BigInt: total (up to 1e12 cents) times a weight (up to a year of days) can pass 2^53.
	const shares = weights.map((weight) => Number((BigInt(totalCents) * BigInt(weight)) / totalWeight));
	const remainder = totalCents - shares.reduce((sum, share) => sum + share, 0);
	shares[0] = (shares[0] ?? 0) + remainder;
	return shares;
}
