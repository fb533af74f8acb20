import { customEndpoint, readItems } from '@directus/sdk';
import { CLAIMABLE_POLICY_STATUSES } from '../../domain/claims/claims';
import { directus, normaliseField, onField, problemsOf, uploadFile, type Problem } from '../api';
import { append, h } from '../dom';
import { allowedFields, fieldControl, type Control, type FieldInfo, type RelatedOptions } from '../fields';
import { problemText, t, term } from '../i18n';
import type { Page } from '../main';

/** Set by the server from the policy, the caller and the lines, or edited as lines below. */
const NOT_ENTERED = ['client', 'lines', 'claim', 'amount_claimed'];

interface LineBlock {
	element: HTMLFieldSetElement;
	controls: Map<string, Control>;
}

export async function renderClaimForm({ main, navigate }: Page) {
	const [claimFields, lineFields, policies, kinds] = await Promise.all([
		allowedFields('claims', 'create'),
		allowedFields('claim_lines', 'create'),
		// Only the policies intake accepts a claim on.
		directus.request(readItems('policies', { fields: ['id', 'policy_number', 'status'], filter: { status: { _in: [...CLAIMABLE_POLICY_STATUSES] } }, sort: ['policy_number'], limit: -1 })) as Promise<
			{ id: number; policy_number: string; status: string }[]
		>,
		// The kinds the insurer offers now: the catalogue a business admin edits.
		directus.request(readItems('claim_line_kinds', { fields: ['code', 'name'], filter: { active: { _eq: true } }, sort: ['name'], limit: -1 })) as Promise<{ code: string; name: string }[]>,
	]);
	main.replaceChildren();
	append(main, [h('h1', {}, t('claimForm.title'))]);
	if (policies.length === 0 || claimFields.length === 0) return append(main, [h('p', {}, t('claimForm.noPolicy'))]);

	const related: RelatedOptions = { policy: policies.map((p) => ({ value: p.id, label: `${p.policy_number} · ${term(`status.${p.status}`) ?? p.status}` })) };
	const lineRelated: RelatedOptions = { kind: kinds.map((k) => ({ value: k.code, label: term(`choice.${k.code}`) ?? k.name })) };
	const controls = new Map<string, Control>();
	const entered = (fields: FieldInfo[]) => fields.filter((f) => f.type !== 'alias' && !NOT_ENTERED.includes(f.field));
	for (const f of entered(claimFields)) {
		const control = fieldControl(f, f.field, related);
		if (control) controls.set(f.field, control);
	}

	const lines: LineBlock[] = [];
	const linesList = h('div', { class: 'lines' });
	const renumber = () =>
		lines.forEach((line, i) => {
			line.element.querySelector('legend')!.textContent = t('claimForm.line', { n: i + 1 });
			line.element.querySelector('button.remove')?.setAttribute('aria-label', t('claimForm.removeLine', { n: i + 1 }));
		});
	const addLine = () => {
		const lineControls = new Map<string, Control>();
		for (const f of entered(lineFields)) {
			const control = fieldControl(f, `lines.${lines.length}.${f.field}`, lineRelated);
			if (control) lineControls.set(f.field, control);
		}
		const element = h('fieldset', { class: 'line' }, h('legend', {}), [...lineControls.values()].map((c) => c.element));
		const line: LineBlock = { element, controls: lineControls };
		element.append(
			h('button', {
				type: 'button',
				class: 'secondary remove',
				onclick: () => {
					if (lines.length === 1) return;
					lines.splice(lines.indexOf(line), 1);
					element.remove();
					renumber();
				},
			}, '✕'),
		);
		lines.push(line);
		linesList.append(element);
		renumber();
		return line;
	};
	addLine();

	const formError = h('div', { class: 'form-error', role: 'alert', tabindex: '-1', hidden: true });
	const submit = h('button', { type: 'submit' }, t('claimForm.submit'));

	const allControls = () => {
		const byKey = new Map<string, Control>(controls);
		lines.forEach((line, i) => line.controls.forEach((control, field) => byKey.set(`lines.${i}.${field}`, control)));
		return byKey;
	};

	/** Every problem of the submission at once, each next to its field, in the client's language. */
	const showProblems = (problems: Problem[]) => {
		const byKey = allControls();
		const unplaced: string[] = [];
		const placed = new Map<Control, string[]>();
		for (const problem of problems) {
			const control = problem.field ? (byKey.get(problem.field) ?? byKey.get(normaliseField(problem.field))) : undefined;
			if (control) placed.set(control, [...(placed.get(control) ?? []), problemText(problem)]);
			else unplaced.push(problemText(problem));
		}
		const first = [...byKey.values()].find((control) => placed.has(control));
		for (const [control, messages] of placed) control.setError([...new Set(messages)].join(' '));
		formError.replaceChildren(h('p', {}, t('common.fixErrors')));
		if (unplaced.length) formError.append(h('ul', {}, unplaced.map((m) => h('li', {}, m))));
		formError.hidden = false;
		(first ?? { focus: () => formError.focus() }).focus();
	};

	/**
	 * A picked receipt is uploaded to /files first and the line refers to it. Uploaded once per
	 * picked file, so correcting another field and sending again does not store it twice.
	 */
	const uploaded = new WeakMap<File, string>();
	const upload = async (file: File) => {
		if (!uploaded.has(file)) uploaded.set(file, await uploadFile(file));
		return uploaded.get(file)!;
	};
	const lineValues = async (line: LineBlock, index: number) => {
		const values: Record<string, unknown> = {};
		for (const [field, control] of line.controls) {
			const value = control.value();
			if (value instanceof File) values[field] = await upload(value).catch((error: unknown) => Promise.reject(onField(error, `lines.${index}.${field}`)));
			else if (value !== null && value !== undefined) values[field] = value;
		}
		return values;
	};

	const form = h(
		'form',
		{
			class: 'card',
			novalidate: true,
			onsubmit: async (event: Event) => {
				event.preventDefault();
				allControls().forEach((c) => c.setError(null));
				formError.hidden = true;
				submit.disabled = true;
				submit.textContent = t('claimForm.sending');
				try {
					const payload: Record<string, unknown> = {};
					for (const [field, control] of controls) {
						const value = control.value();
						if (value !== null && value !== undefined) payload[field] = value;
					}
					payload['lines'] = await Promise.all(lines.map(lineValues));
					const created = await directus.request(customEndpoint<{ id: number }>({ path: '/insurance/claims', method: 'POST', body: JSON.stringify(payload) }));
					navigate(`#/claims/${created.id}`);
				} catch (error) {
					showProblems(problemsOf(error));
				} finally {
					submit.disabled = false;
					submit.textContent = t('claimForm.submit');
				}
			},
		},
		formError,
		[...controls.values()].map((c) => c.element),
		h('h2', {}, t('claimForm.lines')),
		linesList,
		h('p', {}, h('button', { type: 'button', class: 'secondary', onclick: () => addLine().controls.values().next().value?.focus() }, t('claimForm.addLine'))),
		h('p', {}, submit),
	);
	append(main, [form]);
}
