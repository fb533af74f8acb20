import { customEndpoint, readItem } from '@directus/sdk';
import { directus } from '../api';
import { append, h } from '../dom';
import { detailList, readView, statusBadge } from '../fields';
import { formatDate, formatMoney, t, term } from '../i18n';
import type { Page } from '../main';
import { noticeBanner } from './notices';
import { installmentSummary, type Installment } from './policies';
import { table, timeline } from './shared';

/** The answer of GET /insurance/policies/:id/benefits. */
interface Balances {
	currency: string;
	policy_year: { begin_date: string; end_date: string };
	deductible: { annual_deductible: string | number; used: string | number; left: string | number };
	coverage: { coverage_limit: string | number | null; used: string | number; left: string | number | null };
	benefits: { kind: string; annual_limit: string | number | null; used: string | number; left: string | number | null; annual_quantity_limit: number | null; quantity_used: number; quantity_left: number | null }[];
}

/** What the current policy year has used and has left; no limit reads "no limit". */
async function benefitBalances(id: string) {
	let balances: Balances;
	try {
		balances = await directus.request(customEndpoint<Balances>({ path: `/insurance/policies/${id}/benefits` }));
	} catch {
		return null; // a contract the endpoint cannot report on (no product benefits yet) shows the rest
	}
	const money = (value: string | number | null) => (value === null ? t('benefits.noLimit') : formatMoney(value, balances.currency));
	const units = (value: number | null) => (value === null ? t('benefits.noLimit') : String(value));
	const year = t('benefits.year', { begin: formatDate(balances.policy_year.begin_date), end: formatDate(balances.policy_year.end_date) });
	return h(
		'section',
		{ 'aria-labelledby': 'benefits', 'data-testid': 'benefits' },
		h('h2', { id: 'benefits' }, t('benefits.title')),
		h('p', { class: 'muted' }, year),
		table(
			t('benefits.overall'),
			[t('benefits.item'), t('benefits.limit'), t('benefits.used'), t('benefits.left')],
			[
				[t('benefits.deductible'), money(balances.deductible.annual_deductible), money(balances.deductible.used), money(balances.deductible.left)],
				[t('benefits.coverage'), money(balances.coverage.coverage_limit), money(balances.coverage.used), money(balances.coverage.left)],
			],
			{ 'data-testid': 'benefits-overall' },
		),
		table(
			t('benefits.byKind'),
			[t('field.kind'), t('benefits.annualLimit'), t('benefits.used'), t('benefits.left'), t('benefits.quantityLimit'), t('benefits.quantityUsed'), t('benefits.quantityLeft')],
			balances.benefits.map((b) => [
				term(`choice.${b.kind}`) ?? b.kind,
				money(b.annual_limit),
				money(b.used),
				money(b.left),
				units(b.annual_quantity_limit),
				String(b.quantity_used),
				units(b.quantity_left),
			]),
			{ 'data-testid': 'benefits-by-kind' },
		),
	);
}

export async function renderPolicy({ main }: Page, id: string) {
	const { fields, query } = await readView('policies', ['client', 'master_policy']);
	const policy = (await directus.request(
		readItem('policies', id, {
			fields: [
				...query,
				'currency',
				'installments.sequence',
				'installments.due_date',
				'installments.amount',
				'installments.paid_amount',
				'installments.status',
			],
			deep: { installments: { _sort: ['sequence'], _limit: -1 } },
		}),
	)) as unknown as Record<string, unknown> & { policy_number: string; currency: string; installments: Installment[] };
	const balances = await benefitBalances(id);
	const notices = await noticeBanner(Number(id));
	const summary = installmentSummary(policy.installments ?? [], policy.currency);

	main.replaceChildren();
	append(main, [
		h('p', {}, h('a', { href: '#/policies' }, `← ${t('nav.policies')}`)),
		h('h1', {}, t('policy.title', { number: policy.policy_number })),
		notices,
		detailList(fields, policy, policy.currency),
		h('p', {}, `${t('policies.installments')}: ${summary.paid} · ${t('policies.due')}: `, summary.due),
		table(
			t('policy.installments'),
			[t('installment.sequence'), t('installment.dueDate'), t('installment.amount'), t('installment.paid'), t('installment.status')],
			(policy.installments ?? []).map((i) => [
				String(i.sequence),
				formatDate(i.due_date),
				formatMoney(i.amount, policy.currency),
				formatMoney(i.paid_amount, policy.currency),
				statusBadge(i.status),
			]),
		),
		balances,
		await timeline('policies', id, t('policy.timeline')),
	]);
}
