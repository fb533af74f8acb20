import { defineHook } from '@directus/extensions-sdk';
import type { Knex } from 'knex';
import {
	DEFAULT_BACKOFF,
	DELIVERY_HEADER,
	EVENT_HEADER,
	SIGNATURE_HEADER,
	TIMESTAMP_HEADER,
	afterAttempt,
	deliveryBody,
	signature,
	type AttemptOutcome,
	type BackoffPolicy,
} from '../../domain/webhooks';
import { claimDue, fanOut, maxAttempts, recordAttempt, type ClaimedDelivery } from '../../data/webhooks/deliveries';

const BATCH = 50;

interface DispatcherOptions {
	timeoutMs: number;
	leaseSeconds: number;
	backoff: BackoffPolicy;
}

// Delivers the insurance_events outbox to webhook_subscriptions: on a timer (every
// INSURANCE_WEBHOOK_INTERVAL_SECONDS, default 5) and right after transitions commit. Each
// instance runs one pass at a time; across instances the database leases decide who sends what.
// A pass after transitions sends only when they made deliveries: retries wait for their time,
// which the timer finds, and a book without subscribers pays one read per status change.
export default defineHook(({ schedule, action }, { database, logger, env }) => {
	const seconds = (name: string, fallback: number) => {
		const value = Number(env[name]);
		return Number.isFinite(value) && value > 0 ? value : fallback;
	};
	const interval = Math.min(59, Math.max(1, Math.round(seconds('INSURANCE_WEBHOOK_INTERVAL_SECONDS', 5))));
	const timeoutMs = seconds('INSURANCE_WEBHOOK_TIMEOUT_SECONDS', 10) * 1000;
	const options: DispatcherOptions = {
		timeoutMs,
		leaseSeconds: Math.ceil((timeoutMs / 1000) * 2),
		backoff: {
			baseSeconds: seconds('INSURANCE_WEBHOOK_BACKOFF_SECONDS', DEFAULT_BACKOFF.baseSeconds),
			maxSeconds: seconds('INSURANCE_WEBHOOK_BACKOFF_MAX_SECONDS', DEFAULT_BACKOFF.maxSeconds),
		},
	};

	let running: Promise<void> | null = null;
	let again = false;
	// Whether the pass under way (or the one it starts again) was asked for by the timer.
	let timed = false;
	const run = async (byTimer: boolean): Promise<void> => {
		timed ||= byTimer;
		if (running) {
			again = true;
			return running;
		}
		running = (async () => {
			do {
				again = false;
				const everyDue = timed;
				timed = false;
				try {
					await dispatch(database, options, everyDue);
				} catch (error) {
					logger.error(`webhooks: dispatch failed: ${error instanceof Error ? error.message : String(error)}`);
				}
			} while (again);
		})().finally(() => {
			running = null;
		});
		return running;
	};

	schedule(`*/${interval} * * * * *`, () => run(true));
	action('insurance.transitions', () => {
		void run(false);
	});
});

async function dispatch(database: Knex, options: DispatcherOptions, everyDue: boolean) {
	const fresh = await fanOut(database);
	if (fresh === 0 && !everyDue) return;
	const limit = await maxAttempts(database);
	for (;;) {
		const batch = await claimDue(database, BATCH, options.leaseSeconds);
		if (batch.length === 0) return;
		// Deliveries of one batch belong to different items or subscriptions (an item's next
		// event is only due once its previous one is finished), so they may go out together.
		await Promise.all(
			batch.map(async (delivery) => {
				const outcome = await send(delivery, options.timeoutMs);
				await recordAttempt(database, delivery.id, afterAttempt(delivery.attempts, outcome, limit, options.backoff));
			}),
		);
	}
}

async function send(delivery: ClaimedDelivery, timeoutMs: number): Promise<AttemptOutcome> {
	const body = deliveryBody(delivery.event);
	const timestamp = Math.floor(Date.now() / 1000);
	try {
		const response = await fetch(delivery.url, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'user-agent': 'insurance-webhooks/1',
				[SIGNATURE_HEADER]: signature(delivery.secret, timestamp, body),
				[TIMESTAMP_HEADER]: String(timestamp),
				[EVENT_HEADER]: delivery.event.type,
				[DELIVERY_HEADER]: String(delivery.id),
			},
			body,
			redirect: 'manual',
			signal: AbortSignal.timeout(timeoutMs),
		});
		await response.body?.cancel();
		return { responseCode: response.status, error: null };
	} catch (error) {
		const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
		return { responseCode: null, error: `${error instanceof Error ? error.message : String(error)}${cause}`.slice(0, 500) };
	}
}
