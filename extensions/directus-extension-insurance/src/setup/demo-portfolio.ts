// Builds the demo portfolio of seed/demo.yaml as plain rows, dated relative to `today`, with
// schedules, payments and the status history that would have led to each status.
// Pure: the writer in demo.ts resolves references and inserts.
import { DateTime } from 'luxon';
import { computeRefund, fromCents, generateSchedule, toCents, aggregateMasterSchedule, type InstallmentStatus, type PremiumFrequency } from '../domain/billing';
import { adjudicateClaim, decideLine, priorLineOf, type Benefit, type Contract, type OtherClaimLine, type PriorLine } from '../domain/claims';
import { historyTrigger, lifecycles, type Lifecycle } from '../domain/lifecycles';
import { addBusinessDays } from '../domain/rules/business-days';
import type { DemoServicingSeed } from './demo-servicing';

export interface DemoSeed {
	clients: { email: string; name: string; type: string; portfolio: string; phone?: string }[];
	policies: DemoPolicySeed[];
	master_policies: DemoMasterSeed[];
	claims: DemoClaimSeed[];
	claim_lines: DemoLineSeed[];
	products: Record<string, DemoProductTerms>;
	servicing?: DemoServicingSeed;
}
/** What a demo product reimburses. */
export interface DemoProductTerms {
	annual_deductible?: number;
	auto_approve_limit?: number;
	benefits: Benefit[];
}
interface DemoPolicySeed {
	number: string;
	client: string;
	product: string;
	premium: number;
	/** Otherwise the product's. */
	coverage_limit?: number;
	begin_months?: number;
	begin_days?: number;
	proposal_days?: number;
	term_months: number;
	path: string[];
	unpaid_from?: number;
	cancelled_days_ago?: number;
	reason_type?: string;
	/** The refund of the cancellation was paid with this reference (otherwise it is Pending). */
	refund_paid_reference?: string;
}
interface DemoMasterSeed {
	number: string;
	client: string;
	product: string;
	begin_months: number;
	term_months: number;
	members: number;
	member_premium: number;
	path: string[];
}
interface DemoLineSeed {
	kind: string;
	description: string;
	quantity: number;
	unit_amount: number;
	/** Care given this many days before today; by default three days before the claim was filed. */
	service_days_ago?: number;
}
interface DemoClaimSeed {
	number: string;
	policy: string;
	status: string;
	days_ago: number;
	request?: string;
	decision?: string;
	/** Its own lines; otherwise the shared templates (the hospital one when large). */
	lines?: DemoLineSeed[];
	large?: boolean;
	/** A handler's decision other than the proposal on one line, with `decision` as its reason. */
	override?: { line: number; amount_approved: number };
}
export interface DemoProduct {
	code: string;
	premium_frequency: PremiumFrequency;
	automatic_inforce: boolean;
	coverage_limit: string | number | null;
	cooling_off_days?: number | null;
	surrender_fee?: string | number | null;
}
export interface DemoParameters {
	today: string;
	statementLeadDays: number;
	proposalWithdrawDays: number;
	daysAfterUnpaidDueDate: number;
}

export interface HistoryRow {
	from_status: string | null;
	to_status: string;
	trigger: string;
	actor: string;
	occurred_at: string;
	reason: string | null;
}
export interface InstallmentRow {
	sequence: number;
	due_date: string;
	amount: string;
	paid_amount: string;
	status: InstallmentStatus;
	statement_date: string | null;
}
export interface PolicyRow {
	policy_number: string;
	client: string;
	product: string;
	master_policy: string | null;
	status: string;
	proposal_date: string;
	begin_date: string;
	end_date: string;
	premium_amount: string;
	coverage_limit: string | number | null;
	status_reason: string | null;
	installments: InstallmentRow[];
	history: HistoryRow[];
	cancellation: { reason_type: string; effective_date: string } | null;
	refund: RefundRow | null;
}
/** The refund a cancellation recorded, with the history it went through. */
export interface RefundRow {
	status: 'Pending' | 'Paid';
	amount: string;
	reason: string;
	effective_date: string;
	paid_premium: string;
	earned_premium: string;
	surrender_fee: string;
	basis: string;
	payment_reference: string | null;
	paid_at: string | null;
	history: HistoryRow[];
}
export interface MasterPolicyRow extends Omit<PolicyRow, 'policy_number' | 'master_policy' | 'coverage_limit' | 'cancellation' | 'refund'> {
	master_policy_number: string;
}
export interface ClaimRow {
	claim_number: string;
	policy: string;
	status: string;
	submitted_at: string | null;
	decision_due_date: string | null;
	decided_at: string | null;
	paid_at: string | null;
	payment_reference: string | null;
	assigned: boolean;
	total_claimed: string;
	total_approved: string | null;
	decision_note: string | null;
	/** A handler's decision other than the proposal (see DemoClaimSeed). */
	override?: { line: number; amount_approved: number };
	lines: Record<string, unknown>[];
	messages: { kind: string; body: string; from_client: boolean }[];
	history: HistoryRow[];
}

