import { directus } from '../api';
import { append, h } from '../dom';
import { t } from '../i18n';
import type { Page } from '../main';

export async function renderSignIn({ main }: Page, onSignedIn: () => void) {
	const email = h('input', { id: 'signin-email', name: 'email', type: 'email', autocomplete: 'username', required: true });
	const password = h('input', { id: 'signin-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
	const failure = h('p', { class: 'form-error', role: 'alert', hidden: true });
	const submit = h('button', { type: 'submit' }, t('signin.submit'));
	const form = h(
		'form',
		{
			class: 'card narrow',
			onsubmit: async (event: Event) => {
				event.preventDefault();
				submit.disabled = true;
				failure.hidden = true;
				try {
					await directus.login({ email: email.value.trim(), password: password.value });
					onSignedIn();
				} catch {
					failure.textContent = t('signin.failed');
					failure.hidden = false;
					password.focus();
				} finally {
					submit.disabled = false;
				}
			},
		},
		h('div', { class: 'field' }, h('label', { for: email.id }, t('signin.email')), email),
		h('div', { class: 'field' }, h('label', { for: password.id }, t('signin.password')), password),
		failure,
		submit,
	);
	main.replaceChildren();
	append(main, [h('h1', {}, t('signin.title')), form]);
	email.focus();
}
