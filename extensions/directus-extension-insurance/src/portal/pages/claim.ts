import { customEndpoint, readItem, readMe } from '@directus/sdk';
import type { AdjudicationCode } from '../../domain/claims/adjudication';
import { DECIDED_CLAIM_STATUSES } from '../../domain/claims/claims';
import { REASONS } from '../../domain/documents/reasons';
import { directus, directusRoot, onField, problemsOf, uploadFile } from '../api';
import { append, h, nextId, type Child } from '../dom';
import { detailList, readView, statusBadge } from '../fields';
import { formatDate, formatDateTime, formatMoney, language, problemText, t, term } from '../i18n';
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
	attachment: string | null;
	user_created: string | null;
	date_created: string;
}

const CLOSED = ['Approved', 'Rejected', 'Paid', 'Withdrawn'];
/** Shown only once the claim is decided: before, they are a handler's proposal, not the insurer's word. */
const DECISION_FIELDS = ['total_approved', 'decision_note', 'decided_at'];

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
	const [claim, me, token, actions] = await Promise.all([
		directus.request(
			readItem('claims', id, {
				fields: ['id', 'claim_number', 'status', 'decision_letter', 'policy.currency', ...view.query, 'lines.*', 'messages.*'],
				deep: { lines: { _sort: ['id'], _limit: -1 }, messages: { _sort: ['date_created', 'id'], _limit: -1 } },
			}),
		) as unknown as Promise<Record<string, unknown> & { claim_number: string; status: string; decision_letter: string | null; policy: { currency?: string } | null; lines: Line[]; messages: Message[] }>,
		directus.request(readMe({ fields: ['id'] })) as Promise<{ id: string }>,
		directus.getToken(),
		availableActions(id),
	]);
	const currency = claim.policy?.currency ?? 'EUR';
	const decided = DECIDED_CLAIM_STATUSES.includes(claim.status);
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
		claim.status === 'Draft' ? h('p', { class: 'notice', role: 'note' }, t('claim.draft')) : null,
		claimActions(page, id, number, actions),
		detailList(decided ? view.fields : view.fields.filter((f) => !DECISION_FIELDS.includes(f.field)), claim, currency),
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
		conversation(id, claim.messages, me.id, claim.status, page, asset),
		await timeline('claims', id, t('claim.timeline')),
	]);

	// A change by the claims team redraws the page (keeping what the client was typing is not
	// needed: the answer form is only replaced when the status itself changed).
	await watch(page, 'claims', { query: { fields: ['id', 'status'] }, item: id }, (rows) => {
		const changed = rows.find((row) => String(row.id) === id && row['status'] && row['status'] !== claim.status);
		if (!changed) return;
		announcer.textContent = t('claims.changed', { number, status: term(`status.${changed['status']}`) ?? String(changed['status']) });
		page.navigate(`#/claims/${id}`);
	});
	await watch(page, 'claim_messages', { query: { fields: ['id', 'claim'], filter: { claim: { _eq: id } } } }, (_rows, event) => {
		if (event === 'create' && !document.activeElement?.closest('form')) page.navigate(`#/claims/${id}`);
	});
}

/** A problem list in the client's language, for actions that have no field to show it next to. */
function showProblems(region: HTMLElement, failure: unknown) {
	region.replaceChildren(h('ul', {}, problemsOf(failure).map((problem) => h('li', {}, problemText(problem)))));
	region.hidden = false;
	region.focus();
}

/** What the portal asks a client to confirm: moves that need no other input. */
const CLIENT_ACTIONS = ['submit', 'withdraw'];

/** The actions the server offers the client on the claim now (the lifecycle and the client's grants), among those the portal knows. */
async function availableActions(id: string): Promise<string[]> {
	const offered = await directus.request(customEndpoint<{ action: string }[]>({ path: `/insurance/claims/${id}/actions`, method: 'GET' }));
	return offered.map((a) => a.action).filter((action) => CLIENT_ACTIONS.includes(action));
}