const day = (iso: string) => DateTime.fromISO(iso, { zone: 'UTC' });
const iso = (date: DateTime) => date.toISODate()!;
const DEMO_SERVICE_LEVEL_DAYS = 10;
const instant = (isoDate: string, hour = 9) => day(isoDate).set({ hour }).toISO()!;

/** The rule that took an item from one status to another, preferring what a real run would do. */
function historyRow(lc: Lifecycle, from: string | null, to: string, occurredOn: string, prefer: 'job' | 'manual', reason: string | null = null): HistoryRow {
	const candidates = lc.transitions.filter((rule) => rule.from === from && rule.to === to);
	const rule = candidates.find((r) => r.trigger === prefer) ?? candidates[0];
	const trigger = rule ? historyTrigger(rule) : 'created';
	return { from_status: from, to_status: to, trigger, actor: rule?.job ?? 'demo', occurred_at: instant(occurredOn), reason };
}

/** Installments as the jobs would have left them; only a live contract's installments go Unpaid. */
function installmentRows(schedule: { sequence: number; due_date: string; amount: string }[], isPaid: (seq: number, due: string) => boolean, live: boolean, p: DemoParameters): InstallmentRow[] {
	return schedule.map(({ sequence, due_date, amount }) => {
		const statementDate = iso(day(due_date).minus({ days: p.statementLeadDays }));
		const statementIssued = statementDate <= p.today;
		if (isPaid(sequence, due_date)) {
			return { sequence, due_date, amount, paid_amount: amount, status: 'Paid', statement_date: statementIssued ? statementDate : null };
		}
		if (live && due_date < p.today) return { sequence, due_date, amount, paid_amount: '0.00', status: 'Unpaid', statement_date: statementDate };
		return { sequence, due_date, amount, paid_amount: '0.00', status: statementIssued ? 'StatementIssued' : 'OnTime', statement_date: statementIssued ? statementDate : null };
	});
}

const sumPaid = (rows: InstallmentRow[]) => fromCents(rows.reduce((sum, row) => sum + toCents(row.paid_amount), 0));

