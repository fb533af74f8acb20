// The one path every status change takes, whoever starts it (REST, GraphQL, a Flow, an
// endpoint, a job): lock the rows, check each move against the lifecycle table, write the
// status with its fields (a person's through Directus, so their permissions apply; the
// system's set-based), then the history, the outbox event and the consequences, all in the
// caller's transaction.
import type { Knex } from 'knex';
import type { ApiExtensionContext, PrimaryKey, SchemaOverview } from '@directus/types';
import { checkCreation, checkTransition, historyTrigger, lifecycleForCollection, type Lifecycle, type TransitionRule, type TriggerKind } from '../domain/lifecycles';
import { ItemNotFoundError, TransitionConflictError, TransitionNotAllowedError } from '../errors';
import { rightsOn, type Actor } from './actor';
import { whereKeyIn } from './jobs/sql';
import { dateValue } from './values';

/** Rows per statement: small enough for every database's parameter limit. */
const CHUNK_ROWS = 500;

export interface TransitionCommand {
	collection: string;
	keys: PrimaryKey[];
	to: string;
	trigger: TriggerKind;
	/** For trigger 'job': the job's name. */
	job?: string;
	/** For trigger 'cancellation': the reason type. */
	reasonType?: string;
	/** For trigger 'cancellation': the day it takes effect (the consequences end the contract then). */
	effectiveDate?: string;
	/** For trigger 'request': the request being served (e.g. 'quote-and-bind'). */
	action?: string;
	actor: Actor;
	reason?: string | null;
	/** Other fields written in the same statement as the status (e.g. status_reason, end_date). */
	fields?: Record<string, unknown>;
	/** Per item, its own reason and fields over `reason` and `fields`: a job moving many items, each for its own cause. */
	perItem?: ReadonlyMap<string, { reason: string; fields: Record<string, unknown> }>;
	/** Statuses the caller saw before the lock: a difference means a concurrent change (409). */
	expected?: ReadonlyMap<string, string>;
	/** Refuse an item already in the target status (an explicit request to move it). */
	requireChange?: boolean;
	/**
	 * false when a Directus update of the same items follows the transition (the lifecycle
	 * guard) and records the activity and revision itself: one of each per request.
	 */
	track?: boolean;
}

export interface CreationCommand {
	collection: string;
	payload: Record<string, unknown>;
	/** The initial status, or one allowed step from it (a claim filed and submitted at once). */
	status: string;
	trigger: TriggerKind;
	actor: Actor;
	reason?: string | null;
}

export interface AppliedTransition {
	collection: string;
	item: string;
	/** null for the creation of an item. */
	from: string | null;
	to: string;
	trigger: string;
	actor: string;
	reason: string | null;
}

/** What runs after a transition in the same transaction: closing dependents, endorsements... */
export type Consequences = (session: TransitionSession, applied: AppliedTransition[], command: TransitionCommand) => Promise<void>;

/**
 * What runs once the moves are allowed and before anything is written: refuses fields a move
 * may not carry and returns those to write with the status (a claim's approval takes its line
 * decisions out of the payload and records them itself).
 */
export type Preconditions = (session: TransitionSession, applied: AppliedTransition[], command: TransitionCommand) => Promise<Record<string, unknown> | undefined>;

/** Current status of each key, locked for the rest of the transaction where the database can. */
export async function lockStatuses(trx: Knex, collection: string, keys: PrimaryKey[]): Promise<Map<string, string>> {
	const query = whereKeyIn(trx(collection), trx, 'id', keys as (string | number)[]).select('id', 'status');
	if (trx.client.config.client !== 'sqlite3') query.forUpdate();
	return new Map((await query).map((row: { id: PrimaryKey; status: string }) => [String(row.id), row.status]));
}

export async function readStatuses(database: Knex, collection: string, keys: PrimaryKey[]): Promise<Map<string, string>> {
	const rows = await database(collection).whereIn('id', keys).select('id', 'status');
	return new Map(rows.map((row: { id: PrimaryKey; status: string }) => [String(row.id), row.status]));
}

/**
 * One database transaction's worth of transitions. Every transition made through it (and by
 * its consequences) is collected, to be announced once the transaction has committed.
 */
export class TransitionSession {
	readonly applied: AppliedTransition[] = [];

	constructor(
		readonly trx: Knex.Transaction,
		readonly services: ApiExtensionContext['services'],
		readonly schema: SchemaOverview,
		private readonly consequences?: Consequences,
		private readonly preconditions?: Preconditions,
	) {}

