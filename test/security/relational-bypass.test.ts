// Every relational payload form, on every writing path, as a client and as the integrator,
// aimed at another client's rows (outside the portfolio, for the integrator): each one is
// refused with a 4xx and nothing is written, read back as the administrator. The forms are
// generated from the schema's relations (relational-forms.ts); the figures are printed for
// the record. The legitimate forms keep working.
import { beforeAll, describe, expect, it } from 'vitest';
import { upload as uploadFile } from '../claims/api';
import { ADMIN, DEMO_PASSWORD, directusUrl } from '../helpers/clients';
import { dbDate, insertPolicy, testDatabase } from '../helpers/fixtures';
import { call, login, upload, type Answer } from './http';
import { expectedAccess, type Collection, type Role } from './matrix';
import { attempts, hostilePayloads, newLine, type Attempt, type Relation, type Sides } from './relational-forms';

/** Receipts are PDFs or pictures; the content does not matter here. */
const PDF = { type: 'application/pdf', content: '%PDF-1.4 receipt' };

const INTEGRATOR_TOKEN = 'demo-integrator-token';
const idOf = (row: unknown) => Number(typeof row === 'object' && row ? (row as { id: number }).id : row);

interface Holder {
	client: number;
	policy: number;
	installment: number;
	claim: number;
	line: number;
	message: number;
	file: string;
}

let admin: string;
let clientA: string;
let relations: Relation[];
const holders = {} as Record<'A' | 'B' | 'Acme', Holder>;
let integratorFile: string;

/** A client's policy, installment, Draft claim with a line (and its receipt) and a message. */
async function holderRows(email: string, login: string): Promise<Holder> {
	const db = testDatabase();
	const token = await loginOf(login);
	const client = (await db('clients').where('email', email).first('id')).id as number;
	const policy = await insertPolicy({ client });
	const [installment] = await db('installments').insert({ policy, sequence: 1, due_date: dbDate('2027-01-01'), amount: 100, paid_amount: 0, status: 'OnTime' }).returning('id');
	const [claim] = await db('claims').insert({ policy, client, status: 'Draft', channel: 'portal', total_claimed: 10 }).returning('id');
	const file = await upload(token, `${email}-receipt.pdf`, PDF);
	const [line] = await db('claim_lines')
		.insert({ claim: idOf(claim), kind: 'medication', description: `${email} medication`, service_date: dbDate('2026-03-01'), quantity: 1, unit_amount: 10, amount_claimed: 10, receipt: file })
		.returning('id');
	const [message] = await db('claim_messages').insert({ claim: idOf(claim), kind: 'note', body: `${email} message` }).returning('id');
	return { client, policy, installment: idOf(installment), claim: idOf(claim), line: idOf(line), message: idOf(message), file };
}

const tokens = new Map<string, string>();
async function loginOf(email: string) {
	if (!tokens.has(email)) tokens.set(email, await login(email, DEMO_PASSWORD));
	return tokens.get(email)!;
}

const ownSide = (h: Holder): Sides['own'] => ({ clients: h.client, policies: h.policy, installments: h.installment, claims: h.claim, claim_lines: h.line, claim_messages: h.message, directus_files: h.file });
const foreignSide = (h: Holder, files: string[]): Sides['foreign'] => ({
	clients: [h.client],
	policies: [h.policy],
	installments: [h.installment],
	claims: [h.claim],
	claim_lines: [h.line],
	claim_messages: [h.message],
	directus_files: files,
});

beforeAll(async () => {
	admin = await login(ADMIN.email, ADMIN.password);
	clientA = await loginOf('client@example.com');
	holders.A = await holderRows('client@example.com', 'client@example.com');
	holders.B = await holderRows('client.b@example.com', 'client.b@example.com');
	holders.Acme = await holderRows('hr@acme.example', 'enterprise@example.com');
	integratorFile = await upload(INTEGRATOR_TOKEN, 'integrator-receipt.pdf', PDF);
	relations = (await call(admin, 'GET', '/relations')).data as Relation[];
});

/** What the administrator sees of every row an attempt could touch, and how many there are. */
async function fingerprint(): Promise<string> {
	const all = Object.values(holders);
	const claims = all.map((h) => h.claim).join(',');
	const query = `{
		claims_aggregated { count { id } } claim_lines_aggregated { count { id } } claim_messages_aggregated { count { id } }
		claims(filter: { id: { _in: [${claims}] } }, sort: ["id"]) { id status total_claimed policy { id } client { id }
			lines(sort: ["id"]) { id description receipt { id } } messages(sort: ["id"]) { id body } }
		policies(filter: { id: { _in: [${all.map((h) => h.policy).join(',')}] } }, sort: ["id"]) { id status_reason client { id } installments(sort: ["id"]) { id amount } }
		clients(filter: { id: { _in: [${all.map((h) => h.client).join(',')}] } }, sort: ["id"]) { id name }
	}`;
	const files = `{ files_aggregated { count { id } } files(filter: { id: { _in: ${JSON.stringify([...all.map((h) => h.file), integratorFile])} } }, sort: ["id"]) { id title uploaded_by { id } } }`;
	const [items, system] = await Promise.all([settled(() => call(admin, 'POST', '/graphql', { query })), settled(() => call(admin, 'POST', '/graphql/system', { query: files }))]);
	if (items.errors || system.errors) throw new Error(`admin fingerprint: ${JSON.stringify(items.errors ?? system.errors)}`);
	return JSON.stringify([items.data, system.data]);
}

