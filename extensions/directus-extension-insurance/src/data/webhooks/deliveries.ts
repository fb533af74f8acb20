// The outbox → deliveries pipeline in SQL. All state lives in the database, so a restart
// loses nothing and several instances can share the work: a delivery is taken with a
// conditional UPDATE that only one instance can win, and held by a lease that expires if
// that instance dies mid-send.
import type { Knex } from 'knex';
import { matchesEventType, type DeliveryUpdate, type OutboxEvent } from '../../domain/webhooks';

/** Events that commit out of id order (concurrent transactions) are caught by looking back. */
const LOOKBACK_EVENTS = 500;
const FAN_OUT_BATCH = 1000;
const UNFINISHED = ['pending', 'failed'];

const isSqlite = (db: Knex) => db.client.config.client === 'sqlite3';
const parseJson = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);

interface SubscriptionRow {
	id: number;
	event_types: unknown;
	fanned_out_to: number | null;
	date_created: unknown;
}

/** Turns new outbox events into one pending delivery per matching active subscription. */
export async function fanOut(database: Knex): Promise<number> {
	const subscriptions: { id: number }[] = await database('webhook_subscriptions').where('active', true).select('id');
	let created = 0;
	for (const { id } of subscriptions) {
		created += await database.transaction(async (trx) => {
			const query = trx('webhook_subscriptions').where('id', id).first('id', 'event_types', 'fanned_out_to', 'date_created');
			if (!isSqlite(trx)) query.forUpdate();
			const subscription: SubscriptionRow | undefined = await query;
			if (!subscription) return 0;

			// A subscription hears what happens from its creation on.
			const events = trx('insurance_events')
				.where('occurred_at', '>=', subscription.date_created ?? new Date(0))
				.orderBy('id')
				.limit(FAN_OUT_BATCH)
				.select('id', 'type');
			if (subscription.fanned_out_to !== null) events.where('id', '>', Math.max(0, subscription.fanned_out_to - LOOKBACK_EVENTS));
			const rows: { id: number; type: string }[] = await events;
			if (rows.length === 0) return 0;

			const patterns = parseJson(subscription.event_types) as string[] | null;
			const wanted = rows.filter((event) => matchesEventType(patterns, event.type)).map((event) => event.id);
			const existing = new Set(
				wanted.length ? (await trx('webhook_deliveries').where('subscription', id).whereIn('event', wanted).pluck('event')).map(Number) : [],
			);
			const fresh = wanted.filter((event) => !existing.has(Number(event)));
			if (fresh.length > 0) {
				const details = await trx('insurance_events').whereIn('id', fresh).select('id', 'collection', 'item');
				const now = new Date();
				await trx('webhook_deliveries').insert(
					details.map((event: { id: number; collection: string; item: string }) => ({
						subscription: id,
						event: event.id,
						collection: event.collection,
						item: event.item,
						status: 'pending',
						attempts: 0,
						next_attempt_at: now,
						date_created: now,
					})),
				);
			}
			const last = Math.max(subscription.fanned_out_to ?? 0, ...rows.map((event) => Number(event.id)));
			await trx('webhook_subscriptions').where('id', id).update({ fanned_out_to: last });
			return fresh.length;
		});
	}
	return created;
}

export interface ClaimedDelivery {
	id: number;
	attempts: number;
	url: string;
	secret: string;
	event: OutboxEvent;
}

/**
 * Takes up to `limit` due deliveries for this instance. A delivery is due when its retry time
 * has come, nobody holds its lease and no earlier event of the same item is still unfinished
 * for the same subscription: that is what keeps each item's events in order.
 */
export async function claimDue(database: Knex, limit: number, leaseSeconds: number): Promise<ClaimedDelivery[]> {
	const now = new Date();
	const candidates: { id: number }[] = await database('webhook_deliveries as d')
		.join('webhook_subscriptions as s', 's.id', 'd.subscription')
		.where('s.active', true)
		.whereIn('d.status', UNFINISHED)
		.where('d.next_attempt_at', '<=', now)
		.where((q) => q.whereNull('d.lease_until').orWhere('d.lease_until', '<', now))
		.whereNotExists((q) =>
			q
				.select(database.raw('1'))
				.from('webhook_deliveries as e')
				.whereRaw('e.subscription = d.subscription')
				.whereRaw('e.collection = d.collection')
				.whereRaw('e.item = d.item')
				.whereIn('e.status', UNFINISHED)
				.whereRaw('e.event < d.event'),
		)
		.orderBy('d.event')
		.limit(limit)
		.select('d.id');

	const leaseUntil = new Date(now.getTime() + leaseSeconds * 1000);
	const claimed: number[] = [];
	for (const { id } of candidates) {
		const won = await database('webhook_deliveries')
			.where('id', id)
			.whereIn('status', UNFINISHED)
			.where((q) => q.whereNull('lease_until').orWhere('lease_until', '<', now))
			.update({ lease_until: leaseUntil });
		if (won === 1) claimed.push(id);
	}
	if (claimed.length === 0) return [];

	const rows = await database('webhook_deliveries as d')
		.join('webhook_subscriptions as s', 's.id', 'd.subscription')
		.join('insurance_events as e', 'e.id', 'd.event')
		.whereIn('d.id', claimed)
		.orderBy('d.event')
		.select('d.id', 'd.attempts', 's.url', 's.secret', 'e.id as event_id', 'e.type', 'e.collection', 'e.item', 'e.payload');
	return rows.map((row) => ({
		id: row.id,
		attempts: Number(row.attempts),
		url: row.url,
		secret: row.secret,
		event: { id: Number(row.event_id), type: row.type, collection: row.collection, item: row.item, payload: row.payload },
	}));
}

/** Writes the outcome of an attempt and releases the lease. */
export async function recordAttempt(database: Knex, id: number, update: DeliveryUpdate) {
	const now = new Date();
	await database('webhook_deliveries')
		.where('id', id)
		.update({
			status: update.status,
			attempts: update.attempts,
			response_code: update.responseCode,
			last_error: update.lastError,
			next_attempt_at: update.retryInSeconds === null ? null : new Date(now.getTime() + update.retryInSeconds * 1000),
			delivered_at: update.status === 'delivered' ? now : null,
			lease_until: null,
		});
}

export async function maxAttempts(database: Knex): Promise<number> {
	const settings = await database('insurance_settings').first('webhook_max_attempts');
	return Number(settings?.webhook_max_attempts ?? 8);
}
