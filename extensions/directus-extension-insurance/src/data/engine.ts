// Opens (or joins) the transaction in which transitions and their consequences are written,
// and announces them once it has committed: Flows, realtime subscribers and the webhook
// dispatcher hear about a status change however it was made.
import type { Knex } from 'knex';
import type { ApiExtensionContext, SchemaOverview } from '@directus/types';
import { applyConsequences, checkPreconditions } from './consequences';
import { TransitionSession, type AppliedTransition } from './transitions';

export type Platform = Pick<ApiExtensionContext, 'services' | 'getSchema' | 'database'>;

/**
 * The platform as one request or hook call sees it: with the schema Directus already loaded
 * for it. Every getSchema() call deep-copies the whole schema, milliseconds a request.
 */
export function platformFor(platform: Platform, schema: SchemaOverview | null | undefined): Platform {
	return schema ? { ...platform, getSchema: async () => schema } : platform;
}

interface ActionEmitter {
	emitAction(event: string | string[], meta: Record<string, unknown>, context: Record<string, unknown>): void;
}

let directusEmitter: Promise<ActionEmitter> | undefined;

/**
 * Directus' own event emitter. Extension contexts only carry an extension-local one, which
 * neither Flows, realtime subscriptions nor other hooks listen to. The specifier is resolved
 * at run time from the Directus installation the extension is loaded into (never bundled),
 * so this is the very instance Directus emits its item events on.
 */
function globalEmitter(): Promise<ActionEmitter> {
	const specifier = '@directus/api/emitter';
	directusEmitter ??= import(/* @vite-ignore */ specifier).then((module: { default: ActionEmitter }) => module.default);
	return directusEmitter;
}

export async function withTransitions<T>(platform: Platform, database: Knex, work: (session: TransitionSession) => Promise<T>): Promise<T> {
	const schema = await platform.getSchema({ database });
	let session: TransitionSession | undefined;
	const run = async (trx: Knex.Transaction) => {
		session = new TransitionSession(trx, platform.services, schema, applyConsequences, checkPreconditions);
		return work(session);
	};
	if (!database.isTransaction) {
		const result = await database.transaction(run);
		await announce(platform, schema, session?.applied ?? []);
		return result;
	}
	const writer = database as Knex.Transaction;
	const result = await run(writer);
	// Joined the writer's transaction (a REST or GraphQL write through the guard): heard once it
	// commits, as Directus' own events are, and never for a write that rolls back.
	const applied = session?.applied ?? [];
	writer.executionPromise.then(() => announce(platform, schema, applied)).catch(() => undefined);
	return result;
}

/** The same action events a plain Directus update emits, one per collection and target status. */
async function announce(platform: Platform, schema: unknown, applied: AppliedTransition[]) {
	if (applied.length === 0) return;
	const emitter = await globalEmitter();
	const groups = new Map<string, AppliedTransition[]>();
	for (const transition of applied) {
		const key = `${transition.collection}\u0000${transition.to}`;
		const group = groups.get(key);
		if (group) group.push(transition);
		else groups.set(key, [transition]);
	}
	const context = { database: platform.database, schema, accountability: null };
	for (const group of groups.values()) {
		const { collection, to } = group[0]!;
		const keys = group.map((t) => t.item);
		emitter.emitAction(['items.update', `${collection}.items.update`], { payload: { status: to }, keys, collection }, context);
	}
	emitter.emitAction('insurance.transitions', { transitions: applied }, context);
}
