import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { afterAttempt, backoffSeconds, deliveryBody, matchesEventType, signature, verifySignature } from './index';

describe('matchesEventType', () => {
	it.each([
		[null, 'claims.status_changed', true],
		[[], 'claims.status_changed', true],
		[['*'], 'policies.status_changed', true],
		[['claims.*'], 'claims.status_changed', true],
		[['claims.*'], 'claim_lines.status_changed', false],
		[['claims.*'], 'policies.status_changed', false],
		[['policies.status_changed'], 'policies.status_changed', true],
		[['policies.status_changed'], 'policies.endorsement', false],
		[['claims.status_changed', 'policies.*'], 'policies.endorsement', true],
	])('%j matches %s: %s', (patterns, type, expected) => {
		expect(matchesEventType(patterns, type)).toBe(expected);
	});
});

describe('signature', () => {
	it('is the HMAC-SHA256 of "timestamp.body" in hex', () => {
		const expected = createHmac('sha256', 's3cret').update('1700000000.{"a":1}').digest('hex');
		expect(signature('s3cret', 1700000000, '{"a":1}')).toBe(`sha256=${expected}`);
	});
	it('verifies its own signature and refuses tampering, another secret and stale timestamps', () => {
		const header = signature('s3cret', 1000, 'body');
		expect(verifySignature('s3cret', 1000, 'body', header, 1010)).toBe(true);
		expect(verifySignature('s3cret', 1000, 'bodY', header, 1010)).toBe(false);
		expect(verifySignature('other', 1000, 'body', header, 1010)).toBe(false);
		expect(verifySignature('s3cret', 1001, 'body', header, 1010)).toBe(false);
		expect(verifySignature('s3cret', 1000, 'body', header, 1000 + 301)).toBe(false);
		expect(verifySignature('s3cret', 1000, 'body', 'sha256=short', 1010)).toBe(false);
	});
});

describe('backoffSeconds', () => {
	it('doubles from the base up to the cap', () => {
		const policy = { baseSeconds: 10, maxSeconds: 300 };
		expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => backoffSeconds(n, policy))).toEqual([10, 20, 40, 80, 160, 300, 300, 300]);
	});
	it('refuses attempts that are not positive integers', () => {
		expect(() => backoffSeconds(0)).toThrow(RangeError);
		expect(() => backoffSeconds(1.5)).toThrow(RangeError);
	});
});

describe('afterAttempt', () => {
	const policy = { baseSeconds: 1, maxSeconds: 60 };
	it('marks a 2xx answer delivered', () => {
		expect(afterAttempt(2, { responseCode: 204, error: null }, 5, policy)).toEqual({ status: 'delivered', attempts: 3, retryInSeconds: null, responseCode: 204, lastError: null });
	});
	it('retries a refusal or an error answer with backoff', () => {
		expect(afterAttempt(0, { responseCode: null, error: 'connect ECONNREFUSED' }, 5, policy)).toEqual({
			status: 'failed',
			attempts: 1,
			retryInSeconds: 1,
			responseCode: null,
			lastError: 'connect ECONNREFUSED',
		});
		expect(afterAttempt(2, { responseCode: 500, error: null }, 5, policy)).toMatchObject({ status: 'failed', attempts: 3, retryInSeconds: 4, lastError: 'HTTP 500' });
		expect(afterAttempt(0, { responseCode: 301, error: null }, 5, policy)).toMatchObject({ status: 'failed' });
	});
	it('dead-letters after the last allowed attempt', () => {
		expect(afterAttempt(4, { responseCode: 503, error: null }, 5, policy)).toEqual({ status: 'dead', attempts: 5, retryInSeconds: null, responseCode: 503, lastError: 'HTTP 503' });
		expect(afterAttempt(0, { responseCode: 503, error: null }, 1, policy)).toMatchObject({ status: 'dead', attempts: 1 });
	});
});

describe('deliveryBody', () => {
	it('wraps the outbox payload with the event identity', () => {
		const body = deliveryBody({ id: 7, type: 'claims.status_changed', collection: 'claims', item: '3', payload: '{"from":"Submitted","to":"InReview"}' });
		expect(JSON.parse(body)).toEqual({ id: 7, type: 'claims.status_changed', collection: 'claims', item: '3', data: { from: 'Submitted', to: 'InReview' } });
	});
});
