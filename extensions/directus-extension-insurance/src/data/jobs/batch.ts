// How every job works through its candidates: one indexed query selects their ids once per run
// (they are few: only what is due today), then each page of them is one transaction that
// re-reads its rows under lock, lets the domain rule decide, and moves them through the
// transition engine. A page commits fully or not at all, so a run killed midway leaves every
// item either moved (with its history) or untouched for the next run, which selects it again.
// On Postgres a few pages are worked at once: while one waits for the database, the next one's
// rules run, a quarter to a third off a large night on two cores. Pages hold disjoint rows;
// where they meet on shared ones (a master policy's schedule) and Postgres breaks a deadlock,
// the page it rolled back is worked again.
import type { Knex } from 'knex';
import type { JobName } from '../../domain/lifecycles';
import { systemActor } from '../actor';
import { withTransitions } from '../engine';
import type { TransitionSession } from '../transitions';
import type { JobContext } from './context';
import { retrying, workPages } from './pages';
import { fromIndex, isSqlite, lockRows, whereKeyIn } from './sql';

/** The from, joins and conditions of a job's candidates; the caller picks the columns. */
export type CandidateQuery = (db: Knex, context: JobContext) => Knex.QueryBuilder;

/**
 * Runs `work` over the rows `candidates` selects, a page of ids at a time. `table` is the table
 * whose `id` the pages hold and whose rows a page locks; `columns` what `work` reads (one row
 * per id: a join that repeats rows is deduplicated).
 */
export async function inBatches(
	context: JobContext,
	table: string,
	candidates: CandidateQuery,
	columns: string[],
	work: (session: TransitionSession, rows: Record<string, any>[], page: PageTally) => Promise<void>,
	preselect?: CandidateQuery,
) {
	const { platform } = context;
	// No ORDER BY … LIMIT in SQL: it would make the database walk the whole table in id order
	// instead of using the index on the job's filter. Ascending pages keep the lock order stable.
	const selected: { id: number | string }[] = await fromIndex(platform.database, (db) => (preselect ?? candidates)(db, context).distinct(`${table}.id as id`));
	const ids = selected
		.map((row) => Number(row.id))
		.sort((a, b) => a - b);
	const pages: number[][] = [];
	for (let start = 0; start < ids.length; start += context.batchSize) pages.push(ids.slice(start, start + context.batchSize));

	const workers = isSqlite(platform.database) ? 1 : context.pagesAtOnce;
	await workPages(pages, workers, async (page) => {
		// Counted once the page has committed: a page worked again counts once.
		const { applied, counts } = await retrying(DEADLOCK_ATTEMPTS, isDeadlock, async () => {
			const counts = new Map<string, number>();
			const applied = await withTransitions(platform, platform.database, async (session) => {
				// Still a candidate once locked: another run or a payment may have moved it meanwhile.
				const locked: Record<string, any>[] = await lockRows(session.trx, whereKeyIn(candidates(session.trx, context), session.trx, `${table}.id`, page).select(columns), table);
				const rows = [...new Map(locked.map((row) => [String(row['id']), row])).values()];
				if (rows.length > 0) await work(session, rows, { tally: (key, count) => counts.set(key, (counts.get(key) ?? 0) + count) });
				return session.applied;
			});
			return { applied, counts };
		});
		for (const [key, count] of counts) context.tally(key, count);
		await context.afterBatch(applied);
	});
}

/** What a page did besides transitions (notices sent, renewals proposed), counted once it commits. */
export interface PageTally {
	tally(key: string, count: number): void;
}

/** Postgres rolled the transaction back to break a deadlock (SQLSTATE 40P01). */
const isDeadlock = (error: unknown) => (error as { code?: string } | null)?.code === '40P01';
const DEADLOCK_ATTEMPTS = 3;

export interface SimpleJob {
	name: JobName;
	collection: string;
	to: string;
	/** The rows that may be due (an indexed query). */
	candidates: CandidateQuery;
	/**
	 * The candidates' conditions on their own table alone, selected first through its index when
	 * a join in `candidates` would make the planner scan the joined table: its estimate of a
	 * status-and-date filter assumes the two independent, so with few rows due it still expects
	 * many and hashes the whole joined table, a cost that grows with the portfolio. The join
	 * then runs on each page of ids only.
	 */
	preselect?: CandidateQuery;
	/** Columns `isDue`, `reason` and `fields` read; `<collection>.id as id` first. */
	columns: string[];
	/** The domain rule, on the locked row. */
	isDue(row: Record<string, any>, context: JobContext): boolean;
	/** Why this row moves, for its history (the row's own dates are on it). */
	reason(row: Record<string, any>, context: JobContext): string;
	fields?(row: Record<string, any>, context: JobContext): Record<string, unknown>;
}

/** A job that moves each due row of one collection to one status, with the job's reason. */
export function simpleJob(definition: SimpleJob) {
	return {
		name: definition.name,
		run: (context: JobContext) =>
			inBatches(context, definition.collection, definition.candidates, definition.columns, async (session, rows) => {
				const due = rows.filter((row) => definition.isDue(row, context));
				if (due.length === 0) return;
				// Each item with its own reason and fields: the engine writes the page set-based.
				const perItem = new Map(due.map((row) => [String(row['id']), { reason: definition.reason(row, context), fields: { ...definition.fields?.(row, context) } }]));
				await session.transition({
					collection: definition.collection,
					keys: [...perItem.keys()],
					to: definition.to,
					trigger: 'job',
					job: definition.name,
					actor: systemActor(definition.name),
					perItem,
				});
			}, definition.preselect),
	};
}
