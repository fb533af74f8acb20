import Joi from 'joi';
import { validate } from '../../data/validation';
import { defineInsuranceHook } from '../boundary';

/** Day counts of servicing, on each level that holds them; null on a portfolio falls through to the settings. */
const DAY_COUNTS: Record<string, string[]> = {
	insurance_settings: ['reminder_days_before_due'],
	portfolios: ['reminder_days_before_due'],
	products: ['renewal_notice_days'],
};

const days = Joi.number().integer().min(0).max(3650).allow(null).messages({ 'number.base': 'must be a whole number of days ≥ 0', 'number.integer': 'must be a whole number of days ≥ 0', 'number.min': 'must be a whole number of days ≥ 0' });
const schemas = Object.fromEntries(Object.entries(DAY_COUNTS).map(([collection, fields]) => [collection, Joi.object(Object.fromEntries(fields.map((field) => [field, days]))).unknown(true)]));

// Servicing parameters are checked on every write path (REST single, batch and by query,
// GraphQL, imports, Flows): a negative or fractional day count is a 400 naming the field,
// before anything is written.
export default defineInsuranceHook(({ filter }) => {
	for (const event of ['items.create', 'items.update']) {
		filter(event, (payload, meta) => {
			const schema = schemas[meta['collection'] as string];
			if (schema && payload && typeof payload === 'object' && !Array.isArray(payload)) validate(schema, payload);
			return payload;
		});
	}
});
