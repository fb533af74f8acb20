import { customEndpoint, readItem, readItems } from '@directus/sdk';
import { directus, directusRoot } from '../api';
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

interface Refund {
	id: number;
	amount: string | number;
	currency: string;
	reason: string;
	effective_date: string;
	status: string;
	paid_at: string | null;
	paid_premium: string | number | null;
	earned_premium: string | number | null;
	surrender_fee: string | number | null;
}

/** Premium given back by a cancellation of this policy, with how it was worked out. */
async function refunds(id: string) {
	const rows = (await directus.request(
		readItems('refunds', { filter: { policy: { _eq: id } }, fields: ['id', 'amount', 'currency', 'reason', 'effective_date', 'status', 'paid_at', 'paid_premium', 'earned_premium', 'surrender_fee'], sort: ['id'], limit: -1 }),
	)) as unknown as Refund[];
	if (rows.length === 0) return null;
	return h(
		'section',
		{ 'aria-labelledby': 'refunds', 'data-testid': 'refunds' },
		h('h2', { id: 'refunds' }, t('policy.refunds')),
		table(
			t('policy.refunds'),
			[t('refund.amount'), t('refund.reason'), t('refund.effectiveDate'), t('refund.status'), t('refund.paidOn')],
			rows.map((r) => [
				h('span', { title: t('refund.calculation', { paid: formatMoney(r.paid_premium ?? 0, r.currency), earned: formatMoney(r.earned_premium ?? 0, r.currency), fee: formatMoney(r.surrender_fee ?? 0, r.currency) }) }, formatMoney(r.amount, r.currency)),
				term(`choice.${r.reason}`) ?? r.reason,
				formatDate(r.effective_date),
				statusBadge(r.status),
				r.paid_at ? formatDate(r.paid_at) : '—',
			]),
		),
	);
}

/** The documents the client received for this policy, each downloaded with the client's own token. */
async function documents(id: string) {
	const [rows, token] = await Promise.all([
		directus.request(readItems('policy_documents', { filter: { policy: { _eq: id } }, fields: ['id', 'kind', 'file', 'created_at', 'claim.claim_number'], sort: ['created_at', 'id'], limit: -1 })) as unknown as Promise<
			{ id: number; kind: 'policy_schedule' | 'decision_letter'; file: string; created_at: string; claim: { claim_number: string } | null }[]
		>,
		directus.getToken(),
	]);
	const section = h('section', { 'aria-labelledby': 'documents', 'data-testid': 'documents' }, h('h2', { id: 'documents' }, t('policy.documents')));
	if (rows.length === 0) {
		section.append(h('p', {}, t('document.none')));
		return section;
	}
	const href = (file: string) => `${directusRoot}/assets/${file}?access_token=${encodeURIComponent(token ?? '')}&download`;
	section.append(
		h(
			'ul',
			{},
			rows.map((d) =>
				h(
					'li',
					{ 'data-kind': d.kind },
					`${t(`document.${d.kind}`, { claim: d.claim?.claim_number ?? '' })} · ${formatDate(d.created_at)} · `,
					h('a', { href: href(d.file), target: '_blank', rel: 'noopener' }, t('document.download')),
				),
			),
		),
	);
	return section;
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
	const [balances, notices, refundSection, documentSection] = await Promise.all([benefitBalances(id), noticeBanner(Number(id)), refunds(id), documents(id)]);
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
		refundSection,
		documentSection,
		await timeline('policies', id, t('policy.timeline')),
	]);
}