	/** Directus items service bound to this transaction, with the given rights (null: full). */
	items(collection: string, accountability: Actor['accountability'] = null) {
		return new this.services.ItemsService(collection, { knex: this.trx, schema: this.schema, accountability });
	}

	async transition(command: TransitionCommand): Promise<AppliedTransition[]> {
		const { collection, keys, to, actor } = command;
		const lifecycle = lifecycleForCollection(collection);
		if (!lifecycle) throw new Error(`${collection} has no lifecycle`);

		const current = await lockStatuses(this.trx, collection, keys);
		const applied: AppliedTransition[] = [];
		for (const key of keys) {
			const item = String(key);
			const from = current.get(item);
			if (from === undefined) throw new ItemNotFoundError({ collection, item });
			const seen = command.expected?.get(item);
			if (seen !== undefined && seen !== from) throw new TransitionConflictError({ collection, item, expected: seen, actual: from });
			if (from === to && !command.requireChange) continue;
			const by = { trigger: command.trigger, actor: actor.kind, rights: rightsOn(actor, lifecycle.name), job: command.job, reasonType: command.reasonType, action: command.action };
			const check = checkTransition(lifecycle, from, to, by);
			if (!check.ok) throw new TransitionNotAllowedError({ collection, item, from, to, allowed: check.allowedTargets });
			const reason = command.perItem?.get(item)?.reason ?? command.reason ?? null;
			applied.push({ collection, item, from, to, trigger: historyTrigger(check.rule), actor: actor.id, reason });
		}
		if (applied.length === 0) return applied;
		// The caller (the lifecycle guard) hands Directus what is left to write.
		if (this.preconditions) command.fields = await this.preconditions(this, applied, command);

		const keysApplied = applied.map((a) => a.item);
		if (actor.kind === 'system' && actor.accountability === null) {
			await this.writeAsSystem(collection, keysApplied, to, command);
		} else {
			// Through Directus, so a person's item permissions (row filters, field rights) apply to
			// the status and every other field, and whatever a Flow or an extension sends along
			// (relations, JSON) is processed; events are announced once the transaction commits.
			await this.items(collection, actor.accountability).updateMany(keysApplied, { ...command.fields, status: to }, { emitEvents: false, skipTracking: command.track === false });
			if (command.perItem) await this.writePerItem(collection, actor, keysApplied, command.perItem);
		}
		await recordTransitions(this.trx, applied);
		this.applied.push(...applied);
		await this.consequences?.(this, applied, command);
		return applied;
	}

	/**
	 * Creates an item through Directus with the caller's rights, straight in `status` when the
	 * table lets this actor take that step from the initial status: the history records the
	 * creation and the step, which brings its consequences like any transition.
	 */
	async create(command: CreationCommand): Promise<PrimaryKey> {
		const { collection, status, actor } = command;
		const lifecycle = lifecycleForCollection(collection);
		if (!lifecycle) throw new Error(`${collection} has no lifecycle`);
		const check = checkCreation(lifecycle, status, { trigger: command.trigger, actor: actor.kind, rights: rightsOn(actor, lifecycle.name) });
		if (!check.ok) throw new TransitionNotAllowedError({ collection, item: 'new item', from: '(none)', to: status, allowed: check.allowedTargets });

		const key = await this.items(collection, actor.accountability).createOne({ ...command.payload, status }, { emitEvents: false });
		const reason = command.reason ?? null;
		const [created, ...stepped] = creationHistory(lifecycle, collection, String(key), check.via, actor.id, reason);
		await recordTransitions(this.trx, [created!, ...stepped]);
		this.applied.push(...stepped);
		await this.consequences?.(this, stepped, { collection, keys: [key], to: status, trigger: command.trigger, actor, reason });
		return key;
	}