/** An answer, once Directus is not shedding load: a 503 "under pressure" wrote nothing and decided nothing. */
async function settled(request: () => Promise<Answer>): Promise<Answer> {
	for (let wait = 500; ; wait = Math.min(wait * 2, 8000)) {
		const answer = await request();
		if (answer.status !== 503 && !(answer.errors ?? []).some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) return answer;
		await new Promise((r) => setTimeout(r, wait));
	}
}

async function send(token: string, attempt: Attempt): Promise<Answer> {
	if (attempt.graphql) return call(token, 'POST', '/graphql', { query: attempt.graphql });
	if (attempt.importFile) {
		const form = new FormData();
		form.append('file', new Blob([JSON.stringify(attempt.importFile)], { type: 'application/json' }), 'import.json');
		// An import that does not answer holds its transaction (and SQLite's one connection): a failure of its own.
		const response = await fetch(`${directusUrl()}${attempt.url}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form, signal: AbortSignal.timeout(60_000) }).catch(() => undefined);
		if (!response) return { status: 504, errors: [{ message: 'the import did not answer within a minute' }] };
		const text = await response.text();
		return { status: response.status, ...(text ? JSON.parse(text) : {}) };
	}
	return call(token, attempt.method, attempt.url, attempt.body);
}

/** Refused: a 4xx, or GraphQL errors with no item returned. */
function refused(attempt: Attempt, answer: Answer): boolean {
	if (attempt.graphql) {
		const data = (answer.data ?? {}) as Record<string, unknown>;
		return (answer.errors?.length ?? 0) > 0 && Object.values(data).every((value) => value === null) && answer.status < 500;
	}
	return answer.status >= 400 && answer.status < 500;
}

const serverError = (answer: Answer) => answer.status >= 500 || (answer.errors ?? []).some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');

/** The collections a role may create or update rows of, per the permission matrix. */
const writableBy = (role: Role, collections: Collection[]) => collections.filter((c) => expectedAccess(role, c, 'create') !== 'none' || expectedAccess(role, c, 'update') !== 'none');
const CANDIDATES: Collection[] = ['clients', 'policies', 'installments', 'master_policies', 'payments', 'policy_change_requests', 'claims', 'claim_lines', 'claim_messages', 'directus_files'];
// Files have no link to insurance rows of their own (folder, uploader are Directus' users
// and folders); a file reaches a claim through claim_lines.receipt, generated from there.
const WITHOUT_INSURANCE_LINKS = ['directus_files'];

describe.each([
	{ role: 'Client' as Role, writer: 'client@example.com', own: 'A' as const, foreign: 'B' as const, otherFiles: () => [holders.B.file, holders.Acme.file] },
	{ role: 'Integrator' as Role, writer: INTEGRATOR_TOKEN, own: 'A' as const, foreign: 'Acme' as const, otherFiles: () => [holders.Acme.file, holders.B.file] },
])('as $role, aimed at $foreign', ({ role, writer, own, foreign, otherFiles }) => {
	it('every relational payload form on every path is refused, and nothing is written', { timeout: 1_800_000 }, async () => {
		const token = writer.includes('@') ? await loginOf(writer) : writer;
		// What the client or the integrator may write, tried by both: a refusal by permission counts too.
		const writable = [...new Set((['Client', 'Integrator'] as Role[]).flatMap((r) => writableBy(r, CANDIDATES)))].filter((c) => !WITHOUT_INSURANCE_LINKS.includes(c)).sort();
		expect(writable).toEqual(['claim_lines', 'claim_messages', 'claims']);
		const importable = writable.filter((c) => expectedAccess(role, c as Collection, 'create') !== 'none' && expectedAccess(role, c as Collection, 'update') !== 'none');
		const sides: Sides = { own: ownSide(holders[own]), foreign: foreignSide(holders[foreign], otherFiles()) };
		const payloads = hostilePayloads(relations, writable, sides);

		const bypasses: string[] = [];
		const serverErrors: string[] = [];
		let tried = 0;
		for (const payload of payloads) {
			const before = await fingerprint();
			const answers: string[] = [];
			for (const attempt of attempts(payload, sides.own, importable)) {
				const answer = await settled(() => send(token, attempt));
				tried += 1;
				answers.push(`${attempt.path} → ${answer.status}`);
				const what = `${payload.collection} ${payload.label} via ${attempt.path}: ${answer.status} ${JSON.stringify(answer.errors?.[0]?.message ?? answer.data ?? null).slice(0, 160)}`;
				if (serverError(answer)) serverErrors.push(what);
				if (!refused(attempt, answer)) bypasses.push(what);
			}
			if ((await fingerprint()) !== before) bypasses.push(`${payload.collection} ${payload.label}: rows changed (${answers.join(', ')})`);
		}
		console.log(`${role}: ${tried} writes tried (${payloads.length} payloads × paths), ${bypasses.length} got through, ${serverErrors.length} server errors`);
		expect(bypasses).toEqual([]);
		expect(serverErrors).toEqual([]);
		expect(tried).toBeGreaterThan(500);
	});

	it('the foreign receipts stay out of reach afterwards', async () => {
		const token = writer.includes('@') ? await loginOf(writer) : writer;
		expect((await call(token, 'GET', `/assets/${holders.Acme.file}`)).status).toBe(403);
		if (role === 'Client') expect((await call(token, 'GET', `/assets/${holders.B.file}`)).status).toBe(403);
	});
});

describe('the legitimate forms keep working', () => {
	it('a client writes a message on its own claim with {id}, as text and through GraphQL', async () => {
		for (const claim of [{ id: holders.A.claim }, String(holders.A.claim)]) {
			const answer = await call(clientA, 'POST', '/items/claim_messages', { claim, body: 'Here is the prescription' });
			expect(answer.status, JSON.stringify(answer)).toBe(200);
		}
		// The GraphQL schema Directus builds for a client takes the claim as its key.
		const gql = await call(clientA, 'POST', '/graphql', { query: `mutation { create_claim_messages_item(data: { claim: ${holders.A.claim}, body: "and the invoice" }) { id claim { id } } }` });
		expect(gql.errors, JSON.stringify(gql.errors)).toBeUndefined();
	});

	it('a client files a claim on its own policy with {id} forms and its own receipt; the claim is held by the policy holder', async () => {
		const file = await upload(clientA, 'own-receipt.pdf', PDF);
		const answer = await call(clientA, 'POST', '/items/claims', { policy: { id: holders.A.policy }, client: { id: holders.A.client }, lines: [{ ...newLine(), receipt: { id: file } }] });
		expect(answer.status, JSON.stringify(answer)).toBe(200);
		const claim = await testDatabase()('claims').where('id', idOf(answer.data)).first('client');
		expect(Number(claim.client)).toBe(holders.A.client);
		const line = await call(clientA, 'POST', '/items/claim_lines', { claim: idOf(answer.data), ...newLine(), receipt: holders.A.file });
		expect(line.status, `a receipt already on one of its own claims: ${JSON.stringify(line)}`).toBe(200);
	});

	it('the integrator files a claim for a served client with its own upload; the claim is the policy holder’s', async () => {
		const answer = await call(INTEGRATOR_TOKEN, 'POST', '/items/claims', { policy: { id: holders.A.policy }, lines: { create: [{ ...newLine(), receipt: integratorFile }] } });
		expect(answer.status, JSON.stringify(answer)).toBe(200);
		expect(Number((await testDatabase()('claims').where('id', idOf(answer.data)).first('client')).client)).toBe(holders.A.client);
	});

	it('a receipt must be the writer’s or the claim holder’s, even for staff: the refusal names "receipt"', async () => {
		const callCenter = await loginOf('callcenter@example.com');
		const refusedLine = await call(callCenter, 'POST', '/items/claim_lines', { claim: holders.A.claim, ...newLine(), receipt: { id: holders.B.file } });
		expect(refusedLine.status).toBe(403);
		expect(refusedLine.errors![0]!.message).toContain('"receipt"');
		const ownUpload = await upload(clientA, 'handed-to-the-call-center.pdf', PDF);
		expect((await call(callCenter, 'POST', '/items/claim_lines', { claim: holders.A.claim, ...newLine(), receipt: ownUpload })).status).toBe(200);
	});

	it('a receipt of one client never reaches another, even attached through the intake endpoint', async () => {
		const db = testDatabase();
		const pdf = await uploadFile(directusUrl(), await loginOf('client.b@example.com'), 'b-invoice.pdf', 'application/pdf', new TextEncoder().encode('%PDF-1.4 B'));
		await db('claim_lines').where('id', holders.B.line).update({ receipt: pdf });
		expect((await call(INTEGRATOR_TOKEN, 'GET', `/assets/${pdf}`)).status, 'the integrator serves B').toBe(200);
		await call(INTEGRATOR_TOKEN, 'POST', '/insurance/claims', { policy: holders.A.policy, lines: [{ ...newLine(), receipt: pdf }] });
		expect((await call(clientA, 'GET', `/assets/${pdf}`)).status).toBe(403);
		expect((await call(clientA, 'GET', `/files/${pdf}`)).status).toBe(403);
		await db('claim_lines').where('id', holders.B.line).update({ receipt: holders.B.file });
	});

	it('clients and the integrator cannot reach /utils/import at all: imports are for staff in the app', async () => {
		for (const token of [clientA, INTEGRATOR_TOKEN]) {
			for (const collection of ['claims', 'claim_lines', 'claim_messages']) {
				const form = new FormData();
				form.append('file', new Blob(['[]'], { type: 'application/json' }), 'import.json');
				const response = await fetch(`${directusUrl()}/utils/import/${collection}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
				expect(response.status, collection).toBe(403);
			}
		}
	});
});
