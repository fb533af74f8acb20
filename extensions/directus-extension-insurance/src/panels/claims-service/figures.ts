// The claims figures the dashboard shows, computed from plain rows so they are unit-tested.

export const OPEN_CLAIM_STATUSES = ['Submitted', 'InReview', 'InformationRequested', 'PendingApproval'] as const;
export const AGE_BUCKETS = [
	{ label: '0–2 days', max: 2 },
	{ label: '3–5 days', max: 5 },
	{ label: '6–10 days', max: 10 },
	{ label: 'over 10 days', max: Infinity },
] as const;

const DAY = 86_400_000;
const ageInDays = (since: string, now: number) => Math.max(0, Math.floor((now - Date.parse(since)) / DAY));

/** Open claims per status and age since submission, with how many are past their decision date. */
export function queueByStatusAndAge(claims: { status: string; submitted_at: string | null; decision_due_date: string | null }[], now: number, today: string) {
	return OPEN_CLAIM_STATUSES.map((status) => {
		const inStatus = claims.filter((c) => c.status === status);
		const buckets = AGE_BUCKETS.map(() => 0);
		for (const claim of inStatus) {
			const age = claim.submitted_at ? ageInDays(claim.submitted_at, now) : 0;
			buckets[AGE_BUCKETS.findIndex((b) => age <= b.max)]! += 1;
		}
		const overdue = inStatus.filter((c) => c.decision_due_date !== null && c.decision_due_date.slice(0, 10) < today).length;
		return { status, total: inStatus.length, buckets, overdue };
	});
}

/** Share of decided claims approved (count and money), Approved and Paid counting as approved. */
export function approvalRate(decided: { status: string; total_claimed: string | number | null; total_approved: string | number | null }[]) {
	const approved = decided.filter((c) => c.status === 'Approved' || c.status === 'Paid');
	const claimed = decided.reduce((sum, c) => sum + Number(c.total_claimed ?? 0), 0);
	const granted = decided.reduce((sum, c) => sum + Number(c.total_approved ?? 0), 0);
	return {
		decided: decided.length,
		approved: approved.length,
		rate: decided.length ? approved.length / decided.length : null,
		amountRate: claimed > 0 ? granted / claimed : null,
	};
}

/** Days from submission to decision: average, median and the slowest tenth. */
export function timeToDecision(claims: { submitted_at: string | null; decided_at: string | null }[]) {
	const days = claims
		.filter((c) => c.submitted_at && c.decided_at)
		.map((c) => (Date.parse(c.decided_at!) - Date.parse(c.submitted_at!)) / DAY)
		.filter((d) => d >= 0)
		.sort((a, b) => a - b);
	if (days.length === 0) return null;
	const at = (q: number) => days[Math.min(days.length - 1, Math.floor(q * days.length))]!;
	return { count: days.length, average: days.reduce((a, b) => a + b, 0) / days.length, median: at(0.5), p90: at(0.9) };
}

/**
 * Share of decided claims the system approved at intake (a Submitted → Approved transition with
 * trigger automatic in status_history), of all decided and of those approved.
 */
export function straightThrough(decided: { id: number | string; status: string }[], automaticApprovals: { item: string | number }[]) {
	const automatic = new Set(automaticApprovals.map((row) => String(row.item)));
	const approved = decided.filter((c) => c.status === 'Approved' || c.status === 'Paid');
	const straight = approved.filter((c) => automatic.has(String(c.id))).length;
	return {
		decided: decided.length,
		approved: approved.length,
		straight,
		rate: decided.length ? straight / decided.length : null,
		approvedRate: approved.length ? straight / approved.length : null,
	};
}

/** What the adjudication cut from decided lines, per reason code and currency, largest first. */
export function cutsByReason(lines: { currency: string | null; adjudication: { code: string; amount: string | number }[] | null }[]) {
	const totals = new Map<string, { code: string; currency: string; cents: number; lines: number }>();
	for (const line of lines) {
		for (const cut of line.adjudication ?? []) {
			const cents = Math.round(Number(cut.amount) * 100);
			if (!(cents > 0)) continue;
			const currency = line.currency ?? 'EUR';
			const key = `${currency} ${cut.code}`;
			const total = totals.get(key) ?? { code: cut.code, currency, cents: 0, lines: 0 };
			total.cents += cents;
			total.lines += 1;
			totals.set(key, total);
		}
	}
	return [...totals.values()]
		.sort((a, b) => b.cents - a.cents || a.code.localeCompare(b.code))
		.map(({ cents, ...rest }) => ({ ...rest, amount: cents / 100 }));
}
