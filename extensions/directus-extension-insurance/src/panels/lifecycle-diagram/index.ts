// Insights panel: the state diagram of a lifecycle, drawn from GET /insurance/lifecycles, with
// how many items are in each state now and how many moved along each arrow in the last 30 days.
import { definePanel, useApi } from '@directus/extensions-sdk';
import { computed, defineComponent, h } from 'vue';
import { LIFECYCLE_NAMES } from '../../domain/lifecycles/types';
import { itemsQuery, PANEL_STYLE, usePolling } from '../shared';
import { layoutStates } from './layout';

interface LifecycleData {
	label: string;
	collections: string[];
	statuses: string[];
	initial: string;
	final: string[];
	transitions: { from: string; to: string; trigger: string; description: string }[];
}

const BOX = { width: 168, height: 50, columnGap: 90, rowGap: 26, margin: 16 };

const Diagram = defineComponent({
	// Directus passes the panel's id, size and dashboard too; they are not HTML attributes.
	inheritAttrs: false,
	props: { lifecycle: { type: String, default: 'policy' }, id: { type: String, default: 'diagram' } },
	setup(props) {
		const api = useApi();
		const { data, error } = usePolling(async () => {
			const lifecycle = ((await api.get('/insurance/lifecycles')).data.data as Record<string, LifecycleData>)[props.lifecycle];
			if (!lifecycle) throw new Error(`unknown lifecycle "${props.lifecycle}"`);
			const counts = new Map<string, number>();
			const moves = new Map<string, number>();
			for (const collection of lifecycle.collections) {
				const grouped = (await api.get(`/items/${collection}?${itemsQuery({ aggregate: { count: '*' }, groupBy: ['status'] })}`)).data.data as { status: string; count: number | string }[];
				for (const row of grouped) counts.set(row.status, (counts.get(row.status) ?? 0) + Number(row.count));
			}
			const recent = (
				await api.get(
					`/items/status_history?${itemsQuery({
						filter: { _and: [{ collection: { _in: lifecycle.collections } }, { occurred_at: { _gte: '$NOW(-30 days)' } }] },
						aggregate: { count: '*' },
						groupBy: ['from_status', 'to_status'],
					})}`,
				)
			).data.data as { from_status: string | null; to_status: string; count: number | string }[];
			for (const row of recent) moves.set(`${row.from_status}→${row.to_status}`, Number(row.count));
			return { lifecycle, counts, moves };
		});

		const drawing = computed(() => {
			if (!data.value) return null;
			const { lifecycle, counts, moves } = data.value;
			const placed = layoutStates(lifecycle);
			const position = new Map(
				placed.map((p) => [p.status, { x: BOX.margin + p.column * (BOX.width + BOX.columnGap), y: BOX.margin + p.row * (BOX.height + BOX.rowGap) }]),
			);
			const width = Math.max(...[...position.values()].map((p) => p.x)) + BOX.width + BOX.margin;
			const height = Math.max(...[...position.values()].map((p) => p.y)) + BOX.height + BOX.margin;
			const seen = new Set<string>();
			const edges = lifecycle.transitions.flatMap((t) => {
				const key = `${t.from}→${t.to}`;
				if (seen.has(key)) return [];
				seen.add(key);
				const a = position.get(t.from)!;
				const b = position.get(t.to)!;
				const forward = b.x > a.x;
				const x1 = forward ? a.x + BOX.width : a.x + BOX.width / 2;
				const y1 = forward ? a.y + BOX.height / 2 : a.y + BOX.height;
				const x2 = forward ? b.x : b.x + BOX.width / 2;
				const y2 = forward ? b.y + BOX.height / 2 : b.y;
				const bend = forward ? (x2 - x1) / 2 : 0;
				const path = forward ? `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}` : `M${x1},${y1} C${x1 + 40},${(y1 + y2) / 2} ${x2 + 40},${(y1 + y2) / 2} ${x2},${y2}`;
				return [{ key, path, count: moves.get(key) ?? 0, label: { x: (x1 + x2) / 2 + (forward ? 0 : 30), y: (y1 + y2) / 2 - 4 }, description: t.description }];
			});
			return { lifecycle, counts, placed, position, width, height, edges, moved: [...moves.values()].reduce((a, b) => a + b, 0) };
		});

		return () => {
			const children = [h('style', PANEL_STYLE)];
			if (error.value) children.push(h('p', { class: 'error' }, error.value));
			const d = drawing.value;
			if (!d) return h('div', { class: 'insurance-panel' }, children);
			const marker = `arrow-${props.id}`;
			const total = [...d.counts.values()].reduce((a, b) => a + b, 0);
			children.push(
				h('p', { class: 'sub' }, `${total} ${d.lifecycle.label} items · ${d.moved} transitions in the last 30 days`),
				h(
					'svg',
					{ viewBox: `0 0 ${d.width} ${d.height}`, width: '100%', height: '85%', role: 'img', 'aria-label': `${d.lifecycle.label} lifecycle`, 'data-testid': 'lifecycle-diagram' },
					[
						h('defs', [h('marker', { id: marker, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 10, markerHeight: 10, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' }, [h('path', { d: 'M0,0 L10,5 L0,10 z', fill: 'var(--theme--foreground-subdued)' })])]),
						...d.edges.map((e) =>
							h('g', { class: 'edge' }, [
								h('title', `${e.key}: ${e.description} (${e.count} in 30 days)`),
								h('path', {
									d: e.path,
									fill: 'none',
									stroke: e.count > 0 ? 'var(--theme--primary)' : 'var(--theme--border-color)',
									'stroke-width': e.count > 0 ? Math.min(2 + e.count, 7) : 1.5,
									'marker-end': `url(#${marker})`,
								}),
								e.count > 0 ? h('text', { x: e.label.x, y: e.label.y, 'text-anchor': 'middle', 'font-size': 13, 'font-weight': 700 }, String(e.count)) : null,
							]),
						),
						...d.placed.map((p) => {
							const at = d.position.get(p.status)!;
							const count = d.counts.get(p.status) ?? 0;
							const final = d.lifecycle.final.includes(p.status);
							return h('g', { class: 'state', 'data-status': p.status }, [
								h('rect', {
									x: at.x,
									y: at.y,
									width: BOX.width,
									height: BOX.height,
									rx: 8,
									fill: count > 0 ? 'var(--theme--primary-background, #e8f0fe)' : 'var(--theme--background-subdued)',
									stroke: p.status === d.lifecycle.initial ? 'var(--theme--primary)' : 'var(--theme--border-color)',
									'stroke-width': final ? 3 : 1.5,
									'stroke-dasharray': final ? '0' : undefined,
								}),
								h('text', { x: at.x + BOX.width / 2, y: at.y + 20, 'text-anchor': 'middle', 'font-size': 13 }, p.status),
								h('text', { x: at.x + BOX.width / 2, y: at.y + 40, 'text-anchor': 'middle', 'font-size': 15, 'font-weight': 700, class: 'count' }, String(count)),
							]);
						}),
					],
				),
			);
			return h('div', { class: 'insurance-panel' }, children);
		};
	},
});

export default definePanel({
	id: 'insurance-lifecycle-diagram',
	name: 'Lifecycle diagram',
	icon: 'account_tree',
	description: 'The state diagram of a lifecycle with live counts per state and the transitions of the last 30 days.',
	component: Diagram,
	options: [
		{
			field: 'lifecycle',
			name: 'Lifecycle',
			type: 'string',
			meta: { width: 'full', interface: 'select-dropdown', options: { choices: LIFECYCLE_NAMES.map((name) => ({ text: name, value: name })) } },
			schema: { default_value: 'policy' },
		},
	],
	minWidth: 16,
	minHeight: 10,
});
