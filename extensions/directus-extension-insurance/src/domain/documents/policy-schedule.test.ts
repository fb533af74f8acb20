import { describe, expect, it } from 'vitest';
import type { DocumentBlock } from './document';
import { LABELS } from './i18n';
import { policySchedule } from './policy-schedule';

const input = {
	policy: { policy_number: 'P-1', begin_date: '2026-03-01', end_date: '2027-03-01', premium_amount: '1200.00', coverage_limit: '20000.00', currency: 'EUR' },
	product: { code: 'HEALTH-IND', name: 'Individual health cover', premium_frequency: 'quarterly', annual_deductible: '150.00', cooling_off_days: 14 },
	holder: { name: 'Chloé Martin', email: 'client@example.com' },
	installments: [
		{ sequence: 2, due_date: '2026-06-01', amount: '300.00' },
		{ sequence: 1, due_date: '2026-03-01', amount: '300.01' },
		{ sequence: 3, due_date: '2026-09-01', amount: '300.00' },
		{ sequence: 4, due_date: '2026-12-01', amount: '299.99' },
	],
	benefits: [
		{ kind: 'consultation', coverage_percent: '80.00', copay_amount: '20.00', per_claim_limit: '300.00', annual_limit: '1500.00', waiting_period_days: 0 },
		{ kind: 'physio', kind_name: 'Physiotherapy', coverage_percent: 50, copay_amount: null, per_claim_limit: null, annual_limit: null, waiting_period_days: 30 },
	],
	language: 'en' as const,
	issuer: 'Acme Insurance',
	issuedOn: '2026-02-27',
};

const blocks = (model: ReturnType<typeof policySchedule>, type: DocumentBlock['type']) => model.blocks.filter((b) => b.type === type);
const facts = (model: ReturnType<typeof policySchedule>) => Object.fromEntries((blocks(model, 'facts')[0] as Extract<DocumentBlock, { type: 'facts' }>).groups.flatMap((g) => g.facts));
const tables = (model: ReturnType<typeof policySchedule>) => blocks(model, 'table') as Extract<DocumentBlock, { type: 'table' }>[];

describe('policySchedule', () => {
	it('names the parties, the product, the dates and the terms', () => {
		const model = policySchedule(input);
		expect(model).toMatchObject({ title: 'Policy schedule', subtitle: 'Policy P-1', issuer: 'Acme Insurance', issued: 'Issued on 27 Feb 2026', language: 'en' });
		expect(facts(model)).toEqual({
			Name: 'Chloé Martin',
			Email: 'client@example.com',
			Insurer: 'Acme Insurance',
			Number: 'P-1',
			Product: 'Individual health cover (HEALTH-IND)',
			'Begins on': '1 Mar 2026',
			'Ends on': '1 Mar 2027',
			'Premium for the term': '1,200.00 EUR',
			Paid: 'quarterly',
			'Coverage limit': '20,000.00 EUR',
			'Annual deductible': '150.00 EUR',
			'Cooling-off period': '14 days',
		});
		expect(model.footer).toBe('Acme Insurance · P-1 · Page {page} of {pages}');
	});

	it('lists the installments in sequence with their total, which is the premium', () => {
		const [installments] = tables(policySchedule(input));
		expect(installments!.rows.map((r) => r.cells)).toEqual([
			['1', '1 Mar 2026', '300.01'],
			['2', '1 Jun 2026', '300.00'],
			['3', '1 Sept 2026', '300.00'],
			['4', '1 Dec 2026', '299.99'],
			['Total', '', '1,200.00'],
		]);
		expect(installments!.rows.at(-1)!.style).toBe('total');
	});

	it('lists the benefits, a kind without our translation by the name a business admin gave it', () => {
		const [, benefits] = tables(policySchedule(input));
		expect(benefits!.rows.map((r) => r.cells)).toEqual([
			['Consultation', '80 %', '20.00', '300.00', '1,500.00', '—'],
			['Physiotherapy', '50 %', '—', '—', '—', '30'],
		]);
	});

	it('says so when the product lists no benefits, and names the group contract of a member', () => {
		const model = policySchedule({ ...input, benefits: [], policy: { ...input.policy, master_policy_number: 'M-9', coverage_limit: null } });
		expect(tables(model)).toHaveLength(1);
		expect(blocks(model, 'paragraph').map((b) => (b as { text: string }).text)).toContain('This product lists no benefits.');
		expect(facts(model)).toMatchObject({ 'Group contract': 'M-9', 'Coverage limit': '—' });
	});

	it('is written in French for a French-speaking client, with French formats', () => {
		const model = policySchedule({ ...input, language: 'fr' });
		expect(model.title).toBe('Conditions particulières');
		expect(facts(model)).toMatchObject({ 'Prime pour la période': '1 200,00 EUR', Payée: 'trimestriellement', 'Prend effet le': '1 mars 2026' });
		expect(tables(model)[0]!.rows.at(-1)!.cells).toEqual(['Total', '', '1 200,00']);
	});

	it('has every label in every language', () => {
		expect(Object.keys(LABELS.fr).sort()).toEqual(Object.keys(LABELS.en).sort());
	});
});
