// Outbound webhooks, the rules without the plumbing: which subscription wants which event,
// how a delivery is signed, and what happens to a delivery after an attempt.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-insurance-signature';
export const TIMESTAMP_HEADER = 'x-insurance-timestamp';
export const EVENT_HEADER = 'x-insurance-event';
export const DELIVERY_HEADER = 'x-insurance-delivery';

/**
 * Event type patterns of a subscription: `*` (or none at all) matches every event,
 * `claims.*` every event of claims, anything else must equal the type.
 */
export function matchesEventType(patterns: readonly string[] | null | undefined, type: string): boolean {
	if (!patterns || patterns.length === 0) return true;
	return patterns.some((pattern) => pattern === '*' || pattern === type || (pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1))));
}

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`: binding the timestamp defeats replays. */
export function signature(secret: string, timestamp: number, body: string): string {
	return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does: recompute and compare in constant time, refuse stale timestamps. */
export function verifySignature(secret: string, timestamp: number, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): boolean {
	if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
	const expected = Buffer.from(signature(secret, timestamp, body));
	const given = Buffer.from(header);
	return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface BackoffPolicy {
	/** Delay before the second attempt; it doubles each time. */
	baseSeconds: number;
	maxSeconds: number;
}
export const DEFAULT_BACKOFF: BackoffPolicy = { baseSeconds: 10, maxSeconds: 3600 };

/** Seconds to wait after the given (1-based) failed attempt: base · 2^(attempt-1), capped. */
export function backoffSeconds(failedAttempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
	if (!Number.isInteger(failedAttempt) || failedAttempt < 1) throw new RangeError(`attempt must be a positive integer, got ${failedAttempt}`);
	return Math.min(policy.baseSeconds * 2 ** Math.min(failedAttempt - 1, 30), policy.maxSeconds);
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'dead';

export interface AttemptOutcome {
	/** HTTP status, or null when no response came (refused, timed out). */
	responseCode: number | null;
	error: string | null;
}

export interface DeliveryUpdate {
	status: DeliveryStatus;
	attempts: number;
	/** Seconds from now until the next attempt; null when there is none. */
	retryInSeconds: number | null;
	responseCode: number | null;
	lastError: string | null;
}

export const isSuccess = (outcome: AttemptOutcome) => outcome.responseCode !== null && outcome.responseCode >= 200 && outcome.responseCode < 300;

/** The state of a delivery after one more attempt: delivered, retried later, or dead-lettered. */
export function afterAttempt(previousAttempts: number, outcome: AttemptOutcome, maxAttempts: number, policy: BackoffPolicy = DEFAULT_BACKOFF): DeliveryUpdate {
	const attempts = previousAttempts + 1;
	if (isSuccess(outcome)) return { status: 'delivered', attempts, retryInSeconds: null, responseCode: outcome.responseCode, lastError: null };
	const lastError = outcome.error ?? `HTTP ${outcome.responseCode}`;
	if (attempts >= maxAttempts) return { status: 'dead', attempts, retryInSeconds: null, responseCode: outcome.responseCode, lastError };
	return { status: 'failed', attempts, retryInSeconds: backoffSeconds(attempts, policy), responseCode: outcome.responseCode, lastError };
}

export interface OutboxEvent {
	id: number;
	type: string;
	collection: string;
	item: string;
	payload: unknown;
}

/** The JSON a subscriber receives; `id` is the outbox event id, the same on every retry. */
export function deliveryBody(event: OutboxEvent): string {
	const payload = typeof event.payload === 'string' ? JSON.parse(event.payload) : (event.payload ?? {});
	return JSON.stringify({ id: event.id, type: event.type, collection: event.collection, item: event.item, data: payload });
}
