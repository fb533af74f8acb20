import { describe, expect, it } from 'vitest';
import { benefitProblem } from './benefits';

const kinds = new Set(['medication', 'consultation', 'hospital', 'other']);
const good = { product: 1, kind: 'consultation', coverage_percent: '80.00', copay_amount: '20.00', per_claim_limit: null, annual_limit: '500', annual_quantity_limit: 12, waiting_period_days: 0, requires_preauthorisation: false };

describe('benefitProblem', () => {
	it.each([
		['a full row', good],
		['the least a row needs', { product: 1, kind: 'other', coverage_percent: 0 }],
		['100 %, numbers from SQLite', { ...good, coverage_percent: 100, annual_limit: 0, copay_amount: 0 }],
		['counts typed as text', { ...good, waiting_period_days: '30' }],
	])('accepts %s', (_case, row) => {
		expect(benefitProblem(row, kinds, new Set(['medication']))).toBeNull();
	});

	it.each([
		['coverage_percent', { ...good, coverage_percent: 120 }],
		['coverage_percent', { ...good, coverage_percent: '-0.01' }],
		['coverage_percent', { ...good, coverage_percent: 'eighty' }],
		['coverage_percent', { ...good, coverage_percent: null }],
		['copay_amount', { ...good, copay_amount: '-5' }],
		['per_claim_limit', { ...good, per_claim_limit: -1 }],
		['annual_limit', { ...good, annual_limit: '-0.01' }],
		['annual_limit', { ...good, annual_limit: 'lots' }],
		['annual_quantity_limit', { ...good, annual_quantity_limit: -1 }],
		['annual_quantity_limit', { ...good, annual_quantity_limit: 1.5 }],
		['waiting_period_days', { ...good, waiting_period_days: -30 }],
		['kind', { ...good, kind: 'dental' }],
		['kind', { ...good, kind: '' }],
		['kind', { ...good, kind: 'medication' }],
		['product', { ...good, product: null }],
	])('names %s for %j', (field, row) => {
		expect(benefitProblem(row, kinds, new Set(['medication']))).toMatchObject({ field });
	});

	it('says which kinds exist and that the product already has one for the kind', () => {
		expect(benefitProblem({ ...good, kind: 'dental' }, kinds, new Set())?.problem).toBe('is not a claim line kind: "dental" (known: consultation, hospital, medication, other)');
		expect(benefitProblem({ ...good, kind: 'medication' }, kinds, new Set(['medication']))?.problem).toContain('already has a benefit on this product');
	});
});
