// @directus/sdk clients for the demo logins of the seed.
import { authentication, createDirectus, graphql, rest, staticToken } from '@directus/sdk';
import { inject } from 'vitest';

export const DEMO_PASSWORD = 'insurance-demo';
export const ADMIN = { email: 'admin@example.com', password: 'insurance-admin' };
export const DEMO_LOGINS = {
	'Business Admin': 'business.admin@example.com',
	'Claims Department': 'claims@example.com',
	'Call Center': 'callcenter@example.com',
	Manager: 'manager@example.com',
	Administration: 'administration@example.com',
	Client: 'client@example.com',
	Integrator: 'integrator@example.com',
} as const;

export const directusUrl = () => inject('directusUrl');

export async function loginAs(email: string, password = DEMO_PASSWORD, url = directusUrl()) {
	const client = createDirectus(url).with(authentication('json')).with(rest()).with(graphql());
	await client.login({ email, password });
	return client;
}

export const asAdmin = (url = directusUrl()) => loginAs(ADMIN.email, ADMIN.password, url);

export const withToken = (token: string, url = directusUrl()) => createDirectus(url).with(staticToken(token)).with(rest()).with(graphql());