export function buildDemoPolicy(seed: DemoPolicySeed, product: DemoProduct, p: DemoParameters, masterPolicy: string | null = null): PolicyRow {
	const today = day(p.today);
	const begin = today.plus({ months: seed.begin_months ?? 0, days: seed.begin_days ?? 0 });
	const end = begin.plus({ months: seed.term_months });
	const proposal = seed.proposal_days !== undefined ? today.plus({ days: seed.proposal_days }) : begin.minus({ days: 15 });
	const status = seed.path.at(-1) ?? 'Proposal';
	const cancelledOn = seed.cancelled_days_ago !== undefined ? iso(today.minus({ days: seed.cancelled_days_ago })) : null;

	const schedule = generateSchedule({ premiumAmount: seed.premium, frequency: product.premium_frequency, beginDate: iso(begin), endDate: iso(end) });
	const isPaid = (sequence: number, due: string) => {
		if (status === 'Proposal' || status === 'Withdraw') return false;
		if (sequence === 1) return true;
		if (seed.unpaid_from !== undefined) return sequence < seed.unpaid_from;
		if (cancelledOn) return due <= cancelledOn;
		return due <= p.today && status !== 'Issued';
	};
	let installments = installmentRows(schedule, isPaid, ['Issued', 'InForce', 'Lapsed'].includes(status), p);
	let endDate = iso(end);
	let premium = fromCents(toCents(seed.premium));
	let statusReason: string | null = null;

	if (status === 'Lapsed') {
		// Lapse consequences on a policy without claims: ends on the unpaid due date, the
		// premium becomes what was paid and the schedule keeps the paid installments only.
		const unpaid = installments.find((row) => row.status === 'Unpaid')!;
		endDate = unpaid.due_date;
		installments = installments.filter((row) => row.status === 'Paid');
		premium = sumPaid(installments);
		statusReason = `Installment ${unpaid.sequence} unpaid ${p.daysAfterUnpaidDueDate} days after its due date`;
	}
	let refund: RefundRow | null = null;
	if (cancelledOn && seed.reason_type) {
		const figures = computeRefund({
			reasonType: seed.reason_type,
			premiumAmount: premium,
			paidAmount: sumPaid(installments),
			beginDate: iso(begin),
			endDate: iso(end),
			effectiveDate: cancelledOn,
			coolingOffDays: product.cooling_off_days ?? null,
			surrenderFee: product.surrender_fee ?? null,
		});
		if (figures.amountCents > 0) {
			const paidOn = seed.refund_paid_reference ? iso(day(cancelledOn).plus({ days: 5 })) : null;
			refund = {
				status: paidOn ? 'Paid' : 'Pending',
				amount: fromCents(figures.amountCents),
				reason: seed.reason_type,
				effective_date: cancelledOn,
				paid_premium: fromCents(figures.paidCents),
				earned_premium: fromCents(figures.earnedCents),
				surrender_fee: fromCents(figures.feeCents),
				basis: figures.basis,
				payment_reference: seed.refund_paid_reference ?? null,
				paid_at: paidOn ? instant(paidOn) : null,
				history: [historyRow(lifecycles.refund, null, 'Pending', cancelledOn, 'manual'), ...(paidOn ? [historyRow(lifecycles.refund, 'Pending', 'Paid', paidOn, 'manual')] : [])],
			};
		}
	}
	if (cancelledOn) {
		installments = installments.filter((row) => row.due_date <= cancelledOn);
		endDate = cancelledOn;
		statusReason = `Cancelled: ${seed.reason_type}`;
	}

	const dates: Record<string, string> = {
		Issued: iso(proposal.plus({ days: 3 })),
		InForce: iso(begin),
		Maturity: endDate,
		Lapsed: iso(day(endDate).plus({ days: p.daysAfterUnpaidDueDate })),
		Withdraw: iso(proposal.plus({ days: p.proposalWithdrawDays })),
	};
	const prefer = product.automatic_inforce ? 'job' : 'manual';
	const history = [historyRow(lifecycles.policy, null, 'Proposal', iso(proposal), prefer)];
	let from = 'Proposal';
	for (const to of seed.path) {
		history.push(historyRow(lifecycles.policy, from, to, dates[to] ?? cancelledOn ?? p.today, prefer, cancelledOn && to === status ? statusReason : null));
		from = to;
	}

	return {
		policy_number: seed.number,
		client: seed.client,
		product: seed.product,
		master_policy: masterPolicy,
		status,
		proposal_date: iso(proposal),
		begin_date: iso(begin),
		end_date: endDate,
		premium_amount: premium,
		coverage_limit: seed.coverage_limit ?? product.coverage_limit,
		status_reason: statusReason,
		installments,
		history,
		cancellation: cancelledOn && seed.reason_type ? { reason_type: seed.reason_type, effective_date: cancelledOn } : null,
		refund,
	};
}

