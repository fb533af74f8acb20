// The decision letter (explanation of benefits, SPEC §9): per line what was claimed, what was
// eligible, the deductible, the co-pay, the co-insurance, the other cuts with their reasons and
// what is reimbursed, with the totals and the decision note, in the client's language.
// The parts always add up on the letter: claimed = approved + deductible + co-pay +
// co-insurance + other cuts. What the stored cuts do not explain (a line decided before
// adjudication, or a person's decision without a MANUAL_ADJUSTMENT entry) is shown as the claims
// team's adjustment, with the reason they gave. A line of an approved claim without its own
// decision is approved at its proposal (SPEC §9), a line of a rejected claim at nothing.
import { fromCents, sumCents, toCents } from '../billing/money';
import type { Amount, IsoDate } from '../billing/types';
import type { AdjudicationCode, Cut } from '../claims/adjudication';
import type { DocumentModel, TableRow } from './document';
import { formatAmount, formatDate, kindName, label, REASONS, type DocumentLanguage } from './i18n';

export interface LetterClaim {
	claim_number: string;
	status: 'Approved' | 'Rejected' | string;
	submitted_at?: IsoDate | null;
	/** Null when the path that decided did not stamp it: the letter is issued on decision. */
	decided_at?: IsoDate | null;
	decision_note?: string | null;
}

export interface LetterLine {
	kind: string;
	/** The name a business admin gave the kind, for kinds we ship no translation of. */
	kind_name?: string | null;
	description?: string | null;
	service_date: IsoDate;
	amount_claimed: Amount;
	/** The proposal; null on lines decided without one. */
	amount_eligible?: Amount | null;
	amount_deductible?: Amount | null;
	amount_copay?: Amount | null;
	amount_benefit?: Amount | null;
	amount_approved?: Amount | null;
	adjudication?: readonly Pick<Cut, 'code' | 'amount' | 'note'>[] | null;
	rejection_reason?: string | null;
}

export interface LetterPolicy {
	policy_number: string;
	product_name: string;
	currency: string;
}

export interface LetterClient {
	name: string;
	email?: string | null;
}

/** What the letter shows of one line, in cents (null: not known, shown as a dash). */
export interface LetterFigures {
	claimed: number;
	eligible: number | null;
	deductible: number | null;
	copay: number | null;
	coinsurance: number | null;
	other: number;
	approved: number;
	/** The other cuts, each with the reason the client reads. */
	reasons: { code: AdjudicationCode; amount: number; text: string }[];
}

/** The column a cut is shown in: its own for the insured's shares, "other cuts" for the rest. */
const OWN_COLUMN: readonly AdjudicationCode[] = ['DEDUCTIBLE', 'COPAY', 'COINSURANCE'];

export function letterFigures(line: LetterLine, claim: LetterClaim, language: DocumentLanguage): LetterFigures {
	const cents = (value: Amount | null | undefined) => (value === null || value === undefined || value === '' ? null : toCents(value));
	const claimed = toCents(line.amount_claimed);
	const approved = cents(line.amount_approved) ?? (claim.status === 'Rejected' ? 0 : (cents(line.amount_benefit) ?? claimed));
	const proposed = cents(line.amount_benefit) !== null;
	const cuts = line.adjudication ?? [];
	const sumOf = (code: AdjudicationCode) => sumCents(cuts.filter((entry) => entry.code === code).map((entry) => toCents(entry.amount)));
	const reasons = cuts
		.filter((entry) => !OWN_COLUMN.includes(entry.code) && toCents(entry.amount) !== 0)
		.map((entry) => ({ code: entry.code, amount: toCents(entry.amount), text: reasonText(entry.code, entry.code === 'MANUAL_ADJUSTMENT' ? entry.note : null, language) }));
	const explained = sumCents(cuts.map((entry) => toCents(entry.amount)));
	const unexplained = claimed - approved - explained;
	if (unexplained !== 0) {
		const why = line.rejection_reason?.trim() || (claim.status === 'Rejected' ? claim.decision_note?.trim() : null) || null;
		reasons.push({ code: 'MANUAL_ADJUSTMENT', amount: unexplained, text: reasonText('MANUAL_ADJUSTMENT', why, language) });
	}
	return {
		claimed,
		eligible: proposed ? cents(line.amount_eligible) : null,
		deductible: proposed ? (cents(line.amount_deductible) ?? sumOf('DEDUCTIBLE')) : null,
		copay: proposed ? (cents(line.amount_copay) ?? sumOf('COPAY')) : null,
		coinsurance: proposed ? sumOf('COINSURANCE') : null,
		other: sumCents(reasons.map((reason) => reason.amount)),
		approved,
		reasons,
	};
}

