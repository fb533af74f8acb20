import { customEndpoint, readItem, readMe } from '@directus/sdk';
import type { AdjudicationCode } from '../../domain/claims/adjudication';
import { REASONS } from '../../domain/documents/reasons';
import { directus, directusRoot, problemsOf } from '../api';
import { append, h, nextId, type Child } from '../dom';
import { detailList, readView, statusBadge } from '../fields';
import { formatDate, formatDateTime, formatMoney, language, t, term } from '../i18n';
import type { Page } from '../main';
import { watch } from './live';
import { table, timeline } from './shared';

interface Line {
	id: number;
	kind: string;
	description: string;
	service_date: string;
	quantity: number;
	unit_amount: string;
	amount_claimed: string | null;
	amount_approved: string | null;
	rejection_reason: string | null;
	receipt: string | null;
	amount_eligible: string | null;
	amount_deductible: string | null;
	amount_copay: string | null;
	adjudication: Cut[] | null;
}

interface Cut {
	code: AdjudicationCode;
	amount: string | number;
	note?: string | null;
}

interface Message {
	id: number;
	kind: string;
	body: string;
	user_created: string | null;
	date_created: string;
}

const DECIDED = ['Approved', 'Paid', 'Rejected'];
const CLOSED = ['Approved', 'Rejected', 'Paid', 'Withdrawn'];

/** Approved in full, reduced or not reimbursed: the explanation of benefits of one line. */
function outcome(line: Line, decided: boolean) {
	if (!decided || line.amount_approved === null) return t('claim.outcome.pending');
	const approved = Number(line.amount_approved);
	if (approved <= 0) return t('claim.outcome.rejected');
	return approved < Number(line.amount_claimed ?? 0) ? t('claim.outcome.reduced') : t('claim.outcome.full');
}

/** Cuts the breakdown has a column of its own; any other is listed with its reason. */
const OWN_COLUMN: AdjudicationCode[] = ['DEDUCTIBLE', 'COPAY', 'COINSURANCE'];
const cents = (amount: unknown) => Math.round(Number(amount ?? 0) * 100);

/**
 * Claimed → eligible → deductible → co-pay → co-insurance → other cuts → approved, per line, once
 * the claim is decided. The proposal made at intake is not shown before: a person may still
 * change it (duplicates, pre-authorisation, re-adjudication when decided), and a figure the
 * client reads as a promise should be one the insurer stands by.
 */
function breakdown(lines: Line[], currency: string) {
	const reasons = REASONS[language()];
	const rows: Child[][] = lines.map((line) => {
		const cuts = line.adjudication ?? [];
		const coinsurance = cuts.filter((c) => c.code === 'COINSURANCE').reduce((sum, c) => sum + cents(c.amount), 0);
		const others = cuts.filter((c) => !OWN_COLUMN.includes(c.code) && cents(c.amount) > 0);
		return [
			`${term(`choice.${line.kind}`) ?? line.kind} · ${line.description}`,
			formatMoney(line.amount_claimed, currency),
			formatMoney(line.amount_eligible, currency),
			formatMoney(line.amount_deductible, currency),
			formatMoney(line.amount_copay, currency),
			formatMoney(coinsurance / 100, currency),
			others.length === 0
				? '—'
				: h('ul', { class: 'cuts' }, others.map((c) => h('li', { 'data-code': c.code }, `${reasons[c.code] ?? c.code}${c.note ? ` (${c.note})` : ''}: ${formatMoney(c.amount, currency)}`))),
			h('strong', {}, formatMoney(line.amount_approved, currency)),
		];
	});
	return table(
		t('claim.breakdown'),
		[t('field.description'), t('claim.claimed'), t('claim.eligible'), t('claim.deductible'), t('claim.copay'), t('claim.coinsurance'), t('claim.otherCuts'), t('claim.approved')],
		rows,
		{ 'data-testid': 'breakdown' },
	);
}

