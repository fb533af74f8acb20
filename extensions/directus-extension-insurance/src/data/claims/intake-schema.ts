// The shape of a claim's lines, one joi schema for every path that files or edits them: the
// intake endpoint validates its body with it, the item API's filters the lines they receive,
// so both name the same field with the same words (`"lines[0].quantity" must be ...`).
import Joi from 'joi';
import { CLAIM_LIMITS } from '../../domain/claims';
import { amount, isoDay, itemId, optionalText, text } from '../validation';

export { amount, isoDay, optionalText, text };

const wholeUnits = `must be a whole number from 1 to ${CLAIM_LIMITS.quantity}`;

/** What a line is filed with; the server computes amount_claimed, the claims team decides. */
export const LINE_INTAKE_FIELDS = ['kind', 'description', 'service_date', 'quantity', 'unit_amount', 'receipt'] as const;

const lineFields = {
	// Format only: which kinds are active is data (data/claims/kinds.ts), checked with the price.
	kind: Joi.string().max(64),
	description: text(CLAIM_LIMITS.description),
	service_date: isoDay,
	quantity: Joi.number()
		.integer()
		.min(1)
		.max(CLAIM_LIMITS.quantity)
		.messages({ 'number.base': wholeUnits, 'number.integer': wholeUnits, 'number.min': wholeUnits, 'number.max': wholeUnits, 'number.unsafe': wholeUnits }),
	unit_amount: amount,
	receipt: Joi.string().guid().allow(null),
};

/** A new line: every intake field but the receipt is required. Other keys are a business admin's fields. */
export const claimLineSchema = Joi.object({
	kind: lineFields.kind.required(),
	description: lineFields.description.required(),
	service_date: lineFields.service_date.required(),
	quantity: lineFields.quantity.required(),
	unit_amount: lineFields.unit_amount.required(),
	receipt: lineFields.receipt,
}).unknown(true);

/** Changes to a line: the same rules for the fields that are sent. */
export const claimLineChangeSchema = Joi.object(lineFields).unknown(true);

// Items are not `.required()`: with every problem reported, joi would add "no line matches" to
// the problems of the lines themselves; `min(1)` says a claim has lines.
export const claimLinesSchema = Joi.array()
	.items(claimLineSchema)
	.min(1)
	.max(CLAIM_LIMITS.lines)
	// The domain's words, so a claim without lines reads the same however it is submitted.
	.messages({ 'array.min': 'must contain at least one line', 'array.max': `must contain at most ${CLAIM_LIMITS.lines} lines` });

/** Line decisions of an approval: the endpoint's body and the nested `lines` of a status write. */
export const lineDecisionsSchema = Joi.array()
	.items(Joi.object({ id: itemId.required(), amount_approved: amount.required(), rejection_reason: optionalText(255) }))
	.min(1);
