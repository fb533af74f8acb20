// The decision letter read back from the PDF: every line's figures, the reasons in the client's
// language, the totals and the decision note.
import { extractText } from 'unpdf';
import { describe, expect, it } from 'vitest';
import type { LetterLine } from '../../domain/documents/decision-letter';
import { decisionLetterPdf } from './decision-letter';

const claim = { claim_number: 'C-2026-000042', status: 'Approved', submitted_at: '2026-03-05', decided_at: '2026-03-12', decision_note: 'Generic medication reimbursed at the generic price.' };
const policy = { policy_number: 'P-2026-0007', product_name: 'Health Individual', currency: 'EUR' };
const client = { name: 'Chloé Martin', email: 'client@example.com' };
const cut = (code: string, amount: string, note = '') => ({ code, amount, note }) as NonNullable<LetterLine['adjudication']>[number];

const lines: LetterLine[] = [
	{
		kind: 'consultation',
		description: 'GP consultation',
		service_date: '2026-03-02',
		amount_claimed: '300.00',
		amount_eligible: '300.00',
		amount_deductible: '150.00',
		amount_copay: '20.00',
		amount_benefit: '104.00',
		amount_approved: '104.00',
		adjudication: [cut('DEDUCTIBLE', '150.00'), cut('COPAY', '20.00'), cut('COINSURANCE', '26.00')],
	},
	{
		kind: 'medication',
		description: 'Amoxicillin 1 g',
		service_date: '2026-03-03',
		amount_claimed: '1234.50',
		amount_eligible: '1000.00',
		amount_deductible: '0.00',
		amount_copay: '0.00',
		amount_benefit: '900.00',
		amount_approved: '850.00',
		adjudication: [cut('QUANTITY_LIMIT', '234.50'), cut('ANNUAL_LIMIT', '100.00'), cut('PREAUTHORISATION_REQUIRED', '0.00'), cut('MANUAL_ADJUSTMENT', '50.00', 'Generic price')],
		rejection_reason: 'Generic price',
	},
	{ kind: 'other', description: 'Spa treatment', service_date: '2026-03-04', amount_claimed: '40.00', amount_eligible: '0.00', amount_deductible: '0.00', amount_copay: '0.00', amount_benefit: '0.00', amount_approved: '0.00', adjudication: [cut('NOT_COVERED', '40.00')] },
	// Decided before the product had benefit rules: no proposal, a person's reduction.
	{ kind: 'dental', kind_name: 'Dental care', description: 'Check-up', service_date: '2026-03-04', amount_claimed: '30.00', amount_approved: '25.00', rejection_reason: 'Receipt partly illegible' },
];

async function textOf(bytes: Uint8Array) {
	// pdf.js takes the buffer over: read a copy, so the bytes can be read again.
	const { text } = await extractText(new Uint8Array(bytes), { mergePages: true });
	return (text as string).replace(/\s+/g, ' ');
}

