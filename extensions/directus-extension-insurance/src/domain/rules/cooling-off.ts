// Cooling-off: the period after the begin date in which a client may walk away for personal
// reasons (master policy: WithdrawClientRequest instead of Cancelled).
//
// Rule: the period runs from the begin date through begin_date + cooling_off_days INCLUSIVE
// (the begin day does not count, as in "within 14 days of the start": begin 2025-03-01 with
// 14 days ends on 2025-03-15). A request before the begin date is within it. A product with
// no cooling-off days (0, null) gives no cooling-off right at all.

import { DomainError } from '../billing/errors';
import { addDays, isOnOrAfter } from '../billing/dates';
import type { IsoDate } from '../billing/types';

function coolingOffDaysOrNull(coolingOffDays: number | null | undefined): number | null {
	if (coolingOffDays === null || coolingOffDays === undefined || coolingOffDays === 0) return null;
	if (!Number.isSafeInteger(coolingOffDays) || coolingOffDays < 0) {
		throw new DomainError('cooling_off_days', `cooling_off_days must be a whole number of days >= 0, got ${String(coolingOffDays)}`);
	}
	return coolingOffDays;
}

/** Last day of the cooling-off period (inclusive), or null when the product has none. */
export function coolingOffEnds(beginDate: IsoDate, coolingOffDays: number | null | undefined): IsoDate | null {
	const days = coolingOffDaysOrNull(coolingOffDays);
	if (days === null) {
		addDays(beginDate, 0, 'begin_date'); // still validate the date
		return null;
	}
	return addDays(beginDate, days, 'begin_date');
}

/** True when a request made on `requestDate` falls within the cooling-off period. */
export function isWithinCoolingOff(beginDate: IsoDate, coolingOffDays: number | null | undefined, requestDate: IsoDate): boolean {
	const lastDay = coolingOffEnds(beginDate, coolingOffDays);
	if (lastDay === null) {
		addDays(requestDate, 0, 'request_date');
		return false;
	}
	return isOnOrAfter(lastDay, requestDate, 'request_date');
}