export function buildDemoMasterPolicy(seed: DemoMasterSeed, product: DemoProduct, p: DemoParameters): { master: MasterPolicyRow; members: PolicyRow[] } {
	const status = seed.path.at(-1) ?? 'Draft';
	const memberPath = status === 'InForce' ? ['Issued', 'InForce'] : status === 'Issued' ? ['Issued'] : [];
	const members = Array.from({ length: seed.members }, (_, index) =>
		buildDemoPolicy(
			{ number: `${seed.number}-${String(index + 1).padStart(2, '0')}`, client: seed.client, product: seed.product, premium: seed.member_premium, begin_months: seed.begin_months, term_months: seed.term_months, path: memberPath },
			product,
			p,
			seed.number,
		),
	);
	const begin = day(p.today).plus({ months: seed.begin_months });
	const proposal = iso(begin.minus({ days: 15 }));
	const installments = aggregateMasterSchedule(members.flatMap((member) => member.installments.map((row) => ({ ...row, policy: member.policy_number })))).map(
		({ policies: _members, ...row }) => ({ ...row, statement_date: null }),
	);
	// A contract starting next month was drafted today, not on its future proposal date.
	const history = [historyRow(lifecycles.master_policy, null, 'Draft', proposal < p.today ? proposal : p.today, 'job')];
	let from = 'Draft';
	for (const to of seed.path) {
		history.push(historyRow(lifecycles.master_policy, from, to, to === 'InForce' ? iso(begin) : proposal, 'job'));
		from = to;
	}
	return {
		master: {
			master_policy_number: seed.number,
			client: seed.client,
			product: seed.product,
			status,
			proposal_date: proposal,
			begin_date: iso(begin),
			end_date: iso(begin.plus({ months: seed.term_months })),
			premium_amount: fromCents(seed.members * toCents(seed.member_premium)),
			status_reason: null,
			installments,
			history,
		},
		members,
	};
}

const CLAIM_PATHS: Record<string, string[]> = {
	Draft: [],
	Submitted: ['Submitted'],
	InReview: ['Submitted', 'InReview'],
	InformationRequested: ['Submitted', 'InReview', 'InformationRequested'],
	PendingApproval: ['Submitted', 'InReview', 'PendingApproval'],
	Approved: ['Submitted', 'InReview', 'Approved'],
	Rejected: ['Submitted', 'InReview', 'Rejected'],
	Paid: ['Submitted', 'InReview', 'Approved', 'Paid'],
	Withdrawn: ['Submitted', 'Withdrawn'],
};

export function buildDemoClaim(seed: DemoClaimSeed, lines: DemoSeed['claim_lines'], p: DemoParameters): ClaimRow {
	const submitted = day(p.today).minus({ days: seed.days_ago });
	const templates = seed.lines ?? (seed.large ? lines.filter((l) => l.kind === 'hospital') : lines.filter((l) => l.kind !== 'hospital'));
	const lineRows = templates.map((line) => ({
		kind: line.kind,
		description: line.description,
		service_date: iso(line.service_days_ago === undefined ? submitted.minus({ days: 3 }) : day(p.today).minus({ days: line.service_days_ago })),
		quantity: line.quantity,
		unit_amount: fromCents(toCents(line.unit_amount)),
		amount_claimed: fromCents(Math.round(line.quantity * toCents(line.unit_amount))),
		amount_approved: null as string | null,
		rejection_reason: null as string | null,
	}));
	const path = CLAIM_PATHS[seed.status] ?? [];
	const history: HistoryRow[] = [historyRow(lifecycles.claim, null, 'Draft', iso(submitted), 'manual')];
	let from = 'Draft';
	path.forEach((to, index) => {
		history.push(historyRow(lifecycles.claim, from, to, iso(submitted.plus({ days: index })), 'manual'));
		from = to;
	});
	const claimed = fromCents(lineRows.reduce((sum, row) => sum + toCents(row.amount_claimed), 0));
	const messages = seed.request
		? [{ kind: 'information_request', body: seed.request, from_client: false }]
		: [];
	return {
		claim_number: seed.number,
		policy: seed.policy,
		status: seed.status,
		submitted_at: seed.status === 'Draft' ? null : instant(iso(submitted)),
		// The default service level (claim_service_level_days), so the claims dashboard has a deadline to measure.
		decision_due_date: seed.status === 'Draft' ? null : addBusinessDays(iso(submitted), DEMO_SERVICE_LEVEL_DAYS),
		decided_at: ['Approved', 'Rejected', 'Paid'].includes(seed.status) ? instant(iso(submitted.plus({ days: 2 }))) : null,
		paid_at: seed.status === 'Paid' ? instant(iso(submitted.plus({ days: 3 }))) : null,
		payment_reference: seed.status === 'Paid' ? `PAY-${seed.number}` : null,
		assigned: !['Draft', 'Submitted', 'Withdrawn'].includes(seed.status),
		total_claimed: claimed,
		total_approved: null,
		decision_note: seed.decision ?? null,
		override: seed.override,
		lines: lineRows,
		messages,
		history,
	};
}

