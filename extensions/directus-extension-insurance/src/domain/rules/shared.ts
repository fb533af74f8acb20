// Small helpers shared by the rule modules.

import { DomainError } from '../billing/errors';
import { compareDates } from '../billing/dates';
import type { InstallmentStatus, IsoDate } from '../billing/types';

/** A day-count parameter must be a whole number of days >= 0. */
export function assertDays(days: number, field: string): void {
	if (!Number.isSafeInteger(days) || days < 0) {
		throw new DomainError(field, `${field} must be a whole number of days >= 0, got ${String(days)}`);
	}
}

/** The Unpaid installment with the earliest ('oldest') or latest ('latest') due date, or null. */
export function pickUnpaidInstallment<T extends { status: InstallmentStatus; due_date: IsoDate }>(
	installments: readonly T[],
	which: 'oldest' | 'latest',
): T | null {
	let picked: T | null = null;
	for (const installment of installments) {
		if (installment.status !== 'Unpaid') continue;
		const order = picked ? compareDates(installment.due_date, picked.due_date, 'due_date', 'due_date') : 0;
		if (!picked || (which === 'oldest' ? order < 0 : order > 0)) picked = installment;
	}
	return picked;
}
