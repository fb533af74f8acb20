// Business parameters resolve from the most specific level to the most general:
// contract (the policy's own override) > portfolio > insurance_settings (the defaults).
// A level that is missing, or whose value is null/undefined, falls through to the next one;
// any other value (0, false, '') is a deliberate setting and wins. The settings singleton must
// define every parameter: a missing default is a configuration error, never a silent guess.

import { DomainError } from '../billing/errors';

/** Parameter field names, identical on every level where they exist. */
export const PARAMETERS = {
	daysAfterUnpaidDueDate: 'days_after_unpaid_due_date',
	proposalWithdrawDays: 'proposal_withdraw_days',
	statementLeadDays: 'statement_lead_days',
	masterProposalWithdrawDays: 'master_proposal_withdraw_days',
} as const;

export type ParameterSource = 'contract' | 'portfolio' | 'settings';

/** A level is any record (a policy, a portfolio, the settings row), or nothing. */
export type ParameterLevel = object | null | undefined;

export interface ParameterLevels<S extends object> {
	contract?: ParameterLevel;
	portfolio?: ParameterLevel;
	settings: S | null | undefined;
}

export interface ResolvedParameter<T> {
	value: T;
	source: ParameterSource;
}

function valueAt(level: ParameterLevel, name: string): unknown {
	if (level === null || level === undefined) return undefined;
	return (level as Record<string, unknown>)[name];
}

/** Resolves `name` and tells which level it came from (useful in status_history reasons). */
export function resolveParameterWithSource<S extends object, K extends keyof S & string>(
	name: K,
	levels: ParameterLevels<S>,
): ResolvedParameter<NonNullable<S[K]>> {
	const order: [ParameterSource, ParameterLevel][] = [
		['contract', levels.contract],
		['portfolio', levels.portfolio],
		['settings', levels.settings],
	];
	for (const [source, level] of order) {
		const value = valueAt(level, name);
		if (value !== null && value !== undefined) return { value: value as NonNullable<S[K]>, source };
	}
	throw new DomainError(name, `parameter ${name} is not set on the contract, the portfolio or the insurance settings`, 'MISSING_PARAMETER');
}

/** Resolves a parameter: contract > portfolio > settings; null/undefined falls through. */
export function resolveParameter<S extends object, K extends keyof S & string>(name: K, levels: ParameterLevels<S>): NonNullable<S[K]> {
	return resolveParameterWithSource(name, levels).value;
}

/**
 * Resolves a day-count parameter and checks it is a whole number of days >= 0. Numeric strings
 * are accepted (some drivers return integers as strings).
 */
export function resolveDaysParameter<S extends object, K extends keyof S & string>(name: K, levels: ParameterLevels<S>): number {
	const raw: unknown = resolveParameter(name, levels);
	const days = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof days !== 'number' || !Number.isSafeInteger(days) || days < 0) {
		throw new DomainError(name, `parameter ${name} must be a whole number of days >= 0, got ${JSON.stringify(raw)}`);
	}
	return days;
}
