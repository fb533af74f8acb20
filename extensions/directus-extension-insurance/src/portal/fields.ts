// Forms and read-only views generated from Directus field metadata (GET /fields/<collection>)
// and the signed-in user's permissions (GET /permissions/me): a field a business admin adds
// and grants to the Client role shows up here without code.
import { readFieldsByCollection, readUserPermissions } from '@directus/sdk';
import { directus } from './api';
import { h, nextId, type Child } from './dom';
import { formatDate, formatDateTime, formatMoney, language, t, term } from './i18n';

export interface FieldInfo {
	field: string;
	type: string;
	meta: {
		interface?: string | null;
		options?: { choices?: { text: string; value: string | number }[] | null } | null;
		note?: string | null;
		required?: boolean | null;
		hidden?: boolean | null;
		readonly?: boolean | null;
		sort?: number | null;
		special?: string[] | null;
		translations?: { language: string; translation: string }[] | null;
	} | null;
	schema?: { foreign_key_table?: string | null; is_nullable?: boolean } | null;
}

type Action = 'create' | 'read';
type Access = Record<string, Partial<Record<Action, { access: string; fields?: string[] }>>>;

let permissions: Promise<Access> | null = null;
const fieldCache = new Map<string, Promise<FieldInfo[]>>();

export function resetMetadata() {
	permissions = null;
	fieldCache.clear();
}

const sortKey = (f: FieldInfo) => f.meta?.sort ?? 1000;

/** The fields of `collection` the user may use for `action`, in the order the admin set. */
export async function allowedFields(collection: string, action: Action): Promise<FieldInfo[]> {
	permissions ??= directus.request(readUserPermissions()) as unknown as Promise<Access>;
	if (!fieldCache.has(collection)) fieldCache.set(collection, directus.request(readFieldsByCollection(collection)) as unknown as Promise<FieldInfo[]>);
	const [access, fields] = await Promise.all([permissions, fieldCache.get(collection)!]);
	const granted = access[collection]?.[action];
	if (!granted || granted.access === 'none') return [];
	const names = granted.fields ?? [];
	const allowed = names.includes('*') ? fields : fields.filter((f) => names.includes(f.field));
	return [...allowed].sort((a, b) => sortKey(a) - sortKey(b));
}

/**
 * The fields of a read view and the query that fetches them: a many-to-one is expanded when
 * the client may read the related collection, and left out when it may not.
 */
export async function readView(collection: string, omit: string[] = []) {
	const fields = (await allowedFields(collection, 'read')).filter((f) => isDisplayable(f) && !omit.includes(f.field));
	const access = await permissions!;
	const shown = fields.filter((f) => {
		const related = f.schema?.foreign_key_table;
		return !related || related === 'directus_files' || (access[related]?.read?.access ?? 'none') !== 'none';
	});
	return { fields: shown, query: shown.map((f) => (f.schema?.foreign_key_table && f.schema.foreign_key_table !== 'directus_files' ? `${f.field}.*` : f.field)) };
}

/** Fields worth showing to a client: visible, not technical, not a one-to-many list. */
export const isDisplayable = (f: FieldInfo) =>
	f.type !== 'alias' && !f.meta?.hidden && f.field !== 'id' && !(f.meta?.special ?? []).some((s) => ['user-created', 'user-updated', 'date-updated'].includes(s));

