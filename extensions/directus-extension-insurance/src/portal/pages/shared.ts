// Pieces several pages draw: tables, the status timeline, headings.
import { customEndpoint } from '@directus/sdk';
import { directus } from '../api';
import { h, type Child } from '../dom';
import { formatDateTime, t, term } from '../i18n';
import { statusBadge } from '../fields';

/** A table with a caption and header cells, readable on a phone (cells carry their label). */
export function table(caption: string, headers: string[], rows: Child[][], attributes: Record<string, unknown> = {}) {
	return h(
		'div',
		{ class: 'table-wrap' },
		h(
			'table',
			attributes,
			h('caption', {}, caption),
			h('thead', {}, h('tr', {}, headers.map((label) => h('th', { scope: 'col' }, label)))),
			h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell, i) => h('td', { 'data-label': headers[i] }, cell))))),
		),
	);
}

interface HistoryRow {
	from_status: string | null;
	to_status: string;
	trigger: string;
	reason: string | null;
	occurred_at: string;
}

/** The status timeline of one of the client's policies or claims, from the portal endpoint. */
export async function timeline(collection: 'policies' | 'claims', id: string, title: string) {
	const rows = await directus.request(customEndpoint<HistoryRow[]>({ path: `/insurance/portal/timeline/${collection}/${id}`, method: 'GET' }));
	const section = h('section', { 'aria-labelledby': `timeline-${collection}` }, h('h2', { id: `timeline-${collection}` }, title));
	if (rows.length === 0) {
		section.append(h('p', {}, t('timeline.empty')));
		return section;
	}
	section.append(
		h(
			'ol',
			{ class: 'timeline' },
			rows.map((row) =>
				h(
					'li',
					{},
					h('time', { datetime: row.occurred_at }, formatDateTime(row.occurred_at)),
					' ',
					row.from_status ? [statusBadge(row.from_status), ' → '] : null,
					statusBadge(row.to_status),
					' ',
					h('span', { class: 'muted' }, term(`trigger.${row.trigger}`) ?? row.trigger),
					row.reason ? h('span', { class: 'muted' }, ` · ${row.reason}`) : null,
				),
			),
		),
	);
	return section;
}
