// Insights panel: the claims service level — the open queue by status and age (with what is
// past its decision date), the approval rate, the time to decision, the share approved straight
// through and what adjudication cut, by reason, over a recent period.
import { definePanel, useApi } from '@directus/extensions-sdk';
import { defineComponent, h, type VNode } from 'vue';
import { itemsQuery, money, PANEL_STYLE, todayIso, usePolling } from '../shared';
import { AGE_BUCKETS, approvalRate, cutsByReason, OPEN_CLAIM_STATUSES, queueByStatusAndAge, straightThrough, timeToDecision } from './figures';

const VIEWS = ['queue', 'approval-rate', 'time-to-decision', 'straight-through', 'cuts-by-reason'] as const;
type View = (typeof VIEWS)[number];
const DECIDED = ['Approved', 'Paid', 'Rejected'];
const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)} %`);

const ClaimsService = defineComponent({
	// Directus passes the panel's id, size and dashboard too; they are not HTML attributes.
	inheritAttrs: false,
	props: { view: { type: String, default: 'queue' }, periodDays: { type: Number, default: 90 } },
	setup(props) {
		const api = useApi();
		const rows = (query: Parameters<typeof itemsQuery>[0], collection = 'claims') => api.get(`/items/${collection}?${itemsQuery(query)}`).then((r) => r.data.data);
		const recentlyDecided = { _and: [{ status: { _in: DECIDED } }, { decided_at: { _gte: `$NOW(-${props.periodDays} days)` } }] };
		const { data, error } = usePolling(async (): Promise<VNode[]> => {
			const view = props.view as View;
			if (view === 'approval-rate') {
				const result = approvalRate(await rows({ filter: recentlyDecided, fields: ['status', 'total_claimed', 'total_approved'] }));
				return [
					h('div', { class: 'figure', 'data-testid': 'figure' }, percent(result.rate)),
					h('p', { class: 'sub' }, `${result.approved} of ${result.decided} claims decided in the last ${props.periodDays} days were approved; ${percent(result.amountRate)} of the amount claimed was granted.`),
				];
			}
			if (view === 'straight-through') {
				const [decided, automatic] = await Promise.all([
					rows({ filter: recentlyDecided, fields: ['id', 'status'] }),
					rows({ filter: { collection: { _eq: 'claims' }, from_status: { _eq: 'Submitted' }, to_status: { _eq: 'Approved' }, trigger: { _eq: 'automatic' } }, fields: ['item'] }, 'status_history'),
				]);
				const result = straightThrough(decided, automatic);
				return [
					h('div', { class: 'figure', 'data-testid': 'figure' }, percent(result.rate)),
					h('p', { class: 'sub' }, `${result.straight} of ${result.decided} claims decided in the last ${props.periodDays} days were approved at intake without a person (${percent(result.approvedRate)} of the approved).`),
				];
			}
			if (view === 'cuts-by-reason') {
				const cuts = cutsByReason(
					(await rows({ filter: { claim: recentlyDecided }, fields: ['adjudication', 'claim.policy.currency'] }, 'claim_lines')).map((line: { adjudication: null; claim: { policy: { currency: string } | null } | null }) => ({
						adjudication: line.adjudication,
						currency: line.claim?.policy?.currency ?? null,
					})),
				);
				if (cuts.length === 0) return [h('p', { class: 'sub' }, `Nothing cut from claims decided in the last ${props.periodDays} days.`)];
				return [
					h('table', { 'data-testid': 'cuts' }, [
						h('caption', `Amounts cut from claims decided in the last ${props.periodDays} days, by reason`),
						h('thead', [h('tr', [h('th', 'Reason'), h('th', { class: 'num' }, 'Lines'), h('th', { class: 'num' }, 'Amount')])]),
						h(
							'tbody',
							cuts.map((cut) => h('tr', [h('td', cut.code), h('td', { class: 'num' }, String(cut.lines)), h('td', { class: 'num' }, `${money(cut.amount)} ${cut.currency}`)])),
						),
					]),
				];
			}
			if (view === 'time-to-decision') {
				const result = timeToDecision(await rows({ filter: recentlyDecided, fields: ['submitted_at', 'decided_at'] }));
				if (!result) return [h('p', { class: 'sub' }, `No claim decided in the last ${props.periodDays} days.`)];
				return [
					h('div', { class: 'figure', 'data-testid': 'figure' }, `${result.average.toFixed(1)} days`),
					h('p', { class: 'sub' }, `Average over ${result.count} decisions in the last ${props.periodDays} days; median ${result.median.toFixed(1)}, slowest tenth ${result.p90.toFixed(1)} days.`),
				];
			}
			const open = await rows({ filter: { status: { _in: [...OPEN_CLAIM_STATUSES] } }, fields: ['status', 'submitted_at', 'decision_due_date'] });
			const queue = queueByStatusAndAge(open, Date.now(), todayIso());
			return [
				h('table', { 'data-testid': 'queue' }, [
					h('caption', 'Open claims by status and time since submission'),
					h('thead', [h('tr', [h('th', 'Status'), ...AGE_BUCKETS.map((b) => h('th', { class: 'num' }, b.label)), h('th', { class: 'num' }, 'Total'), h('th', { class: 'num' }, 'Overdue')])]),
					h(
						'tbody',
						queue.map((row) =>
							h('tr', [
								h('td', row.status),
								...row.buckets.map((n) => h('td', { class: 'num' }, String(n))),
								h('td', { class: 'num' }, String(row.total)),
								h('td', { class: row.overdue ? 'num late' : 'num' }, String(row.overdue)),
							]),
						),
					),
				]),
			];
		});
		return () => h('div', { class: 'insurance-panel' }, [h('style', PANEL_STYLE), error.value ? h('p', { class: 'error' }, error.value) : null, ...(data.value ?? [])]);
	},
});

export default definePanel({
	id: 'insurance-claims-service',
	name: 'Claims service level',
	icon: 'medical_services',
	description: 'Open claims by status and age, approval rate, time to decision, straight-through share, cuts by reason.',
	component: ClaimsService,
	options: [
		{
			field: 'view',
			name: 'Figure',
			type: 'string',
			meta: { width: 'half', interface: 'select-dropdown', options: { choices: VIEWS.map((value) => ({ text: value, value })) } },
			schema: { default_value: 'queue' },
		},
		{ field: 'periodDays', name: 'Period (days)', type: 'integer', meta: { width: 'half', interface: 'input' }, schema: { default_value: 90 } },
	],
	minWidth: 12,
	minHeight: 6,
});
