// Insights panel: collections — the installments due this calendar month by status, the
// policies heading for a lapse (oldest unpaid installment + days_after_unpaid_due_date,
// contract > portfolio > settings, as the lapse job reads it) with the amounts at stake, and
// the refunds cancellations left to pay (Pending), oldest first.
import { definePanel, useApi } from '@directus/extensions-sdk';
import { defineComponent, h, type VNode } from 'vue';
import { daysBetween, itemsQuery, money, PANEL_STYLE, todayIso, usePolling } from '../shared';

const VIEWS = ['due-this-month', 'lapses-ahead', 'refunds-due'] as const;
type View = (typeof VIEWS)[number];

interface UnpaidRow {
	due_date: string;
	amount: string;
	paid_amount: string;
	policy: { id: number; policy_number: string; days_after_unpaid_due_date: number | null; client: { name: string } | null; portfolio: { days_after_unpaid_due_date: number | null } | null };
}

interface RefundRow {
	id: number;
	amount: string;
	currency: string;
	reason: string;
	effective_date: string;
	policy: { policy_number: string; client: { name: string } | null } | null;
	master_policy: { master_policy_number: string; client: { name: string } | null } | null;
}

const plusDays = (iso: string, days: number) => new Date(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const Collections = defineComponent({
	// Directus passes the panel's id, size and dashboard too; they are not HTML attributes.
	inheritAttrs: false,
	props: { view: { type: String, default: 'due-this-month' } },
	setup(props) {
		const api = useApi();
		const { data, error } = usePolling(async (): Promise<VNode[]> => {
			if ((props.view as View) === 'lapses-ahead') {
				const settings = (await api.get('/items/insurance_settings')).data.data;
				const defaultDays = Number((Array.isArray(settings) ? settings[0] : settings)?.days_after_unpaid_due_date ?? 0);
				const unpaid = (
					await api.get(
						`/items/installments?${itemsQuery({
							filter: { _and: [{ status: { _eq: 'Unpaid' } }, { policy: { status: { _eq: 'InForce' } } }] },
							fields: ['due_date', 'amount', 'paid_amount', 'policy.id', 'policy.policy_number', 'policy.days_after_unpaid_due_date', 'policy.client.name', 'policy.portfolio.days_after_unpaid_due_date'],
							sort: ['due_date'],
						})}`,
					)
				).data.data as UnpaidRow[];
				const byPolicy = new Map<number, { number: string; client: string; oldest: string; amount: number; days: number }>();
				for (const row of unpaid) {
					const entry = byPolicy.get(row.policy.id) ?? {
						number: row.policy.policy_number,
						client: row.policy.client?.name ?? '',
						oldest: row.due_date,
						amount: 0,
						days: row.policy.days_after_unpaid_due_date ?? row.policy.portfolio?.days_after_unpaid_due_date ?? defaultDays,
					};
					entry.amount += Number(row.amount) - Number(row.paid_amount ?? 0);
					byPolicy.set(row.policy.id, entry);
				}
				const today = todayIso();
				const ahead = [...byPolicy.values()].map((p) => ({ ...p, lapseOn: plusDays(p.oldest, p.days) })).sort((a, b) => a.lapseOn.localeCompare(b.lapseOn));
				const total = ahead.reduce((sum, p) => sum + p.amount, 0);
				return [
					h('p', { class: 'sub' }, `${ahead.length} ${ahead.length === 1 ? 'policy' : 'policies'} in force with unpaid installments, ${money(total)} outstanding.`),
					h('table', { 'data-testid': 'lapses' }, [
						h('thead', [h('tr', [h('th', 'Policy'), h('th', 'Client'), h('th', { class: 'num' }, 'Unpaid'), h('th', 'Lapses on'), h('th', { class: 'num' }, 'Days left')])]),
						h(
							'tbody',
							ahead.map((p) => {
								const left = daysBetween(today, p.lapseOn);
								return h('tr', [h('td', p.number), h('td', p.client), h('td', { class: 'num' }, money(p.amount)), h('td', p.lapseOn), h('td', { class: left <= 7 ? 'num late' : 'num' }, String(left))]);
							}),
						),
					]),
				];
			}
			if ((props.view as View) === 'refunds-due') {
				const due = (
					await api.get(
						`/items/refunds?${itemsQuery({
							filter: { status: { _eq: 'Pending' } },
							fields: ['id', 'amount', 'currency', 'reason', 'effective_date', 'policy.policy_number', 'policy.client.name', 'master_policy.master_policy_number', 'master_policy.client.name'],
							sort: ['effective_date', 'id'],
						})}`,
					)
				).data.data as RefundRow[];
				const total = due.reduce((sum, r) => sum + Number(r.amount), 0);
				const today = todayIso();
				return [
					h('div', { class: 'figure', 'data-testid': 'figure' }, money(total)),
					h('p', { class: 'sub' }, `${due.length} ${due.length === 1 ? 'refund' : 'refunds'} to pay; Administration marks each Paid with its payment reference.`),
					h('table', { 'data-testid': 'refunds-due' }, [
						h('thead', [h('tr', [h('th', 'Contract'), h('th', 'Client'), h('th', 'Cancellation'), h('th', 'Effective'), h('th', { class: 'num' }, 'Waiting (days)'), h('th', { class: 'num' }, 'Amount')])]),
						h(
							'tbody',
							due.map((r) => {
								const contract = r.policy ?? r.master_policy;
								const waiting = daysBetween(r.effective_date.slice(0, 10), today);
								return h('tr', [
									h('td', r.policy?.policy_number ?? r.master_policy?.master_policy_number ?? ''),
									h('td', contract?.client?.name ?? ''),
									h('td', r.reason),
									h('td', r.effective_date.slice(0, 10)),
									h('td', { class: waiting > 14 ? 'num late' : 'num' }, String(waiting)),
									h('td', { class: 'num' }, `${money(Number(r.amount))} ${r.currency}`),
								]);
							}),
						),
					]),
				];
			}
			const now = new Date();
			const first = new Date(Date.UTC(now.getFullYear(), now.getMonth(), 1)).toISOString().slice(0, 10);
			const last = new Date(Date.UTC(now.getFullYear(), now.getMonth() + 1, 0)).toISOString().slice(0, 10);
			const grouped = (
				await api.get(
					`/items/installments?${itemsQuery({ filter: { due_date: { _between: [first, last] } }, aggregate: { count: '*', sum: 'amount,paid_amount' }, groupBy: ['status'] })}`,
				)
			).data.data as { status: string; count: number | string; sum: { amount: string | null; paid_amount: string | null } }[];
			const total = grouped.reduce((acc, g) => ({ count: acc.count + Number(g.count), amount: acc.amount + Number(g.sum.amount ?? 0), paid: acc.paid + Number(g.sum.paid_amount ?? 0) }), { count: 0, amount: 0, paid: 0 });
			return [
				h('div', { class: 'figure', 'data-testid': 'figure' }, money(total.amount)),
				h('p', { class: 'sub' }, `${total.count} installments due ${first} – ${last}; ${money(total.paid)} received, ${money(total.amount - total.paid)} still to collect.`),
				h('table', [
					h('thead', [h('tr', [h('th', 'Status'), h('th', { class: 'num' }, 'Installments'), h('th', { class: 'num' }, 'Amount')])]),
					h('tbody', grouped.map((g) => h('tr', [h('td', g.status), h('td', { class: 'num' }, String(g.count)), h('td', { class: 'num' }, money(Number(g.sum.amount ?? 0)))]))),
				]),
			];
		});
		return () => h('div', { class: 'insurance-panel' }, [h('style', PANEL_STYLE), error.value ? h('p', { class: 'error' }, error.value) : null, ...(data.value ?? [])]);
	},
});

export default definePanel({
	id: 'insurance-collections',
	name: 'Collections',
	icon: 'payments',
	description: 'Installments due this month, policies heading for a lapse with the amounts unpaid, and refunds to pay.',
	component: Collections,
	options: [
		{
			field: 'view',
			name: 'Figure',
			type: 'string',
			meta: { width: 'full', interface: 'select-dropdown', options: { choices: VIEWS.map((value) => ({ text: value, value })) } },
			schema: { default_value: 'due-this-month' },
		},
	],
	minWidth: 12,
	minHeight: 6,
});
