import { readItem } from '@directus/sdk';
import { directus } from '../api';
import { append, h } from '../dom';
import { detailList, readView, statusBadge } from '../fields';
import { formatDate, formatMoney, t } from '../i18n';
import type { Page } from '../main';
import { installmentSummary, type Installment } from './policies';
import { table, timeline } from './shared';

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
	const summary = installmentSummary(policy.installments ?? [], policy.currency);

	main.replaceChildren();
	append(main, [
		h('p', {}, h('a', { href: '#/policies' }, `← ${t('nav.policies')}`)),
		h('h1', {}, t('policy.title', { number: policy.policy_number })),
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
		await timeline('policies', id, t('policy.timeline')),
	]);
}
