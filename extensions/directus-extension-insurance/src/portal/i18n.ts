// English and French; another language is one more dictionary with the same keys.
import type { Problem } from './api';
import { en } from './locales/en';
import { fr } from './locales/fr';

export type MessageKey = keyof typeof en;
export const LANGUAGES = { en: 'English', fr: 'Français' } as const;
export type Language = keyof typeof LANGUAGES;
const dictionaries: Record<Language, Record<string, string>> = { en, fr };
const STORAGE_KEY = 'insurance-portal-language';

function initialLanguage(): Language {
	const stored = localStorage.getItem(STORAGE_KEY);
	if (stored && stored in LANGUAGES) return stored as Language;
	return navigator.language.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

let current: Language = initialLanguage();

export const language = () => current;
export const locale = () => (current === 'fr' ? 'fr-FR' : 'en-GB');

export function setLanguage(next: Language) {
	current = next;
	localStorage.setItem(STORAGE_KEY, next);
	document.documentElement.lang = next;
}

/** The message for `key` with {name} placeholders filled; unknown keys fall back to English. */
export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
	const text = dictionaries[current][key] ?? en[key];
	return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** A translated term such as a status or a field name, or undefined when none is shipped. */
export function term(key: string): string | undefined {
	return dictionaries[current][key] ?? en[key as MessageKey];
}

/**
 * A problem the server reported, in the client's language: the words shipped for its field and
 * rule, for its field, for its rule or for its code; else the server's own sentence (say, for a
 * rule of a field a business admin added).
 */
export function problemText(problem: Problem): string {
	const field = problem.field?.split('.').filter((part) => !/^\d+$/.test(part)).pop();
	const keys = [field && problem.rule ? `problem.${field}.${problem.rule}` : null, field ? `problem.${field}` : null, problem.rule ? `problem.${problem.rule}` : null, problem.code ? `problem.${problem.code}` : null];
	for (const key of keys) {
		const text = key ? term(key) : undefined;
		if (text) return text;
	}
	return problem.message;
}

export const formatDate = (value: unknown) => (value ? new Date(String(value).length === 10 ? `${value}T00:00:00` : String(value)).toLocaleDateString(locale(), { dateStyle: 'medium' }) : '—');
export const formatDateTime = (value: unknown) => (value ? new Date(String(value)).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' }) : '—');
export function formatMoney(value: unknown, currency = 'EUR') {
	if (value === null || value === undefined || value === '') return '—';
	return new Intl.NumberFormat(locale(), { style: 'currency', currency }).format(Number(value));
}
