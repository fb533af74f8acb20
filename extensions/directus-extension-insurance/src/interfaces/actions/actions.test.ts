import { describe, expect, it } from 'vitest';
import { actionBody, changedCount, lineDecisions, errorText, inputLabel, missingInputs, targetOf, widgetOf, type ClaimLine, type ItemAction } from './actions';

const approve: ItemAction = {
	action: 'approve',
	to: 'Approved',
	label: 'Approve',
	inputs: [
		{ name: 'lines', label: 'Line decisions', type: 'list', required: false },
		{ name: 'decision_note', label: 'Decision note', type: 'text', required: false },
	],
};
const pay: ItemAction = { action: 'pay', to: 'Paid', label: 'Pay', inputs: [{ name: 'payment_reference', type: 'string', required: true }] };
const lines: ClaimLine[] = [
	{ id: 1, amount_claimed: '100.00', amount_benefit: '80.00', amount_approved: null, rejection_reason: null },
	{ id: 2, amount_claimed: '50.00', amount_benefit: '50.00', amount_approved: null, rejection_reason: null },
];

describe('action inputs', () => {
	it('labels inputs and picks a widget per kind', () => {
		expect(inputLabel({ name: 'payment_reference' })).toBe('Payment reference');
		expect(inputLabel({ name: 'reason_type', label: 'Reason type' })).toBe('Reason type');
		expect(widgetOf({ name: 'message', type: 'text', required: true })).toBe('textarea');
		expect(widgetOf({ name: 'reason_type', type: 'choice', required: true, choices: [{ value: 'Surrender', label: 'Surrender' }] })).toBe('select');
		expect(widgetOf({ name: 'effective_date', type: 'date', required: true })).toBe('date');
		expect(widgetOf({ name: 'lines', type: 'list', required: false })).toBe('lines');
		expect(widgetOf({ name: 'payment_reference', type: 'string', required: true })).toBe('input');
	});

	it("tells where a cancellation leads from the reason chosen", () => {
		const cancel: ItemAction = {
			action: 'cancel',
			to: null,
			label: 'Cancel',
			inputs: [{ name: 'reason_type', type: 'choice', required: true, choices: [{ value: 'Surrender', label: 'Surrender', to: 'Surrendered' }, { value: 'Withdrawal', label: 'Withdrawal', to: null }] }],
		};
		expect(targetOf(cancel, {})).toBeNull();
		expect(targetOf(cancel, { reason_type: 'Surrender' })).toBe('Surrendered');
		expect(targetOf(cancel, { reason_type: 'Withdrawal' })).toBeNull();
		expect(targetOf(approve, {})).toBe('Approved');
	});

	it('names what a required input still lacks, blanks included', () => {
		expect(missingInputs(pay, {})).toEqual(['payment_reference']);
		expect(missingInputs(pay, { payment_reference: '  ' })).toEqual(['payment_reference']);
		expect(missingInputs(pay, { payment_reference: 'TRF-1' })).toEqual([]);
		expect(missingInputs(approve, {})).toEqual([]);
	});
});

describe('action body', () => {
	it('sends every line once one is decided otherwise, each with its reason', () => {
		const decisions = { 1: { amount: '60', reason: 'Generic available' }, 2: { amount: '50.00', reason: '' } };
		expect(changedCount(lines, decisions)).toBe(1);
		const all = [
			{ id: 1, amount_approved: 60, rejection_reason: 'Generic available' },
			{ id: 2, amount_approved: 50, rejection_reason: null },
		];
		expect(lineDecisions(lines, decisions)).toEqual(all);
		expect(actionBody(approve, { decision_note: 'ok' }, lines, decisions)).toEqual({ lines: all, decision_note: 'ok' });
	});

	it('approves untouched lines at their proposal by sending none', () => {
		expect(actionBody(approve, { decision_note: '' }, lines, { 1: { amount: '80.00', reason: '' } })).toEqual({});
	});
});

describe('errorText', () => {
	it("reads the server's messages, never the code", () => {
		const failure = { response: { status: 400, data: { errors: [{ message: 'claims 3: "approve" is not possible in status Paid', extensions: { code: 'TRANSITION_NOT_ALLOWED' } }] } } };
		expect(errorText(failure)).toBe('claims 3: "approve" is not possible in status Paid');
		expect(errorText({ response: { status: 403, data: {} } })).toBe('You are not allowed to do this.');
		expect(errorText(new Error('Network Error'))).toBe('Network Error');
	});
});