	/**
	 * New items the system builds itself (a job's renewal proposals) in one set-based insert, each
	 * created in `status` like `create` allows it, its creation recorded in the history. `matchBy`
	 * is a unique field of the payloads; returns the new key of each of its values.
	 */
	async createManyAsSystem(command: Omit<CreationCommand, 'payload' | 'reason'> & { payloads: Record<string, unknown>[]; reasons: (string | null)[]; matchBy: string }): Promise<Map<string, number>> {
		const { collection, status, actor, payloads, reasons, matchBy } = command;
		const lifecycle = lifecycleForCollection(collection);
		if (!lifecycle) throw new Error(`${collection} has no lifecycle`);
		const check = checkCreation(lifecycle, status, { trigger: command.trigger, actor: actor.kind, rights: rightsOn(actor, lifecycle.name) });
		if (!check.ok) throw new TransitionNotAllowedError({ collection, item: 'new item', from: '(none)', to: status, allowed: check.allowedTargets });

		const inserted = await this.insertAsSystem(collection, payloads.map((payload) => ({ ...payload, status })), ['id', matchBy]);
		const keys = new Map(inserted.map((row) => [String(row[matchBy]), Number(row['id'])]));
		const history = payloads.flatMap((payload, index) => creationHistory(lifecycle, collection, String(keys.get(String(payload[matchBy]))), check.via, actor.id, reasons[index] ?? null));
		await recordTransitions(this.trx, history);
		const stepped = history.filter((transition) => transition.from !== null);
		this.applied.push(...stepped);
		if (stepped.length > 0) await this.consequences?.(this, stepped, { collection, keys: stepped.map((t) => t.item), to: status, trigger: command.trigger, actor });
		return keys;
	}

	/**
	 * Rows of plain column values the system computed, inserted in chunks, dates stored as
	 * Directus stores them; on Postgres a chunk is one JSON parameter, typed by the table's row type.
	 * With `skipConflictsOn` (a unique index's columns) a row already there is skipped, not returned.
	 */
	async insertAsSystem(collection: string, rows: Record<string, unknown>[], returning: string[] = [], skipConflictsOn?: string[]): Promise<Record<string, unknown>[]> {
		const inserted: Record<string, unknown>[] = [];
		const postgres = this.trx.client.config.client === 'pg';
		for (let index = 0; index < rows.length; index += CHUNK_ROWS) {
			const chunk = rows.slice(index, index + CHUNK_ROWS).map((row) => this.storedValues(collection, row));
			if (!postgres) {
				const query = this.trx(collection).insert(chunk);
				if (skipConflictsOn) query.onConflict(skipConflictsOn).ignore();
				if (returning.length === 0) await query;
				else inserted.push(...(await query.returning(returning)));
				continue;
			}
			const columns = [...new Set(chunk.flatMap((row) => Object.keys(row)))];
			const list = columns.map(() => '??').join(', ');
			const skip = skipConflictsOn ? ` on conflict (${skipConflictsOn.map(() => '??').join(', ')}) do nothing` : '';
			const back = returning.length > 0 ? ` returning ${returning.map(() => '??').join(', ')}` : '';
			const result = await this.trx.raw(`insert into ?? (${list}) select ${list} from jsonb_populate_recordset(null::??, ?::jsonb)${skip}${back}`, [
				collection,
				...columns,
				...columns,
				collection,
				JSON.stringify(chunk),
				...(skipConflictsOn ?? []),
				...returning,
			]);
			inserted.push(...(returning.length > 0 ? result.rows : []));
		}
		return inserted;
	}

	/** Date fields given as 'YYYY-MM-DD' as the database stores them. */
	private storedValues(collection: string, values: Record<string, unknown>): Record<string, unknown> {
		const fieldTypes = this.schema.collections[collection]!.fields;
		const stored = { ...values };
		for (const [field, value] of Object.entries(stored)) {
			if (fieldTypes[field]?.type === 'date' && typeof value === 'string') stored[field] = dateValue(this.trx, value);
		}
		return stored;
	}

	/**
	 * The system's own writes (jobs, consequences: plain column values this extension computed)
	 * have full access: Directus' permission layer would add nothing but its per-item payload
	 * processing, which a nightly run pays thousands of times. Status and each item's own fields
	 * go in one set-based statement per set of field names (Postgres), or one per distinct set
	 * of values (SQLite, in-process). Dates are given as 'YYYY-MM-DD' and stored as Directus
	 * stores them.
	 */
	private async writeAsSystem(collection: string, keys: string[], to: string, command: TransitionCommand) {
		const rows = keys.map((key) => ({ key, values: this.storedValues(collection, { ...command.fields, ...command.perItem?.get(key)?.fields, status: to }) }));
		const postgres = this.trx.client.config.client === 'pg';
		for (const members of groupBy(rows, (row) => JSON.stringify(postgres ? Object.keys(row.values).sort() : row.values))) {
			const { values } = members[0]!;
			for (let index = 0; index < members.length; index += CHUNK_ROWS) {
				const chunk = members.slice(index, index + CHUNK_ROWS);
				if (!postgres) {
					await this.trx(collection).whereIn('id', chunk.map((row) => row.key)).update(values);
					continue;
				}
				// Each row's values typed by the table's own row type.
				const columns = Object.keys(values);
				const assignments = columns.map(() => '?? = v.??').join(', ');
				const records = chunk.map((row) => ({ ...row.values, id: row.key }));
				await this.trx.raw(`update ?? as t set ${assignments} from jsonb_populate_recordset(null::??, ?::jsonb) as v where t.id = v.id`, [
					collection,
					...columns.flatMap((column) => [column, column]),
					collection,
					JSON.stringify(records),
				]);
			}
		}
	}