export function fieldLabel(f: FieldInfo | string): string {
	const name = typeof f === 'string' ? f : f.field;
	const translations = typeof f === 'string' ? null : f.meta?.translations;
	const own = translations?.find((tr) => tr.language.toLowerCase().startsWith(language()));
	if (own) return own.translation;
	const shipped = term(`field.${name}`);
	if (shipped) return shipped;
	const english = translations?.find((tr) => tr.language.startsWith('en'));
	return english?.translation ?? name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

const choiceLabel = (value: unknown, f?: FieldInfo) =>
	term(`choice.${value}`) ?? f?.meta?.options?.choices?.find((c) => c.value === value)?.text ?? String(value);

export const statusBadge = (status: string) => h('span', { class: `badge badge-${status}` }, term(`status.${status}`) ?? status);

/** A value as a client reads it: dates, money, choices and related records made readable. */
export function displayValue(f: FieldInfo, value: unknown, currency?: string): Child {
	if (value === null || value === undefined || value === '') return '—';
	if (f.field === 'status') return statusBadge(String(value));
	if (typeof value === 'object') {
		const related = value as Record<string, unknown>;
		return String(related['policy_number'] ?? related['claim_number'] ?? related['name'] ?? related['title'] ?? related['id'] ?? '');
	}
	switch (f.type) {
		case 'date':
			return formatDate(value);
		case 'timestamp':
		case 'dateTime':
			return formatDateTime(value);
		case 'boolean':
			return value ? t('common.yes') : t('common.no');
		case 'decimal':
		case 'float':
			return /amount|total|premium|limit/.test(f.field) ? formatMoney(value, currency) : Number(value).toLocaleString();
	}
	if (f.meta?.options?.choices) return choiceLabel(value, f);
	return String(value);
}

/** A definition list of every displayable field of a record. */
export function detailList(fields: FieldInfo[], record: Record<string, unknown>, currency?: string) {
	return h(
		'dl',
		{ class: 'details' },
		fields.filter(isDisplayable).map((f) => h('div', { class: 'detail' }, h('dt', {}, fieldLabel(f)), h('dd', { 'data-field': f.field }, displayValue(f, record[f.field], currency)))),
	);
}

export interface Control {
	element: HTMLElement;
	/** The value to send, or undefined to leave the field out. */
	value(): unknown;
	/** Shows (or with null clears) the server's message under the input. */
	setError(message: string | null): void;
	focus(): void;
}

/** Options of a many-to-one select the caller knows how to fill (e.g. the client's policies). */
export type RelatedOptions = Record<string, { value: string | number; label: string }[]>;

/** An input for one field, labelled, with its note as a hint and room for the server's message. */
export function fieldControl(f: FieldInfo, key: string, related: RelatedOptions = {}): Control | null {
	const id = nextId(key.replace(/\W/g, '-'));
	const hintId = `${id}-hint`;
	const errorId = `${id}-error`;
	const choices = related[f.field] ?? f.meta?.options?.choices?.map((c) => ({ value: c.value, label: choiceLabel(c.value, f) }));
	const common = { id, name: key, 'aria-describedby': `${f.meta?.note ? hintId : ''} ${errorId}`.trim(), 'aria-required': f.meta?.required ? 'true' : undefined };

	let input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
	let read: () => unknown;
	if (choices) {
		input = h('select', common, h('option', { value: '' }, t('common.choose')), choices.map((c) => h('option', { value: String(c.value) }, c.label)));
		read = () => {
			const raw = (input as HTMLSelectElement).value;
			if (raw === '') return null;
			return typeof choices[0]?.value === 'number' ? Number(raw) : raw;
		};
	} else if (f.schema?.foreign_key_table === 'directus_files' || f.meta?.interface === 'file' || f.meta?.interface === 'file-image') {
		input = h('input', { ...common, type: 'file', accept: 'image/*,application/pdf' });
		read = () => (input as HTMLInputElement).files?.[0];
	} else if (f.schema?.foreign_key_table) {
		return null;
	} else if (f.type === 'boolean') {
		input = h('input', { ...common, type: 'checkbox' });
		read = () => (input as HTMLInputElement).checked;
	} else if (f.type === 'text') {
		input = h('textarea', { ...common, rows: 3 });
		read = () => emptyToNull(input.value);
	} else {
		const type = ['integer', 'bigInteger', 'decimal', 'float'].includes(f.type)
			? 'number'
			: f.type === 'date'
				? 'date'
				: f.type === 'timestamp' || f.type === 'dateTime'
					? 'datetime-local'
					: 'text';
		input = h('input', { ...common, type, step: type === 'number' ? (f.type === 'integer' || f.type === 'bigInteger' ? '1' : '0.01') : undefined, inputmode: type === 'number' ? 'decimal' : undefined });
		read = () => {
			const raw = input.value.trim();
			if (raw === '') return null;
			if (type === 'number' && Number.isFinite(Number(raw))) return Number(raw);
			return raw;
		};
	}
	const error = h('p', { id: errorId, class: 'field-error', hidden: true, role: 'alert' });
	const label = h('label', { for: id }, fieldLabel(f), f.meta?.required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null);
	const element = h(
		'div',
		{ class: `field field-${f.type}`, 'data-field': key },
		f.type === 'boolean' ? [input, label] : [label, input],
		f.meta?.note ? h('p', { id: hintId, class: 'hint' }, term(`note.${f.field}`) ?? f.meta.note) : null,
		error,
	);
	return {
		element,
		value: read,
		setError(message) {
			error.textContent = message ?? '';
			error.hidden = !message;
			input.setAttribute('aria-invalid', message ? 'true' : 'false');
		},
		focus: () => input.focus(),
	};
}

const emptyToNull = (value: string) => (value.trim() === '' ? null : value);