export async function renderClaim(page: Page, id: string) {
	const { main } = page;
	// Who handles the claim is the insurer's business, not the client's.
	const view = await readView('claims', ['client', 'claim_number', 'status', 'assigned_to', 'decision_letter']);
	const [claim, me, token] = await Promise.all([
		directus.request(
			readItem('claims', id, {
				fields: ['id', 'claim_number', 'status', 'decision_letter', 'policy.currency', ...view.query, 'lines.*', 'messages.*'],
				deep: { lines: { _sort: ['id'], _limit: -1 }, messages: { _sort: ['date_created', 'id'], _limit: -1 } },
			}),
		) as unknown as Promise<Record<string, unknown> & { claim_number: string; status: string; decision_letter: string | null; policy: { currency?: string } | null; lines: Line[]; messages: Message[] }>,
		directus.request(readMe({ fields: ['id'] })) as Promise<{ id: string }>,
		directus.getToken(),
	]);
	const currency = claim.policy?.currency ?? 'EUR';
	const decided = DECIDED.includes(claim.status);
	const number = claim.claim_number ?? `#${id}`;
	const status = h('span', { 'data-testid': 'claim-status' }, statusBadge(claim.status));
	const announcer = h('p', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });

	// Files are read with the client's own token, as Directus checks it (receipts, the letter).
	const asset = (file: string) => `${directusRoot}/assets/${file}?access_token=${encodeURIComponent(token ?? '')}`;
	const lineRows: Child[][] = claim.lines.map((line) => [
		`${term(`choice.${line.kind}`) ?? line.kind} · ${line.description}`,
		formatDate(line.service_date),
		formatMoney(line.amount_claimed, currency),
		decided ? formatMoney(line.amount_approved, currency) : '—',
		outcome(line, decided),
		decided ? (line.rejection_reason ?? '') : '',
		line.receipt ? h('a', { href: asset(line.receipt), target: '_blank', rel: 'noopener' }, t('claim.viewReceipt')) : '—',
	]);
	lineRows.push([
		h('strong', {}, t('claim.total')),
		'',
		h('strong', {}, formatMoney(claim['total_claimed'], currency)),
		h('strong', {}, decided ? formatMoney(claim['total_approved'], currency) : '—'),
		'',
		'',
		'',
	]);

	main.replaceChildren();
	append(main, [
		h('p', {}, h('a', { href: '#/claims' }, `← ${t('nav.claims')}`)),
		h('h1', {}, t('claim.title', { number }), ' ', status),
		announcer,
		claim.status === 'InformationRequested' ? h('p', { class: 'notice', role: 'note' }, t('claim.infoRequested')) : null,
		detailList(view.fields, claim, currency),
		table(
			t('claim.decision'),
			[t('field.description'), t('field.service_date'), t('claim.claimed'), t('claim.approved'), t('claim.outcome'), t('claim.reason'), t('claim.receipt')],
			lineRows,
			{ 'data-testid': 'decision' },
		),
		decided ? null : h('p', { class: 'muted' }, t('claim.pendingDecision')),
		decided && claim.lines.some((line) => line.amount_eligible !== null) ? breakdown(claim.lines, currency) : null,
		decided && claim.decision_letter
			? h('p', {}, h('a', { href: `${asset(claim.decision_letter)}&download`, target: '_blank', rel: 'noopener', 'data-testid': 'decision-letter' }, t('claim.decisionLetter')))
			: null,
		conversation(id, claim.messages, me.id, claim.status, page),
		await timeline('claims', id, t('claim.timeline')),
	]);

	// A change by the claims team redraws the page (keeping what the client was typing is not
	// needed: the answer form is only replaced when the status itself changed).
	await watch(page, 'claims', { fields: ['id', 'status'], filter: { id: { _eq: id } } }, (rows) => {
		const changed = rows.find((row) => String(row.id) === id && row['status'] && row['status'] !== claim.status);
		if (!changed) return;
		announcer.textContent = t('claims.changed', { number, status: term(`status.${changed['status']}`) ?? String(changed['status']) });
		page.navigate(`#/claims/${id}`);
	});
	await watch(page, 'claim_messages', { fields: ['id', 'claim'], filter: { claim: { _eq: id } } }, (_rows, event) => {
		if (event === 'create' && !document.activeElement?.closest('form')) page.navigate(`#/claims/${id}`);
	});
}

function conversation(id: string, messages: Message[], me: string, status: string, page: Page) {
	const section = h('section', { 'aria-labelledby': 'conversation' }, h('h2', { id: 'conversation' }, t('claim.conversation')));
	section.append(
		messages.length === 0
			? h('p', {}, t('claim.noMessages'))
			: h(
					'ol',
					{ class: 'messages', 'data-testid': 'messages' },
					messages.map((m) =>
						h(
							'li',
							{ class: m.user_created === me ? 'mine' : 'theirs' },
							h('p', { class: 'meta' }, h('strong', {}, m.user_created === me ? t('claim.you') : t('claim.team')), ' · ', term(`message.${m.kind}`) ?? m.kind, ' · ', h('time', { datetime: m.date_created }, formatDateTime(m.date_created))),
							h('p', {}, m.body),
						),
					),
				),
	);
	if (CLOSED.includes(status)) return section;

	const answering = status === 'InformationRequested';
	const inputId = nextId('message');
	const errorId = `${inputId}-error`;
	const body = h('textarea', { id: inputId, name: 'body', rows: 4, 'aria-describedby': errorId });
	const error = h('p', { id: errorId, class: 'field-error', role: 'alert', hidden: true });
	const submit = h('button', { type: 'submit' }, answering ? t('claim.sendAnswer') : t('claim.sendMessage'));
	section.append(
		h(
			'form',
			{
				class: 'card',
				novalidate: true,
				'data-testid': 'message-form',
				onsubmit: async (event: Event) => {
					event.preventDefault();
					error.hidden = true;
					body.removeAttribute('aria-invalid');
					submit.disabled = true;
					try {
						await directus.request(customEndpoint({ path: `/insurance/claims/${id}/messages`, method: 'POST', body: JSON.stringify({ body: body.value }) }));
						page.navigate(`#/claims/${id}`);
					} catch (failure) {
						error.textContent = problemsOf(failure).map((p) => p.message).join(' ');
						error.hidden = false;
						body.setAttribute('aria-invalid', 'true');
						body.focus();
					} finally {
						submit.disabled = false;
					}
				},
			},
			h('div', { class: 'field', 'data-field': 'body' }, h('label', { for: inputId }, answering ? t('claim.answer') : t('claim.message')), body, error),
			submit,
		),
	);
	return section;
}