	/** Each item's own fields, through Directus like the status: one update per distinct set of values. */
	private async writePerItem(collection: string, actor: Actor, keys: string[], perItem: NonNullable<TransitionCommand['perItem']>) {
		const fieldsOf = (key: string) => perItem.get(key)?.fields ?? {};
		const withFields = keys.filter((key) => Object.keys(fieldsOf(key)).length > 0);
		const items = this.items(collection, actor.accountability);
		for (const group of groupBy(withFields, (key) => JSON.stringify(fieldsOf(key)))) await items.updateMany(group, fieldsOf(group[0]!), { emitEvents: false });
	}
}

/** A new item's history: its creation in the initial status, then the step it was created through. */
export function creationHistory(lifecycle: Lifecycle, collection: string, item: string, via: TransitionRule | undefined, actor: string, reason: string | null): AppliedTransition[] {
	const created = { collection, item, from: null, to: lifecycle.initial, trigger: 'created', actor, reason: null };
	return via ? [created, { collection, item, from: lifecycle.initial, to: via.to, trigger: historyTrigger(via), actor, reason }] : [created];
}

/** Items grouped by a signature (the JSON of what they are written with), in first-seen order. */
function groupBy<T>(items: T[], signature: (item: T) => string): T[][] {
	const groups = new Map<string, T[]>();
	for (const item of items) {
		const key = signature(item);
		const group = groups.get(key);
		if (group) group.push(item);
		else groups.set(key, [item]);
	}
	return [...groups.values()];
}

export async function insertInChunks(trx: Knex, table: string, rows: Record<string, unknown>[]) {
	for (let index = 0; index < rows.length; index += CHUNK_ROWS) await trx(table).insert(rows.slice(index, index + CHUNK_ROWS));
}

/**
 * status_history rows and outbox events, in the transaction of the change they describe. On
 * Postgres a chunk of both goes in one statement, its rows as one JSON parameter rather than
 * thousands of bound values.
 */
export async function recordTransitions(trx: Knex, applied: AppliedTransition[]) {
	if (applied.length === 0) return;
	const occurredAt = new Date();
	const rows = applied.map(({ collection, item, from, to, trigger, actor, reason }) => ({
		type: from === to ? `${collection}.${trigger}` : `${collection}.status_changed`,
		collection,
		item,
		from_status: from,
		to_status: to,
		trigger,
		actor,
		reason,
		payload: JSON.stringify({ collection, item, from, to, trigger, actor, reason, occurred_at: occurredAt.toISOString() }),
	}));
	if (trx.client.config.client !== 'pg') {
		await insertInChunks(trx, 'status_history', rows.map(({ type: _, payload: __, ...row }) => ({ ...row, occurred_at: occurredAt })));
		await insertInChunks(trx, 'insurance_events', rows.map(({ actor: _, reason: __, ...row }) => ({ ...row, occurred_at: occurredAt })));
		return;
	}
	for (let index = 0; index < rows.length; index += CHUNK_ROWS) {
		await trx.raw(
			`with rows as (
				select * from jsonb_to_recordset(?::jsonb) as r(type text, collection text, item text, from_status text, to_status text, trigger text, actor text, reason text, payload text)
			), history as (
				insert into status_history (collection, item, from_status, to_status, trigger, actor, reason, occurred_at)
				select collection, item, from_status, to_status, trigger, actor, reason, ?::timestamptz from rows
			)
			insert into insurance_events (type, collection, item, from_status, to_status, trigger, occurred_at, payload)
			select type, collection, item, from_status, to_status, trigger, ?::timestamptz, payload::json from rows`,
			[JSON.stringify(rows.slice(index, index + CHUNK_ROWS)), occurredAt, occurredAt],
		);
	}
}