/** The cells of a row, in order, whatever spacing the text extraction puts between them. */
const row = (...cells: string[]) => new RegExp(cells.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*'));

describe('decisionLetterPdf', () => {
	it('lists every line: claimed, eligible, deductible, co-pay, co-insurance, other cuts with their reasons, approved; and the totals', async () => {
		const bytes = await decisionLetterPdf(claim, lines, policy, client, 'en-US', { issuer: 'Demo Insurance', issuedOn: '2026-03-12' });
		expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe('%PDF-');
		const text = await textOf(bytes);
		for (const expected of ['Explanation of benefits', 'Decision on claim C-2026-000042', 'Chloé Martin', 'client@example.com', 'P-2026-0007', 'Health Individual', 'Approved', '12 Mar 2026']) {
			expect(text).toContain(expected);
		}
		expect(text).toContain('we reimburse 979.00 EUR of the 1,604.50 EUR claimed');
		expect(text).toMatch(row('1. Consultation · GP consultation · 2 Mar 2026', '300.00', '300.00', '150.00', '20.00', '26.00', '0.00', '104.00'));
		expect(text).toMatch(row('2. Medication · Amoxicillin 1 g · 3 Mar 2026', '1,234.50', '1,000.00', '0.00', '0.00', '0.00', '384.50', '850.00'));
		expect(text).toMatch(row('3. Other · Spa treatment · 4 Mar 2026', '40.00', '0.00', '0.00', '0.00', '0.00', '40.00', '0.00'));
		expect(text).toMatch(row('4. Dental care · Check-up · 4 Mar 2026', '30.00', '—', '—', '—', '—', '5.00', '25.00'));
		expect(text).toMatch(row('Total', '1,604.50', '1,300.00', '150.00', '20.00', '26.00', '429.50', '979.00'));
		for (const reason of [
			'Beyond the number of units covered per policy year: 234.50',
			'Above the annual limit for this kind of care: 100.00',
			'Adjusted by the claims team: Generic price: 50.00',
			'Not covered by your product: 40.00',
			'Adjusted by the claims team: Receipt partly illegible: 5.00',
		]) {
			expect(text).toContain(reason);
		}
		// A flag of 0 is no cut: the client is not told about a check a person has done.
		expect(text).not.toContain('authorisation');
		expect(text).toContain('Generic medication reimbursed at the generic price.');
	});

	it('is written in French for a client whose language is French', async () => {
		const text = await textOf(await decisionLetterPdf(claim, lines, policy, client, 'fr-FR', { issuer: 'Demo Insurance', issuedOn: '2026-03-12' }));
		expect(text).toContain('Décompte de remboursement');
		expect(text).toContain('nous remboursons 979,00 EUR sur les 1 604,50 EUR demandés');
		expect(text).toMatch(row('2. Médicaments · Amoxicillin 1 g · 3 mars 2026', '1 234,50', '1 000,00', '0,00', '0,00', '0,00', '384,50', '850,00'));
		expect(text).toContain('Au-delà du plafond annuel pour ce type de soins: 100,00');
		expect(text).toContain('Non couvert par votre produit: 40,00');
		expect(text).toMatch(row('Total', '1 604,50', '1 300,00', '150,00', '20,00', '26,00', '429,50', '979,00'));
	});

	it('explains a rejection line by line with the decision note, and continues a long claim on more pages', async () => {
		const rejected = { ...claim, status: 'Rejected', decision_note: 'Cosmetic treatment is not covered.' };
		const many: LetterLine[] = Array.from({ length: 60 }, (_, index) => ({ kind: 'medication', description: `Box ${index + 1}`, service_date: '2026-03-02', amount_claimed: '10.00' }));
		const bytes = await decisionLetterPdf(rejected, many, policy, client, null, { issuer: 'Demo Insurance', issuedOn: '2026-03-12' });
		const { totalPages } = await extractText(new Uint8Array(bytes));
		expect(totalPages).toBeGreaterThan(1);
		const text = await textOf(bytes);
		expect(text).toContain('Your claim is rejected: the 600.00 EUR claimed are not reimbursed.');
		expect(text).toMatch(row('60. Medication · Box 60 · 2 Mar 2026', '10.00', '—', '—', '—', '—', '10.00', '0.00'));
		expect(text).toContain('Adjusted by the claims team: Cosmetic treatment is not covered.: 10.00');
		expect(text).toMatch(row('Total', '600.00', '—', '—', '—', '—', '600.00', '0.00'));
		expect(text).toContain(`Page ${totalPages} of ${totalPages}`);
	});

	it('draws what the standard fonts can of a name (accents dropped, else ?) instead of failing', async () => {
		const text = await textOf(await decisionLetterPdf(claim, lines.slice(0, 1), policy, { name: 'Łukasz Żółć 王', email: null }, 'en', { issuer: 'Demo Insurance', issuedOn: '2026-03-12' }));
		expect(text).toContain('Name ?ukasz Zó?c ?');
	});
});
