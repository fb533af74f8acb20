// Fuzzing both OpenAPI documents from outside: the requests come from openapi-fuzzer-core,
// every answer is checked against our document with openapi-response-validator. Our document
// must describe exactly what the server does (no 5xx, no undocumented answer, no success for a
// request it refuses), as an administrator, as a client and without a token; Directus' own
// document for our collections' items must give no 5xx.
//
// Without a token nothing can be written, so that run uses the suite's Directus. The runs that
// write (valid requests do fire actions, file claims, add fields, delete items) get their own
// instance, so the other test files keep the data they rely on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, DEMO_PASSWORD, directusUrl } from '../helpers/clients';
import { fuzzRequests, runFuzz, spread, type FuzzReport, type OpenApiDocument } from '../helpers/fuzz';
import { scratchDatabase, startInstance, type Instance } from '../helpers/instance';

/** Bounds the run over Directus' document (about 60 requests a second here). */
const DIRECTUS_REQUESTS = 3000;

async function signIn(url: string, email: string, password: string) {
	const response = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
	expect(response.status).toBe(200);
	return ((await response.json()) as { data: { access_token: string } }).data.access_token;
}

async function documentAt(url: string, path: string, token?: string): Promise<OpenApiDocument> {
	const response = await fetch(`${url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
	expect(response.status).toBe(200);
	return (await response.json()) as OpenApiDocument;
}

const totals: Record<string, FuzzReport> = {};

/** The figures of a run, and the findings in full so a failure says what to fix. */
function record(label: string, report: FuzzReport) {
	totals[label] = report;
	const findings = [...report.serverErrors.map((f) => ({ kind: '5xx', ...f })), ...report.mismatches.map((f) => ({ kind: 'mismatch', ...f }))];
	console.log(`fuzz ${label}: ${report.sent} requests, ${report.serverErrors.length} server errors, ${report.mismatches.length} mismatches; statuses ${JSON.stringify(report.statuses)}, ${report.retried} retried after a 503`);
	for (const finding of findings.slice(0, 40)) console.log(`  ${finding.kind} ${finding.status} ${finding.request}\n    ${finding.problem}`);
}

const ours = (path: string) => path.startsWith('/insurance/');

describe('fuzzing GET /insurance/openapi.json', () => {
	it('without a token: no server error, every answer as documented', async () => {
		const document = await documentAt(directusUrl(), '/insurance/openapi.json');
		const report = await runFuzz(directusUrl(), document, fuzzRequests(document, ours));
		record('insurance document, no token', report);
		expect(report.sent).toBeGreaterThan(100);
		expect(report.serverErrors).toEqual([]);
		expect(report.mismatches).toEqual([]);
	});

	describe('on an instance of its own', () => {
		let database: Awaited<ReturnType<typeof scratchDatabase>>;
		let instance: Instance;
		let admin: string;

		beforeAll(async () => {
			database = await scratchDatabase('fuzz');
			instance = await startInstance(database.env);
			admin = await signIn(instance.url, ADMIN.email, ADMIN.password);
		}, 300_000);

		afterAll(async () => {
			await instance?.stop();
			await database?.drop();
		});

		it('as a client: no server error, every answer as documented', async () => {
			const client = await signIn(instance.url, 'client@example.com', DEMO_PASSWORD);
			const document = await documentAt(instance.url, '/insurance/openapi.json');
			const report = await runFuzz(instance.url, document, fuzzRequests(document, ours), { token: client });
			record('insurance document, client', report);
			expect(report.serverErrors).toEqual([]);
			expect(report.mismatches).toEqual([]);
		}, 300_000);

		it('as an administrator: no server error, every answer as documented', async () => {
			const document = await documentAt(instance.url, '/insurance/openapi.json');
			const report = await runFuzz(instance.url, document, fuzzRequests(document, ours), { token: admin });
			record('insurance document, administrator', report);
			expect(report.serverErrors).toEqual([]);
			expect(report.mismatches).toEqual([]);
		}, 300_000);

		it("Directus' document, our collections' items, as an administrator: no server error", async () => {
			const document = await documentAt(instance.url, '/server/specs/oas', admin);
			const items = fuzzRequests(document, (path) => path.startsWith('/items/'));
			// Deletions last, so they do not empty the collections the other requests work on.
			const ordered = [...items.filter((spec) => spec.request.method !== 'delete'), ...items.filter((spec) => spec.request.method === 'delete')];
			const report = await runFuzz(instance.url, document, spread(ordered, DIRECTUS_REQUESTS), { token: admin, compare: false });
			record(`Directus document /items (${items.length} generated)`, report);
			expect(report.serverErrors).toEqual([]);
		}, 600_000);
	});

	afterAll(() => {
		const all = Object.values(totals);
		const sum = (reports: FuzzReport[], pick: (report: FuzzReport) => number) => reports.reduce((total, report) => total + pick(report), 0);
		const insurance = Object.entries(totals).flatMap(([label, report]) => (label.startsWith('insurance') ? [report] : []));
		console.log(
			`fuzz totals: ${sum(all, (r) => r.sent)} requests sent, ${sum(all, (r) => r.serverErrors.length)} server errors, ${sum(insurance, (r) => r.mismatches.length)} mismatches with /insurance/openapi.json`,
		);
	});
});