function reasonText(code: AdjudicationCode, note: string | null | undefined, language: DocumentLanguage) {
	return note ? `${REASONS[language][code]}: ${note}` : REASONS[language][code];
}

/** The decision letter of a decided claim, lines in the order given. */
export function decisionLetter(input: { claim: LetterClaim; lines: readonly LetterLine[]; policy: LetterPolicy; client: LetterClient; language: DocumentLanguage; issuer: string; issuedOn: IsoDate }): DocumentModel {
	const { claim, lines, policy, client, language } = input;
	const l = (key: Parameters<typeof label>[1], values?: Record<string, string | number>) => label(language, key, values);
	const money = (value: number | null) => (value === null ? '—' : formatAmount(fromCents(value), language));
	const date = (value: IsoDate | null | undefined) => (value ? formatDate(value, language) : '—');
	const decision = claim.status === 'Approved' || claim.status === 'Rejected' ? l(`status.${claim.status}`) : claim.status;

	const figures = lines.map((line) => letterFigures(line, claim, language));
	const rows: TableRow[] = [];
	lines.forEach((line, index) => {
		const f = figures[index]!;
		const what = [`${index + 1}. ${kindName(language, line.kind, line.kind_name)}`, line.description?.trim(), date(line.service_date)].filter(Boolean).join(' · ');
		rows.push({ cells: [what, money(f.claimed), money(f.eligible), money(f.deductible), money(f.copay), money(f.coinsurance), money(f.other), money(f.approved)] });
		for (const reason of f.reasons) rows.push({ style: 'detail', cells: [`${reason.text}: ${money(reason.amount)}`] });
	});
	const total = (pick: (f: LetterFigures) => number | null) => {
		const known = figures.map(pick).filter((value): value is number => value !== null);
		return known.length === 0 ? null : sumCents(known);
	};
	rows.push({
		style: 'total',
		cells: [l('total'), money(total((f) => f.claimed)), money(total((f) => f.eligible)), money(total((f) => f.deductible)), money(total((f) => f.copay)), money(total((f) => f.coinsurance)), money(total((f) => f.other)), money(total((f) => f.approved))],
	});

	const claimed = formatAmount(fromCents(total((f) => f.claimed) ?? 0), language);
	const approved = formatAmount(fromCents(total((f) => f.approved) ?? 0), language);
	const summary = claim.status === 'Rejected' ? l('rejectedSummary', { claimed, currency: policy.currency }) : l('approvedSummary', { approved, claimed, currency: policy.currency });
	const number = (key: Parameters<typeof label>[1]) => ({ label: l(key), width: 1, align: 'right' as const });
	const note = claim.decision_note?.trim();

	return {
		title: l('letterTitle'),
		subtitle: l('letterSubtitle', { claim: claim.claim_number }),
		issuer: input.issuer,
		issued: l('issuedOn', { date: date(input.issuedOn) }),
		language,
		blocks: [
			{
				type: 'facts',
				groups: [
					{ title: l('insured'), facts: [[l('name'), client.name], ...(client.email ? [[l('email'), client.email] as [string, string]] : []), [l('policy'), policy.policy_number], [l('product'), policy.product_name]] },
					{ title: l('claim'), facts: [[l('number'), claim.claim_number], [l('submittedOn'), date(claim.submitted_at)], [l('decision'), decision], [l('decidedOn'), date(claim.decided_at ?? input.issuedOn)]] },
				],
			},
			{ type: 'paragraph', text: summary },
			{ type: 'heading', text: l('lines', { currency: policy.currency }) },
			{
				type: 'table',
				columns: [{ label: l('line'), width: 2.2 }, number('claimed'), number('eligible'), number('deductible'), number('copay'), number('coinsurance'), number('otherCuts'), number('approved')],
				rows,
			},
			...(note ? [{ type: 'heading' as const, text: l('decisionNote') }, { type: 'paragraph' as const, text: note }] : []),
			{ type: 'paragraph', text: l('closing') },
		],
		footer: `${input.issuer} · ${claim.claim_number} · ${l('page', { page: '{page}', pages: '{pages}' })}`,
	};
}
