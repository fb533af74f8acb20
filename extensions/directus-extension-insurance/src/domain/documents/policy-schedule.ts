// The policy schedule (SPEC §11): what the client holds once the policy is Issued, the parties,
// the product, the dates, the premium, the installment schedule and the benefits, in the
// client's language.
import { fromCents, sumCents, toCents } from '../billing/money';
import type { Amount, IsoDate } from '../billing/types';
import type { DocumentModel, TableRow } from './document';
import { formatAmount, formatDate, kindName, label, type DocumentLanguage } from './i18n';

export interface SchedulePolicy {
	policy_number: string;
	begin_date: IsoDate;
	end_date: IsoDate;
	premium_amount: Amount;
	coverage_limit?: Amount | null;
	currency: string;
	/** Set for a member of a group contract. */
	master_policy_number?: string | null;
}

export interface ScheduleProduct {
	code: string;
	name: string;
	premium_frequency: 'monthly' | 'quarterly' | 'yearly' | string;
	annual_deductible?: Amount | null;
	cooling_off_days?: number | null;
}

export interface ScheduleInstallment {
	sequence: number;
	due_date: IsoDate;
	amount: Amount;
}

export interface ScheduleBenefit {
	kind: string;
	kind_name?: string | null;
	coverage_percent: Amount;
	copay_amount?: Amount | null;
	per_claim_limit?: Amount | null;
	annual_limit?: Amount | null;
	waiting_period_days?: number | null;
}

export interface ScheduleParty {
	name: string;
	email?: string | null;
}

export function policySchedule(input: {
	policy: SchedulePolicy;
	product: ScheduleProduct;
	holder: ScheduleParty;
	installments: readonly ScheduleInstallment[];
	benefits: readonly ScheduleBenefit[];
	language: DocumentLanguage;
	issuer: string;
	issuedOn: IsoDate;
}): DocumentModel {
	const { policy, product, holder, language } = input;
	const l = (key: Parameters<typeof label>[1], values?: Record<string, string | number>) => label(language, key, values);
	const money = (value: Amount | null | undefined) => (value === null || value === undefined || value === '' ? '—' : formatAmount(value, language));
	const date = (value: IsoDate) => formatDate(value, language);
	const frequency = ['monthly', 'quarterly', 'yearly'].includes(product.premium_frequency) ? l(`frequency.${product.premium_frequency as 'monthly'}`) : product.premium_frequency;

	const installments = [...input.installments].sort((a, b) => a.sequence - b.sequence);
	const installmentRows: TableRow[] = installments.map((i) => ({ cells: [String(i.sequence), date(i.due_date), money(i.amount)] }));
	installmentRows.push({ style: 'total', cells: [l('total'), '', formatAmount(fromCents(sumCents(installments.map((i) => toCents(i.amount)))), language)] });

	const benefitRows: TableRow[] = input.benefits.map((b) => ({
		cells: [kindName(language, b.kind, b.kind_name), `${Number(b.coverage_percent)} %`, money(b.copay_amount), money(b.per_claim_limit), money(b.annual_limit), b.waiting_period_days ? String(b.waiting_period_days) : '—'],
	}));
	const number = (key: Parameters<typeof label>[1]) => ({ label: l(key), width: 1, align: 'right' as const });

	return {
		title: l('scheduleTitle'),
		subtitle: l('scheduleSubtitle', { policy: policy.policy_number }),
		issuer: input.issuer,
		issued: l('issuedOn', { date: date(input.issuedOn) }),
		language,
		blocks: [
			{
				type: 'facts',
				groups: [
					{ title: l('holder'), facts: [[l('name'), holder.name], ...(holder.email ? [[l('email'), holder.email] as [string, string]] : []), [l('insurer'), input.issuer]] },
					{
						title: l('policy'),
						facts: [
							[l('number'), policy.policy_number],
							...(policy.master_policy_number ? [[l('groupContract'), policy.master_policy_number] as [string, string]] : []),
							[l('product'), `${product.name} (${product.code})`],
							[l('beginsOn'), date(policy.begin_date)],
							[l('endsOn'), date(policy.end_date)],
						],
					},
					{
						title: l('terms'),
						facts: [
							[l('premium'), `${money(policy.premium_amount)} ${policy.currency}`],
							[l('frequency'), frequency],
							[l('coverageLimit'), policy.coverage_limit === null || policy.coverage_limit === undefined ? '—' : `${money(policy.coverage_limit)} ${policy.currency}`],
							[l('annualDeductible'), `${money(product.annual_deductible ?? 0)} ${policy.currency}`],
							...(product.cooling_off_days ? [[l('coolingOff'), l('days', { days: product.cooling_off_days })] as [string, string]] : []),
						],
					},
				],
			},
			{ type: 'heading', text: l('installments', { currency: policy.currency }) },
			{ type: 'table', columns: [{ label: '#', width: 0.4 }, { label: l('dueDate'), width: 1.6 }, number('amount')], rows: installmentRows },
			{ type: 'heading', text: l('benefits', { currency: policy.currency }) },
			input.benefits.length === 0
				? { type: 'paragraph', text: l('noBenefits') }
				: {
						type: 'table',
						columns: [{ label: l('care'), width: 2 }, number('coverage'), number('copay'), number('perClaimLimit'), number('annualLimit'), number('waitingDays')],
						rows: benefitRows,
					},
			{ type: 'paragraph', text: l('scheduleClosing') },
		],
		footer: `${input.issuer} · ${policy.policy_number} · ${l('page', { page: '{page}', pages: '{pages}' })}`,
	};
}
