import { readItems } from '@directus/sdk';
import { directus } from '../api';
import { append, h } from '../dom';
import { allowedFields, displayValue, fieldLabel, isDisplayable } from '../fields';
import { formatDate, formatMoney, t } from '../i18n';
import type { Page } from '../main';
import { noticeBanner } from './notices';
import { table } from './shared';

/** Columns shown when the client may read them, then any other field granted to it. */
const PREFERRED = ['policy_number', 'status', 'begin_date', 'end_date', 'premium_amount'];

export interface Installment {
	id: number;
	sequence: number;
	due_date: string;
	amount: string;
	paid_amount: string;
	status: string;
}

/** Paid count and what is still owed, with the next due date. */
export function installmentSummary(installments: Installment[], currency: string) {
	const paid = installments.filter((i) => i.status === 'Paid').length;
	const open = installments.filter((i) => i.status !== 'Paid').sort((a, b) => a.due_date.localeCompare(b.due_date));
	const outstanding = open.filter((i) => i.status === 'Unpaid' || i.status === 'StatementIssued');
	const owed = outstanding.reduce((sum, i) => sum + Number(i.amount) - Number(i.paid_amount ?? 0), 0);
	return {
		paid: `${paid} / ${installments.length}`,
		due: [formatMoney(owed, currency), open[0] ? h('span', { class: 'muted' }, ` (${t('policies.nextDue', { date: formatDate(open[0].due_date) })})`) : null],
	};
}

export async function renderPolicies({ main }: Page) {
	const fields = (await allowedFields('policies', 'read')).filter(isDisplayable);
	const columns = [...PREFERRED.flatMap((name) => fields.filter((f) => f.field === name))];
	const policies = (await directus.request(
		readItems('policies', {
			fields: ['id', 'currency', ...columns.map((f) => f.field), 'installments.id', 'installments.status', 'installments.amount', 'installments.paid_amount', 'installments.due_date'],
			sort: ['policy_number'],
			limit: -1,
		}),
	)) as unknown as (Record<string, unknown> & { id: number; currency: string; policy_number: string; installments: Installment[] })[];
	const notices = await noticeBanner();

	main.replaceChildren();
	append(main, [h('h1', {}, t('policies.title')), notices]);
	if (policies.length === 0) return append(main, [h('p', {}, t('common.none'))]);
	const rows = policies.map((policy) => {
		const summary = installmentSummary(policy.installments ?? [], policy.currency);
		return [
			...columns.map((f) =>
				f.field === 'policy_number'
					? h('a', { href: `#/policies/${policy.id}`, 'aria-label': t('policies.open', { number: policy.policy_number }) }, policy.policy_number)
					: displayValue(f, policy[f.field], policy.currency),
			),
			summary.paid,
			summary.due,
		];
	});
	append(main, [table(t('policies.title'), [...columns.map(fieldLabel), t('policies.installments'), t('policies.due')], rows, { 'data-testid': 'policies' })]);
}
