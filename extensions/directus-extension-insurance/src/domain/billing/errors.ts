// Errors and refusals of the pure billing and rules core. Adapters turn both into a 4xx
// Directus error naming `field`; nothing here knows about HTTP.

/**
 * Bad input to a domain function: a malformed amount or date, an impossible term, data that
 * contradicts itself. `field` is the public (API / database) field name the caller should
 * report, e.g. `begin_date`, `premium_amount`.
 */
export class DomainError extends Error {
	override name = 'DomainError';
	readonly field: string;
	readonly code: string;

	constructor(field: string, message: string, code = 'INVALID_INPUT') {
		super(message);
		this.field = field;
		this.code = code;
	}
}

/**
 * An expected business "no" (e.g. an allocation larger than what is due). Returned, not thrown,
 * because callers routinely branch on it; shaped like a DomainError so adapters report both alike.
 */
export interface Refusal {
	ok: false;
	field: string;
	message: string;
}

export function refuse(field: string, message: string): Refusal {
	return { ok: false, field, message };
}

export function isDomainError(error: unknown): error is DomainError {
	return error instanceof DomainError;
}
