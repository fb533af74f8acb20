// HTTP helpers for the claims tests: POST to /insurance with a bearer token.
export interface ApiResult {
	status: number;
	body: { data?: any; errors?: { message: string; extensions: Record<string, unknown> }[] };
}

export async function post(url: string, path: string, body: unknown, token?: string): Promise<ApiResult> {
	const response = await fetch(`${url}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
		body: JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : {} };
}

export async function tokenFor(url: string, email: string, password = 'insurance-demo'): Promise<string> {
	const response = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
	const body = (await response.json()) as { data: { access_token: string } };
	return body.data.access_token;
}

/** Uploads a file as the given user; returns its id. */
export async function upload(url: string, token: string, name: string, type: string, bytes: Uint8Array): Promise<string> {
	const form = new FormData();
	form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
	const response = await fetch(`${url}/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
	const body = (await response.json()) as { data: { id: string } };
	if (!response.ok) throw new Error(`upload failed: ${JSON.stringify(body)}`);
	return body.data.id;
}
