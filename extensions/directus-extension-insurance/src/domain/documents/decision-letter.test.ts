import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromCents, toCents } from '../billing/money';
import { adjudicateClaim, overrideLine } from '../claims/adjudication';
import { letterFigures } from './decision-letter';
import { documentLanguage, formatAmount, kindName } from './i18n';

const approved = { claim_number: 'C-1', status: 'Approved' };

describe('letterFigures', () => {
	it('adds up for any adjudicated and decided line: claimed = approved + deductible + co-pay + co-insurance + other cuts', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 5 }),
				fc.integer({ min: 0, max: 100_000 }),
				fc.integer({ min: 0, max: 100 }),
				fc.integer({ min: 0, max: 5_000 }),
				fc.integer({ min: 0, max: 100 }),
				(quantity, unit, percent, deductible, share) => {
					const proposal = adjudicateClaim({
						contract: { benefits: [{ kind: 'consultation', coverage_percent: percent, copay_amount: '20.00', annual_limit: '500.00', annual_quantity_limit: 3 }], annual_deductible: fromCents(deductible), begin_date: '2026-01-01', end_date: '2026-12-31', coverage_limit: '1000.00' },
						lines: [{ kind: 'consultation', service_date: '2026-03-01', quantity, unit_amount: fromCents(unit) }],
					}).lines[0]!;
					// A person approves a share of the proposal, with a reason when it differs.
					const decided = overrideLine(proposal, fromCents(Math.floor((toCents(proposal.amount_benefit) * share) / 100)), 'Checked by hand');
					const f = letterFigures({ ...proposal, kind: 'consultation', service_date: '2026-03-01', ...decided }, approved, 'en');
					expect(f.claimed).toBe(f.approved + f.deductible! + f.copay! + f.coinsurance! + f.other);
					expect(f.reasons.reduce((sum, reason) => sum + reason.amount, 0)).toBe(f.other);
				},
			),
		);
	});

	it('shows what a line decided without a proposal lost as the claims team’s adjustment, with its reason', () => {
		const f = letterFigures({ kind: 'other', service_date: '2026-03-01', amount_claimed: '30.00', amount_approved: '25.00', rejection_reason: 'Partly illegible' }, approved, 'fr');
		expect(f).toMatchObject({ claimed: 3000, eligible: null, deductible: null, copay: null, coinsurance: null, other: 500, approved: 2500 });
		expect(f.reasons).toEqual([{ code: 'MANUAL_ADJUSTMENT', amount: 500, text: 'Ajusté par le service des sinistres: Partly illegible' }]);
	});

	it('approves an undecided line of an approved claim at its proposal, of a rejected claim at nothing', () => {
		const line = { kind: 'medication', service_date: '2026-03-01', amount_claimed: '50.00', amount_eligible: '50.00', amount_deductible: '0.00', amount_copay: '0.00', amount_benefit: '40.00', adjudication: [{ code: 'ANNUAL_LIMIT' as const, amount: '10.00', note: '' }] };
		expect(letterFigures(line, approved, 'en')).toMatchObject({ approved: 4000, other: 1000 });
		const rejected = letterFigures(line, { claim_number: 'C-1', status: 'Rejected', decision_note: 'Not prescribed' }, 'en');
		expect(rejected).toMatchObject({ approved: 0, other: 5000 });
		expect(rejected.reasons.map((reason) => reason.text)).toEqual(['Above the annual limit for this kind of care', 'Adjusted by the claims team: Not prescribed']);
	});
});

describe('document words and numbers', () => {
	it('writes the client’s language, English otherwise', () => {
		expect(['fr-FR', 'fr', 'FR-ca', 'en-US', 'de-DE', null, undefined, ''].map(documentLanguage)).toEqual(['fr', 'fr', 'fr', 'en', 'en', 'en', 'en', 'en']);
	});

	it('formats amounts as each language writes them', () => {
		expect([formatAmount('1234567.5', 'en'), formatAmount('1234567.5', 'fr'), formatAmount(-12, 'en'), formatAmount('0', 'fr'), formatAmount('999.99', 'en')]).toEqual(['1,234,567.50', '1 234 567,50', '-12.00', '0,00', '999.99']);
	});

	it('names the seeded kinds in the client’s language and a configured kind by its name', () => {
		expect([kindName('fr', 'hospital'), kindName('en', 'dental', 'Dental care'), kindName('fr', 'dental', null)]).toEqual(['Hospitalisation', 'Dental care', 'dental']);
	});
});
