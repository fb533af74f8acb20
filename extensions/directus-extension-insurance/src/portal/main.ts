// The client portal: a hash-routed single page app on Directus' REST API and websocket.
import './styles.css';
import { readMe } from '@directus/sdk';
import { directus } from './api';
import { append, h, type Child } from './dom';
import { resetMetadata } from './fields';
import { LANGUAGES, language, setLanguage, t, type Language } from './i18n';
import { renderClaim } from './pages/claim';
import { renderClaimForm } from './pages/claim-form';
import { renderClaims } from './pages/claims';
import { renderPolicies } from './pages/policies';
import { renderPolicy } from './pages/policy';
import { renderSignIn } from './pages/sign-in';

/** What a page gets: where to draw, and a way to stop its live updates when it is left. */
export interface Page {
	main: HTMLElement;
	onLeave(cleanup: () => void): void;
	navigate(hash: string): void;
}

const routes: [RegExp, (page: Page, ...params: string[]) => Promise<void>][] = [
	[/^#\/policies$/, renderPolicies],
	[/^#\/policies\/(\d+)$/, renderPolicy],
	[/^#\/claims$/, renderClaims],
	[/^#\/claims\/new$/, renderClaimForm],
	[/^#\/claims\/(\d+)$/, renderClaim],
];

let cleanups: (() => void)[] = [];
let signedIn = false;

async function isSignedIn() {
	if (signedIn) return true;
	try {
		if (!(await directus.getToken())) return false;
		await directus.request(readMe({ fields: ['id'] }));
		signedIn = true;
	} catch {
		signedIn = false;
	}
	return signedIn;
}

function navigate(hash: string) {
	if (location.hash === hash) void render();
	else location.hash = hash;
}

async function signOut() {
	try {
		await directus.logout();
	} catch {
		// the session may already be gone; the tokens are dropped either way
	}
	await directus.setToken(null);
	directus.disconnect();
	signedIn = false;
	resetMetadata();
	navigate('#/signin');
}

function header(authenticated: boolean): Child {
	const languageId = 'portal-language';
	const current = location.hash;
	const link = (hash: string, label: string) => h('a', { href: hash, 'aria-current': current === hash ? 'page' : undefined }, label);
	return h(
		'header',
		{ class: 'top' },
		h('a', { class: 'skip', href: '#content', onclick: (e: Event) => (e.preventDefault(), document.getElementById('content')?.focus()) }, t('app.skip')),
		h('p', { class: 'brand' }, t('app.title')),
		authenticated
			? h(
					'nav',
					{ 'aria-label': t('nav.label') },
					h('ul', {}, h('li', {}, link('#/policies', t('nav.policies'))), h('li', {}, link('#/claims', t('nav.claims'))), h('li', {}, link('#/claims/new', t('nav.newClaim')))),
				)
			: null,
		h(
			'div',
			{ class: 'tools' },
			h('label', { for: languageId }, t('app.language')),
			h(
				'select',
				{ id: languageId, onchange: (e: Event) => (setLanguage((e.target as HTMLSelectElement).value as Language), void render()) },
				Object.entries(LANGUAGES).map(([code, name]) => h('option', { value: code, selected: code === language() }, name)),
			),
			authenticated ? h('button', { type: 'button', class: 'secondary', onclick: () => void signOut() }, t('nav.signOut')) : null,
		),
	);
}

async function render() {
	for (const cleanup of cleanups.splice(0)) cleanup();
	const root = document.getElementById('app')!;
	const authenticated = await isSignedIn();
	const hash = location.hash || '#/policies';
	if (!authenticated && hash !== '#/signin') return navigate('#/signin');
	if (authenticated && hash === '#/signin') return navigate('#/policies');

	const main = h('main', { id: 'content', tabindex: '-1' });
	root.replaceChildren();
	append(root, [header(authenticated), main]);
	const page: Page = { main, onLeave: (cleanup) => cleanups.push(cleanup), navigate };

	if (!authenticated) {
		return renderSignIn(page, () => {
			signedIn = true;
			navigate('#/policies');
		});
	}
	const match = routes.map(([pattern, handler]) => [pattern.exec(hash), handler] as const).find(([m]) => m);
	if (!match) {
		append(main, [h('h1', {}, t('common.notFound'))]);
		return;
	}
	const [params, handler] = match;
	main.setAttribute('aria-busy', 'true');
	append(main, [h('p', { class: 'loading' }, t('common.loading'))]);
	try {
		await handler(page, ...params!.slice(1));
	} catch (error) {
		main.replaceChildren(h('h1', {}, t('common.notFound')), h('p', { role: 'alert' }, t('common.error', { message: (error as { errors?: { message: string }[] })?.errors?.[0]?.message ?? String(error) })));
	} finally {
		main.removeAttribute('aria-busy');
		main.querySelector('h1')?.setAttribute('tabindex', '-1');
		if (document.activeElement === document.body || !main.contains(document.activeElement)) (main.querySelector('h1') as HTMLElement | null)?.focus();
	}
}

document.documentElement.lang = language();
window.addEventListener('hashchange', () => void render());
void render();
