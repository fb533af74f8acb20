// Timing, percentiles and bounded HTTP load against a local Directus.

export const median = (values) => percentile(values, 50);

export function percentile(values, p) {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((x, y) => x - y);
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[rank];
}

export async function seconds(work) {
	const started = performance.now();
	const result = await work();
	return { seconds: (performance.now() - started) / 1000, result };
}

export function localOnly(url) {
	const { hostname } = new URL(url);
	if (hostname !== '127.0.0.1' && hostname !== 'localhost') throw new Error(`benchmark traffic goes to 127.0.0.1 only, not ${hostname}`);
	return url;
}

export function api(baseUrl, token) {
	localOnly(baseUrl);
	return async function request(method, path, body) {
		const started = performance.now();
		const response = await fetch(`${baseUrl}${path}`, {
			method,
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(120_000),
		}).catch((error) => {
			throw new Error(`${method} ${path}: ${error.message} (${error.cause?.code ?? error.cause?.message ?? 'no cause'})`);
		});
		const text = await response.text();
		return { status: response.status, ms: performance.now() - started, body: text ? safeJson(text) : null };
	};
}

const safeJson = (text) => {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
};

export async function login(baseUrl, email, password) {
	const response = await fetch(`${localOnly(baseUrl)}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
	if (!response.ok) throw new Error(`login ${email} on ${baseUrl}: ${response.status} ${await response.text()}`);
	return (await response.json()).data.access_token;
}

/**
 * `total` requests made by `concurrency` workers (each request built by `make(i)`), stopped early
 * at `deadlineMs`. Latencies of every request; errors are the non-2xx answers and failures.
 */
export async function load({ total, concurrency, make, deadlineMs = 600_000 }) {
	const latencies = [];
	const errors = [];
	let next = 0;
	const stopAt = performance.now() + deadlineMs;
	const started = performance.now();
	const worker = async () => {
		while (next < total && performance.now() < stopAt) {
			const index = next++;
			try {
				const answer = await make(index);
				latencies.push(answer.ms);
				if (answer.status >= 300) errors.push(`${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
			} catch (error) {
				errors.push(String(error?.message ?? error));
			}
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	const wall = (performance.now() - started) / 1000;
	return { requests: latencies.length + errors.filter((e) => !/^\d{3} /.test(e)).length, wall, latencies, errors };
}

export const summarize = ({ requests, wall, latencies, errors }) => ({
	requests,
	p50_ms: round(percentile(latencies, 50)),
	p99_ms: round(percentile(latencies, 99)),
	throughput_per_s: round(requests / wall),
	errors: errors.length,
	first_error: errors[0],
});

export const round = (value, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);
