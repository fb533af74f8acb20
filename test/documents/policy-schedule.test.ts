// The policy schedule (SPEC §11): written when a policy becomes Issued by its first paid
// installment, stored as a Directus file, listed in policy_documents, readable by the policy's
// client on every path (REST, GraphQL, /assets) and by no other client.
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { directusUrl } from '../helpers/clients';
import { testDatabase } from '../helpers/fixtures';
import { ok, referenceIds, signIn, signInAdmin, uniqueNumber, type Session } from '../jobs/api';
import { call, login } from '../security/http';

const db = () => testDatabase();
let admin: Session;
let office: Session;
let owner: string;
let other: string;
let ids: Awaited<ReturnType<typeof referenceIds>>;

beforeAll(async () => {
	admin = await signInAdmin(directusUrl());
	office = await signIn(directusUrl(), 'administration@example.com');
	owner = await login('client@example.com', 'insurance-demo');
	other = await login('client.b@example.com', 'insurance-demo');
	ids = await referenceIds(db());
});

/** A proposal of the demo client whose first installment Administration then pays in full: it becomes Issued. */
async function issuedPolicy() {
	const client = await ids.client('client@example.com');
	const policy = Number(ok(await admin.post('/items/policies', { policy_number: uniqueNumber('DOC-P'), client, product: await ids.product('HEALTH-IND'), begin_date: '2026-03-01', end_date: '2027-03-01', premium_amount: 1200 })).id);
	const first = await db()('installments').where('policy', policy).orderBy('sequence').first('id', 'amount');
	const payment = Number(ok(await office.post('/items/payments', { client, amount: first.amount, received_at: '2026-02-20T10:00:00Z', reference: uniqueNumber('DOC-PAY') })).id);
	ok(await office.post('/items/payment_allocations', { payment, installment: first.id, amount: first.amount }));
	expect((await db()('policies').where('id', policy).first('status')).status).toBe('Issued');
	return policy;
}

/** The schedule is written once the issue has committed: wait for it to be listed. */
async function scheduleOf(policy: number) {
	await expect.poll(async () => (await db()('policy_documents').where({ policy, kind: 'policy_schedule' })).length, { timeout: 30_000 }).toBe(1);
	return db()('policy_documents').where({ policy, kind: 'policy_schedule' }).first('id', 'file', 'claim', 'created_at');
}

async function download(token: string, file: string) {
	const response = await fetch(`${directusUrl()}/assets/${file}?download`, { headers: { authorization: `Bearer ${token}` } });
	return { status: response.status, type: response.headers.get('content-type'), bytes: new Uint8Array(await response.arrayBuffer()) };
}

describe('policy schedule', () => {
	it('is stored on Issued as a PDF in "Policy schedules", listed once in policy_documents', async () => {
		const policy = await issuedPolicy();
		const document = await scheduleOf(policy);
		expect(document.claim).toBeNull();
		const file = await db()('directus_files as f').join('directus_folders as d', 'f.folder', 'd.id').where('f.id', document.file).first('f.type', 'f.filename_download', 'd.name as folder');
		const number = (await db()('policies').where('id', policy).first('policy_number')).policy_number;
		expect(file).toEqual({ type: 'application/pdf', filename_download: `${number}-schedule.pdf`, folder: 'Policy schedules' });

		const pdf = await download(owner, document.file);
		expect(pdf.status).toBe(200);
		expect(pdf.type).toContain('application/pdf');
		const parsed = await PDFDocument.load(pdf.bytes);
		expect(parsed.getTitle()).toBe(`Policy schedule · Policy ${number}`);
		expect(parsed.getPageCount()).toBeGreaterThanOrEqual(1);

		// A later payment (another transition path) does not write a second schedule.
		const second = await db()('installments').where({ policy, sequence: 2 }).first('id', 'amount');
		const payment = Number(ok(await office.post('/items/payments', { client: await ids.client('client@example.com'), amount: second.amount, received_at: '2026-03-20T10:00:00Z', reference: uniqueNumber('DOC-PAY') })).id);
		ok(await office.post('/items/payment_allocations', { payment, installment: second.id, amount: second.amount }));
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect(await db()('policy_documents').where({ policy })).toHaveLength(1);
	});

	it('is read by its client on REST, GraphQL and /assets, by no other client', async () => {
		const policy = await issuedPolicy();
		const { id, file } = await scheduleOf(policy);

		const rest = await call(owner, 'GET', `/items/policy_documents?filter[policy][_eq]=${policy}&fields=id,kind,file.id,file.filename_download`);
		expect(rest.status).toBe(200);
		expect(rest.data).toEqual([{ id, kind: 'policy_schedule', file: { id: file, filename_download: expect.stringMatching(/-schedule\.pdf$/) } }]);
		const gql = await call(owner, 'POST', '/graphql', { query: `{ policy_documents(filter: { policy: { id: { _eq: ${policy} } } }) { id kind file { id } } }` });
		const listed = (gql.data as { policy_documents: { id: string | number; kind: string; file: { id: string } }[] }).policy_documents;
		expect(listed.map((d) => ({ ...d, id: Number(d.id) }))).toEqual([{ id, kind: 'policy_schedule', file: { id: file } }]);
		expect((await call(owner, 'GET', `/files/${file}?fields=id`)).status).toBe(200);

		expect((await call(other, 'GET', `/items/policy_documents/${id}`)).status).toBe(403);
		expect((await call(other, 'GET', `/items/policy_documents?filter[policy][_eq]=${policy}`)).data).toEqual([]);
		expect((await call(other, 'POST', '/graphql', { query: `{ policy_documents(filter: { policy: { id: { _eq: ${policy} } } }) { id } }` })).data).toEqual({ policy_documents: [] });
		for (const path of [`/assets/${file}`, `/assets/${file}?download`, `/files/${file}`]) expect((await call(other, 'GET', path)).status, path).toBe(403);
		expect((await download(other, file)).status).toBe(403);
		const files = await call(other, 'POST', '/graphql/system', { query: `{ files(filter: { id: { _eq: "${file}" } }) { id } }` });
		expect(files.data).toEqual({ files: [] });
	});

	it('nobody writes policy_documents through the API but an administrator', async () => {
		const policy = await issuedPolicy();
		const { id } = await scheduleOf(policy);
		for (const token of [owner, (await login('administration@example.com', 'insurance-demo'))]) {
			expect((await call(token, 'PATCH', `/items/policy_documents/${id}`, { kind: 'decision_letter' })).status).toBe(403);
			expect((await call(token, 'DELETE', `/items/policy_documents/${id}`)).status).toBe(403);
		}
	});
});
