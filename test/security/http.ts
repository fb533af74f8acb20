// Plain HTTP as each demo login, for the permission tests: status and body, never a throw.
import { directusUrl } from '../helpers/clients';

export interface Answer {
	status: number;
	data?: unknown;
	errors?: { message: string; extensions?: { code?: string } }[];
}

export async function login(email: string, password: string): Promise<string> {
	const response = await fetch(`${directusUrl()}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
	if (!response.ok) throw new Error(`login ${email}: ${response.status}`);
	return ((await response.json()) as { data: { access_token: string } }).data.access_token;
}

/** `url`: another instance of the same installation (its tokens are signed with the same secret). */
export async function call(token: string, method: string, path: string, body?: unknown, url = directusUrl()): Promise<Answer> {
	const response = await fetch(`${url}${path}`, {
		method,
		headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	try {
		return { status: response.status, ...JSON.parse(text) };
	} catch {
		return { status: response.status }; // not JSON: a file download or an empty 204
	}
}

/** Uploads a small file through POST /files: a text receipt unless told otherwise. */
export async function upload(token: string, name: string, file: { type: string; content: string } = { type: 'text/plain', content: `receipt ${name}` }): Promise<string> {
	const form = new FormData();
	form.append('file', new Blob([file.content], { type: file.type }), name);
	const response = await fetch(`${directusUrl()}/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
	const json = (await response.json()) as { data?: { id: string } };
	if (!response.ok) throw new Error(`upload ${name}: ${response.status} ${JSON.stringify(json)}`);
	return json.data!.id;
}

