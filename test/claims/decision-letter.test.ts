// The decision letter, end to end on its own Directus with its own SMTP server: a claim decided
// through the review endpoints or through a plain REST status change gets its letter as a
// Directus file, whose text lists every line's figures; the claim's client downloads it and
// receives it by email in their language; no other client can read it.
import { DateTime } from 'luxon';
import type { Knex } from 'knex';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInbox, type Inbox } from '../helpers/mail';
import { scratchDatabase, startInstance, type Instance } from '../helpers/instance';
import { post, tokenFor } from './api';

let inbox: Inbox;
let instance: Instance;
let db: Knex;
let drop: () => Promise<void>;
const tokens: Record<string, string> = {};

const url = () => instance.url;
const today = DateTime.now().setZone('Europe/Paris').startOf('day');
const day = (offset: number) => today.plus({ days: offset }).toISODate()!;
const asDbDate = (iso: string) => (db.client.config.client === 'sqlite3' ? Date.parse(`${iso}T00:00:00Z`) : iso);
const get = (path: string, token?: string) => fetch(`${url()}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const act = (claim: number, action: string, body: unknown, who: string) => post(url(), `/insurance/claims/${claim}/${action}`, body, tokens[who]);

/** The letter text as one line of words. */
async function textOf(bytes: Uint8Array) {
	const { text } = await extractText(new Uint8Array(bytes), { mergePages: true });
	return (text as string).replace(/\s+/g, ' ');
}
/** The service date of the lines, as the letter writes it. */
const served = (locale: 'en-GB' | 'fr-FR') => DateTime.fromISO(day(-3)).setLocale(locale).toLocaleString(DateTime.DATE_MED);
const row = (...cells: string[]) => new RegExp(cells.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*'));

async function letterOf(claim: number, timeout = 30_000): Promise<string> {
	const deadline = Date.now() + timeout;
	for (;;) {
		const { decision_letter } = await db('claims').where('id', claim).first('decision_letter');
		if (decision_letter) return decision_letter;
		if (Date.now() > deadline) throw new Error(`claim ${claim} has no decision letter`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

async function insertPolicy(email: string) {
	const client = await db('clients').where('email', email).first('id');
	const product = await db('products').where('code', 'HEALTH-IND').first('id');
	const [row] = await db('policies')
		.insert({ policy_number: `EOB-P-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`, client: client.id, product: product.id, status: 'InForce', proposal_date: asDbDate(day(-120)), begin_date: asDbDate(day(-100)), end_date: asDbDate(day(265)), premium_amount: 1200, coverage_limit: 20000, currency: 'EUR' })
		.returning('id');
	return Number(typeof row === 'object' ? row.id : row);
}

/**
 * The proposal intake stores on each line, for HEALTH-IND (deductible 150; consultation 80 %
 * after a 20 co-pay; medication 100 %) on a policy with nothing used yet, computed by hand:
 * consultation 200.00 → deductible 150.00, co-pay 20.00, 80 % of 30.00 = 24.00, co-insurance 6.00;
 * medication 2 × 12.40 = 24.80, the deductible used up → 24.80.
 */
const PROPOSALS = {
	consultation: { amount_eligible: '200.00', amount_deductible: '150.00', amount_copay: '20.00', amount_benefit: '24.00', adjudication: [{ code: 'DEDUCTIBLE', amount: '150.00', note: '' }, { code: 'COPAY', amount: '20.00', note: '' }, { code: 'COINSURANCE', amount: '6.00', note: '' }] },
	medication: { amount_eligible: '24.80', amount_deductible: '0.00', amount_copay: '0.00', amount_benefit: '24.80', adjudication: [] },
};

async function fileClaim(who: string, policy: number) {
	const filed = await post(
		url(),
		'/insurance/claims',
		{
			policy,
			lines: [
				{ kind: 'consultation', description: 'Specialist consultation', service_date: day(-3), quantity: 1, unit_amount: '200.00' },
				{ kind: 'medication', description: 'Amoxicillin 1 g', service_date: day(-3), quantity: 2, unit_amount: '12.40' },
			],
		},
		tokens[who],
	);
	expect(filed.status, JSON.stringify(filed.body)).toBe(201);
	const claim = filed.body.data as { id: number; claim_number: string; lines: { id: number; kind: 'consultation' | 'medication' }[] };
	for (const line of claim.lines) {
		const { adjudication, ...amounts } = PROPOSALS[line.kind];
		await db('claim_lines').where('id', line.id).update({ ...amounts, adjudication: JSON.stringify(adjudication) });
	}
	return claim;
}

beforeAll(async () => {
	inbox = await startInbox();
	const database = await scratchDatabase('letters');
	drop = database.drop;
	instance = await startInstance({ ...database.env, EMAIL_SMTP_HOST: '127.0.0.1', EMAIL_SMTP_PORT: String(inbox.port) });
	db = database.db();
	for (const [who, email] of Object.entries({ client: 'client@example.com', clientB: 'client.b@example.com', claims: 'claims@example.com', administration: 'administration@example.com' })) {
		tokens[who] = await tokenFor(url(), email);
	}
	// Bruno reads French.
	await db('directus_users').where('email', 'client.b@example.com').update({ language: 'fr-FR' });
}, 300_000);

afterAll(async () => {
	await instance?.stop();
	await db?.destroy();
	await drop?.();
	await inbox?.close();
});

describe('decision letters', () => {
	let claim: Awaited<ReturnType<typeof fileClaim>>;
	let letter: string;
	let pdf: Uint8Array;

	beforeAll(async () => {
		claim = await fileClaim('client', await insertPolicy('client@example.com'));
		expect((await act(claim.id, 'take', {}, 'claims')).status).toBe(200);
		const [consultation, medication] = claim.lines;
		const approved = await act(
			claim.id,
			'approve',
			{ lines: [{ id: consultation!.id, amount_approved: '24.00', rejection_reason: 'Deductible, co-pay and co-insurance of the contract' }, { id: medication!.id, amount_approved: '24.80' }], decision_note: 'Reimbursed under your contract.' },
			'claims',
		);
		expect(approved.status, JSON.stringify(approved.body)).toBe(200);
		letter = await letterOf(claim.id);
	});

	it('is stored on approval as a PDF file in "Decision letters", named after the claim, listing every line’s figures', async () => {
		const file = await db('directus_files as f').leftJoin('directus_folders as d', 'f.folder', 'd.id').where('f.id', letter).first('f.filename_download', 'f.type', 'd.name as folder');
		expect(file).toEqual({ filename_download: `${claim.claim_number}-decision.pdf`, type: 'application/pdf', folder: 'Decision letters' });

		const download = await get(`/assets/${letter}`, tokens['client']);
		expect(download.status).toBe(200);
		expect(download.headers.get('content-type')).toContain('application/pdf');
		pdf = new Uint8Array(await download.arrayBuffer());
		const text = await textOf(pdf);
		expect(text).toContain(`Decision on claim ${claim.claim_number}`);
		expect(text).toContain('Chloé Martin');
		expect(text).toContain('we reimburse 48.80 EUR of the 224.80 EUR claimed');
		expect(text).toMatch(row(`1. Consultation · Specialist consultation · ${served('en-GB')}`, '200.00', '200.00', '150.00', '20.00', '6.00', '0.00', '24.00'));
		expect(text).toMatch(row(`2. Medication · Amoxicillin 1 g · ${served('en-GB')}`, '24.80', '24.80', '0.00', '0.00', '0.00', '0.00', '24.80'));
		expect(text).toMatch(row('Total', '224.80', '224.80', '150.00', '20.00', '6.00', '0.00', '48.80'));
		expect(text).toContain('Reimbursed under your contract.');
	});

	it('is mailed to the client with the PDF attached', async () => {
		const [mail] = await inbox.mailsTo('client@example.com', `Decision on your claim ${claim.claim_number}`);
		expect(mail, 'the decision email').toBeDefined();
		expect(mail!.html).toContain(`/insurance/portal#/claims/${claim.id}`);
		expect(mail!.attachments.map((a) => [a.filename, a.contentType])).toEqual([[`${claim.claim_number}-decision.pdf`, 'application/pdf']]);
		expect(Buffer.compare(mail!.attachments[0]!.content, Buffer.from(pdf))).toBe(0);
	});

	it('is read by the claim’s client on every path, by no other client', async () => {
		const claimRead = await (await get(`/items/claims/${claim.id}?fields=decision_letter.id,decision_letter.filename_download`, tokens['client'])).json();
		expect(claimRead.data.decision_letter).toEqual({ id: letter, filename_download: `${claim.claim_number}-decision.pdf` });
		expect((await get(`/files/${letter}`, tokens['client'])).status).toBe(200);

		for (const path of [`/assets/${letter}`, `/assets/${letter}?download`, `/files/${letter}`, `/items/claims/${claim.id}`]) {
			expect((await get(path, tokens['clientB'])).status, path).toBe(403);
			expect((await get(path)).status, `${path} without a session`).toBe(403);
		}
		const listed = await (await get('/files?limit=-1&fields=id', tokens['clientB'])).json();
		expect(JSON.stringify(listed)).not.toContain(letter);
		const gql = await post(url(), '/graphql/system', { query: `{ files_by_id(id: "${letter}") { id } }` }, tokens['clientB']);
		expect(gql.body.data?.files_by_id ?? null).toBeNull();
	});

	it('is listed in the policy’s documents, for its client only', async () => {
		const own = await (await get(`/items/policy_documents?filter[claim][_eq]=${claim.id}&fields=kind,file,claim`, tokens['client'])).json();
		expect(own.data).toEqual([{ kind: 'decision_letter', file: letter, claim: claim.id }]);
		const other = await (await get(`/items/policy_documents?filter[claim][_eq]=${claim.id}&fields=id`, tokens['clientB'])).json();
		expect(other.data).toEqual([]);
	});

	it('stays the one the client received when the claim is paid', async () => {
		const paid = await act(claim.id, 'pay', { payment_reference: `PAY-${claim.id}` }, 'administration');
		expect(paid.status, JSON.stringify(paid.body)).toBe(200);
		await new Promise((r) => setTimeout(r, 1000));
		expect(await letterOf(claim.id)).toBe(letter);
		expect(Number((await db('directus_files').where('filename_download', `${claim.claim_number}-decision.pdf`).count({ n: '*' }))[0]!.n)).toBe(1);
		expect(await inbox.mailsTo('client@example.com', claim.claim_number, 2, 0)).toHaveLength(1);
	});

	it('comes with a rejection made by a plain REST status change too, in the client’s language', async () => {
		const rejected = await fileClaim('clientB', await insertPolicy('client.b@example.com'));
		expect((await act(rejected.id, 'take', {}, 'claims')).status).toBe(200);
		const patched = await fetch(`${url()}/items/claims/${rejected.id}`, {
			method: 'PATCH',
			headers: { authorization: `Bearer ${tokens['claims']}`, 'content-type': 'application/json' },
			body: JSON.stringify({ status: 'Rejected', decision_note: 'Soins non justifiés par une prescription.' }),
		});
		expect(patched.status, await patched.clone().text()).toBe(200);
		const file = await letterOf(rejected.id);
		const download = await get(`/assets/${file}`, tokens['clientB']);
		expect(download.status).toBe(200);
		const text = await textOf(new Uint8Array(await download.arrayBuffer()));
		expect(text).toContain(`Décision sur la demande ${rejected.claim_number}`);
		expect(text).toContain('Votre demande est refusée : les 224,80 EUR demandés ne sont pas remboursés.');
		// Rejected: nothing approved; what the proposal would have paid is the claims team's cut, with the note.
		expect(text).toMatch(row(`1. Consultation · Specialist consultation · ${served('fr-FR')}`, '200,00', '200,00', '150,00', '20,00', '6,00', '24,00', '0,00'));
		expect(text).toMatch(row(`2. Médicaments · Amoxicillin 1 g · ${served('fr-FR')}`, '24,80', '24,80', '0,00', '0,00', '0,00', '24,80', '0,00'));
		expect(text).toContain('Ajusté par le service des sinistres: Soins non justifiés par une prescription.: 24,00');
		expect(text).toContain('Ajusté par le service des sinistres: Soins non justifiés par une prescription.: 24,80');
		expect(text).toMatch(row('Total', '224,80', '224,80', '150,00', '20,00', '6,00', '48,80', '0,00'));
		// Decided through the guard, which stamps no decision date: the letter's date.
		expect(text).toContain(`Décidée le ${today.setLocale('fr-FR').toLocaleString(DateTime.DATE_MED)}`);
		expect((await get(`/assets/${file}`, tokens['client'])).status).toBe(403);

		const [mail] = await inbox.mailsTo('client.b@example.com', `Décision sur votre demande ${rejected.claim_number}`);
		expect(mail, 'the decision email in French').toBeDefined();
		expect(mail!.attachments.map((a) => a.filename)).toEqual([`${rejected.claim_number}-decision.pdf`]);
	});
});