/** Claims whose proposal stands as a decision, and the decided ones among them. */
const DECIDED = ['PendingApproval', 'Approved', 'Rejected', 'Paid'];
const CONSUMING = ['Approved', 'Paid'];

/**
 * The demo claims as intake and the decisions would have left them: each filed claim adjudicated
 * in the order it was filed (against the policy's earlier Approved and Paid claims and, for
 * duplicates, the client's other filed claims), each decided one approved at its proposal
 * (rejected at zero), but for a handler's override.
 */
export function adjudicateDemoClaims(claims: ClaimRow[], contractOf: (policy: string) => Contract, clientOf: (policy: string) => string): ClaimRow[] {
	const prior = new Map<string, PriorLine[]>();
	const filed = new Map<string, OtherClaimLine[]>();
	const order = [...claims].filter((claim) => claim.submitted_at !== null).sort((a, b) => a.submitted_at!.localeCompare(b.submitted_at!));
	const done = new Map<string, ClaimRow>();
	for (const claim of order) {
		const contract = contractOf(claim.policy);
		const client = clientOf(claim.policy);
		const lines = claim.lines as { kind: string; service_date: string; quantity: number; unit_amount: string; amount_claimed: string }[];
		const proposal = adjudicateClaim({ contract, prior: prior.get(claim.policy) ?? [], others: filed.get(client) ?? [], lines });
		const decided = DECIDED.includes(claim.status);
		const rows = lines.map((line, index) => {
			const proposed = proposal.lines[index]!;
			const benefit = contract.benefits.find((candidate) => candidate.kind === line.kind) ?? null;
			const row = {
				...line,
				amount_eligible: proposed.amount_eligible,
				amount_deductible: proposed.amount_deductible,
				amount_copay: proposed.amount_copay,
				amount_benefit: proposed.amount_benefit,
				adjudication: proposed.adjudication,
				benefit_terms: { benefit, annual_deductible: contract.annual_deductible ?? null, coverage_limit: contract.coverage_limit ?? null, policy_year: proposed.policy_year },
				amount_approved: null as string | null,
				rejection_reason: null as string | null,
			};
			if (!decided) return row;
			const amount = claim.status === 'Rejected' ? 0 : claim.override?.line === index ? claim.override.amount_approved : proposed.amount_benefit;
			const override = claim.status === 'Rejected' || claim.override?.line === index;
			const decision = decideLine({ id: index, amount_claimed: line.amount_claimed, amount_benefit: proposed.amount_benefit, adjudication: proposed.adjudication }, { id: index, amount_approved: amount, rejection_reason: override ? claim.decision_note : null }, `lines[${index}]`);
			return { ...row, amount_approved: decision.amount_approved, rejection_reason: decision.rejection_reason, adjudication: decision.adjudication ?? row.adjudication };
		});
		if (CONSUMING.includes(claim.status)) {
			prior.set(claim.policy, [...(prior.get(claim.policy) ?? []), ...rows.map((row) => priorLineOf({ ...row, adjudication: row.adjudication }))]);
		}
		if (!['Rejected', 'Withdrawn'].includes(claim.status)) {
			filed.set(client, [...(filed.get(client) ?? []), ...rows.map((row) => ({ claim: claim.claim_number, kind: row.kind, service_date: row.service_date, amount_claimed: row.amount_claimed }))]);
		}
		const total_approved = decided ? fromCents(rows.reduce((sum, row) => sum + toCents(row.amount_approved ?? 0), 0)) : null;
		done.set(claim.claim_number, { ...claim, lines: rows, total_approved });
	}
	return claims.map((claim) => done.get(claim.claim_number) ?? claim);
}
