import { readItems } from '@directus/sdk';
import { DECIDED_CLAIM_STATUSES } from '../../domain/claims/claims';
import { append, h } from '../dom';
import { directus } from '../api';
import { displayValue, fieldLabel, readView } from '../fields';
import { t, term } from '../i18n';
import type { Page } from '../main';
import { table } from './shared';
import { watch } from './live';

const PREFERRED = ['claim_number', 'policy', 'status', 'submitted_at', 'total_claimed', 'total_approved'];

/** A cell's value: the approved total is the insurer's word only once the claim is decided. */
const cellValue = (field: string, value: unknown, status: unknown) => (field === 'total_approved' && !DECIDED_CLAIM_STATUSES.includes(String(status)) ? null : value);

export async function renderClaims(page: Page) {
	const { main } = page;
	const view = await readView('claims');
	const columns = PREFERRED.flatMap((name) => view.fields.filter((f) => f.field === name));
	const query = view.query.filter((q) => columns.some((f) => q === f.field || q.startsWith(`${f.field}.`)));
	const claims = (await directus.request(readItems('claims', { fields: ['id', 'status', ...query], sort: ['-submitted_at', '-id'], limit: -1 }))) as unknown as (Record<string, unknown> & {
		id: number;
		claim_number: string | null;
	})[];
	const statuses = new Map(claims.map((claim) => [String(claim.id), claim['status']]));

	const announcer = h('p', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
	main.replaceChildren();
	append(main, [
		h('h1', {}, t('claims.title')),
		h('p', { class: 'muted' }, t('claims.live'), ' ', h('a', { href: '#/claims/new', class: 'button' }, t('nav.newClaim'))),
		announcer,
	]);
	if (claims.length === 0) return append(main, [h('p', {}, t('common.none'))]);
	const rows = claims.map((claim) =>
		columns.map((f) => {
			if (f.field === 'claim_number') {
				const number = claim.claim_number ?? `#${claim.id}`;
				return h('a', { href: `#/claims/${claim.id}`, 'aria-label': t('claims.open', { number }) }, number);
			}
			return h('span', { 'data-claim': claim.id, 'data-field': f.field }, displayValue(f, cellValue(f.field, claim[f.field], claim['status'])));
		}),
	);
	append(main, [table(t('claims.title'), columns.map(fieldLabel), rows, { 'data-testid': 'claims' })]);

	await watch(page, 'claims', { query: { fields: ['id', 'claim_number', 'status', 'total_approved'] } }, (changed) => {
		for (const claim of changed) {
			if (claim['status']) statuses.set(String(claim.id), claim['status']);
			for (const f of columns) {
				if (!(f.field in claim) || f.field === 'claim_number') continue;
				const cell = main.querySelector(`[data-claim="${claim.id}"][data-field="${f.field}"]`);
				if (!cell) continue;
				cell.replaceChildren();
				append(cell, [displayValue(f, cellValue(f.field, claim[f.field], statuses.get(String(claim.id))))]);
			}
			if (claim['status']) {
				announcer.textContent = t('claims.changed', { number: String(claim['claim_number'] ?? claim.id), status: term(`status.${claim['status']}`) ?? String(claim['status']) });
			}
		}
	});
}