/** The moves the client may make on the claim now (submit a draft, withdraw it before a decision); the server checks them again. */
function claimActions(page: Page, id: string, number: string, actions: string[]) {
	if (actions.length === 0) return null;
	const region = h('div', { class: 'form-error', role: 'alert', tabindex: '-1', hidden: true });
	const perform = async (button: HTMLButtonElement, action: string) => {
		region.hidden = true;
		button.disabled = true;
		try {
			await directus.request(customEndpoint({ path: `/insurance/claims/${id}/actions/${action}`, method: 'POST', body: '{}' }));
			page.navigate(`#/claims/${id}`);
		} catch (failure) {
			showProblems(region, failure);
		} finally {
			button.disabled = false;
		}
	};
	const bar = h('div', { class: 'actions' });
	const confirmation = h('div', { class: 'card', hidden: true, role: 'group', 'aria-label': t('claim.withdraw') });
	for (const action of actions) {
		if (action === 'submit') {
			const button: HTMLButtonElement = h('button', { type: 'button', onclick: () => void perform(button, 'submit') }, t('claim.submit'));
			bar.append(button);
		}
		if (action === 'withdraw') {
			// Withdrawing cannot be undone: the client confirms it first.
			const yes: HTMLButtonElement = h('button', { type: 'button', onclick: () => void perform(yes, 'withdraw') }, t('claim.withdrawYes'));
			const no = h('button', { type: 'button', class: 'secondary', onclick: () => ((confirmation.hidden = true), withdraw.focus()) }, t('claim.withdrawNo'));
			confirmation.replaceChildren(h('p', {}, t('claim.withdrawConfirm', { number })), h('p', {}, yes, ' ', no));
			const withdraw: HTMLButtonElement = h('button', { type: 'button', class: 'secondary', onclick: () => ((confirmation.hidden = false), yes.focus()) }, t('claim.withdraw'));
			bar.append(withdraw);
		}
		bar.append(' ');
	}
	return h('section', { 'aria-labelledby': 'claim-actions', 'data-testid': 'claim-actions' }, h('h2', { id: 'claim-actions' }, t('claim.actions')), region, bar, confirmation);
}

function conversation(id: string, messages: Message[], me: string, status: string, page: Page, asset: (file: string) => string) {
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
							m.attachment ? h('p', {}, h('a', { href: asset(m.attachment), target: '_blank', rel: 'noopener' }, t('claim.viewAttachment'))) : null,
						),
					),
				),
	);
	if (CLOSED.includes(status)) return section;

	const answering = status === 'InformationRequested';
	const inputId = nextId('message');
	const errorId = `${inputId}-error`;
	const fileId = nextId('attachment');
	const body = h('textarea', { id: inputId, name: 'body', rows: 4, 'aria-describedby': errorId });
	const error = h('p', { id: errorId, class: 'field-error', role: 'alert', hidden: true });
	const file = h('input', { id: fileId, name: 'attachment', type: 'file', accept: 'image/*,application/pdf', 'aria-describedby': `${fileId}-hint ${fileId}-error` });
	const fileError = h('p', { id: `${fileId}-error`, class: 'field-error', role: 'alert', hidden: true });
	const submit = h('button', { type: 'submit' }, answering ? t('claim.sendAnswer') : t('claim.sendMessage'));
	// Uploaded once per picked file, so correcting the text and sending again does not store it twice.
	const uploaded = new WeakMap<File, string>();
	const mark = (input: HTMLElement, region: HTMLElement, message: string | null) => {
		region.textContent = message ?? '';
		region.hidden = !message;
		input.setAttribute('aria-invalid', message ? 'true' : 'false');
	};
	section.append(
		h(
			'form',
			{
				class: 'card',
				novalidate: true,
				'data-testid': 'message-form',
				onsubmit: async (event: Event) => {
					event.preventDefault();
					mark(body, error, null);
					mark(file, fileError, null);
					submit.disabled = true;
					try {
						const picked = file.files?.[0];
						if (picked && !uploaded.has(picked)) uploaded.set(picked, await uploadFile(picked).catch((failure: unknown) => Promise.reject(onField(failure, 'attachment'))));
						const attachment = picked ? uploaded.get(picked) : undefined;
						await directus.request(customEndpoint({ path: `/insurance/claims/${id}/messages`, method: 'POST', body: JSON.stringify({ body: body.value, ...(attachment ? { attachment } : {}) }) }));
						page.navigate(`#/claims/${id}`);
					} catch (failure) {
						// Every problem at once, next to its input; anything else under the text.
						const problems = problemsOf(failure);
						const onFile = problems.filter((p) => p.field === 'attachment').map(problemText);
						const onBody = problems.filter((p) => p.field !== 'attachment').map(problemText);
						if (onFile.length) mark(file, fileError, onFile.join(' '));
						if (onBody.length) mark(body, error, onBody.join(' '));
						(onBody.length ? body : file).focus();
					} finally {
						submit.disabled = false;
					}
				},
			},
			h('div', { class: 'field', 'data-field': 'body' }, h('label', { for: inputId }, answering ? t('claim.answer') : t('claim.message')), body, error),
			h('div', { class: 'field', 'data-field': 'attachment' }, h('label', { for: fileId }, t('claim.attachment')), file, h('p', { id: `${fileId}-hint`, class: 'hint' }, t('claim.attachmentHint')), fileError),
			submit,
		),
	);
	return section;
}
