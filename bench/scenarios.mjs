// The measured scenarios. Each nightly scenario starts from the same state: the due policies
// and their installments are put back as generated, and the rows a run wrote are removed.
import { api, load, seconds } from './measure.mjs';

/** Remembers the due policies (their installments and notices) as generated; `restore` puts them back. */
export async function snapshot(db, due) {
	const ids = due.map((d) => d.id);
	await db.raw('drop table if exists bench_due, bench_policies, bench_installments, bench_notices');
	await db.raw('create table bench_due (id integer primary key)');
	for (let i = 0; i < ids.length; i += 10_000) await db('bench_due').insert(ids.slice(i, i + 10_000).map((id) => ({ id })));
	await db.raw('create table bench_policies as select p.* from policies p join bench_due d on d.id = p.id');
	await db.raw('create table bench_installments as select i.* from installments i join bench_due d on d.id = i.policy');
	await db.raw('create table bench_notices as select n.* from client_notices n join bench_due d on d.id = n.policy');
	const marks = {};
	// directus_revisions reference directus_activity: revisions are deleted first.
	for (const table of ['status_history', 'insurance_events', 'directus_revisions', 'directus_activity']) {
		marks[table] = Number((await db(table).max({ m: 'id' }))[0].m ?? 0);
	}
	return {
		async restore() {
			await db.transaction(async (trx) => {
				await trx.raw('update policies p set status = b.status, status_reason = b.status_reason, end_date = b.end_date, premium_amount = b.premium_amount from bench_policies b where b.id = p.id');
				await trx.raw('update installments i set status = b.status, paid_amount = b.paid_amount, statement_date = b.statement_date from bench_installments b where b.id = i.id');
				// A lapse trims the unpaid part of the schedule.
				await trx.raw('insert into installments select b.* from bench_installments b where not exists (select 1 from installments i where i.id = b.id)');
				// Its notices lose the installments removed (set null): they are put back as generated.
				await trx.raw('delete from client_notices n using bench_due d where d.id = n.policy');
				await trx.raw('insert into client_notices select b.* from bench_notices b');
					for (const table of Object.keys(marks)) await trx(table).where('id', '>', marks[table]).delete();
			});
			await db.raw('vacuum analyze policies, installments, status_history, insurance_events');
		},
	};
}

/**
 * The nightly transitions done directly in SQL, set-based, in one transaction per job: each
 * policy selected by its job's rule and locked, its status (and for a lapse its end date,
 * premium and unpaid schedule) written, one status_history row and one outbox event per
 * transition. The lower bound any implementation can reach.
 */
export async function nightlySql(db, day) {
	const lapseDays = `coalesce(p.days_after_unpaid_due_date, f.days_after_unpaid_due_date, (select days_after_unpaid_due_date from insurance_settings limit 1))`;
	const moves = [
		{
			job: 'enforce-policies',
			to: 'InForce',
			select: `select p.id, p.status from policies p join products r on r.id = p.product where p.status = 'Issued' and r.automatic_inforce and p.begin_date <= :day::date`,
		},
		{
			job: 'lapse-policies',
			to: 'Lapsed',
			select: `select p.id, p.status from policies p left join portfolios f on f.id = p.portfolio where p.status = 'InForce' and exists (
				select 1 from installments i where i.policy = p.id and i.status = 'Unpaid' and i.due_date + ${lapseDays} <= :day::date)`,
			set: `, end_date = (select min(i.due_date) from installments i where i.policy = p.id and i.status = 'Unpaid'),
				premium_amount = (select coalesce(sum(i.paid_amount), 0) from installments i where i.policy = p.id)`,
			after: `delete from installments i using status_history h where h.id > :mark and h.trigger = 'lapse-policies' and i.policy = h.item::int and i.paid_amount = 0`,
		},
		{ job: 'mature-policies', to: 'Maturity', select: `select p.id, p.status from policies p where p.status = 'InForce' and p.end_date <= :day::date` },
	];
	let moved = 0;
	for (const { job, to, select, set = '', after } of moves) {
		moved += await db.transaction(async (trx) => {
			const mark = Number((await trx('status_history').max({ m: 'id' }))[0].m ?? 0);
			const result = await trx.raw(
				`with due as (${select} for update of p),
				 moved as (update policies p set status = :to::text ${set} from due where due.id = p.id returning p.id, due.status as from_status),
				 history as (insert into status_history (collection, item, from_status, to_status, trigger, actor, reason, occurred_at)
				             select 'policies', id::text, from_status, :to::text, :job::text, :job::text, null, now() from moved)
				 insert into insurance_events (type, collection, item, from_status, to_status, trigger, occurred_at, payload)
				 select 'policies.status_changed', 'policies', id::text, from_status, :to::text, :job::text, now(),
				        json_build_object('collection', 'policies', 'item', id::text, 'from', from_status, 'to', :to::text, 'trigger', :job::text)
				 from moved returning item`,
				{ day, to, job },
			);
			if (after) await trx.raw(after, { mark });
			return result.rowCount;
		});
	}
	return moved;
}

/** The nightly run through the product: every job (`all`, in order) or one, for the given day. */
export async function nightlyJobs(baseUrl, token, day, job = 'all') {
	const answer = await api(baseUrl, token)('POST', `/insurance/jobs/${job}/run`, { as_of: day });
	if (answer.status !== 200) throw new Error(`POST /insurance/jobs/${job}/run: ${answer.status} ${JSON.stringify(answer.body).slice(0, 500)}`);
	// Transitions only ("policies: InForce → Lapsed"); what the servicing jobs did besides (notices) is reported apart.
	const counts = Object.values(answer.body.data.transitions).flatMap((job) => Object.entries(job));
	const besides = counts.filter(([key]) => !key.includes(' → '));
	if (besides.length > 0) console.log(`  besides transitions: ${JSON.stringify(Object.fromEntries(besides))}`);
	return counts.filter(([key]) => key.includes(' → ')).reduce((sum, [, n]) => sum + n, 0);
}

/** The order of a full run (data/jobs/index.ts JOBS), for the per-job breakdown. */
export const NIGHTLY_ORDER = [
	'withdraw-proposals',
	'enforce-policies',
	'issue-statements',
	'mark-unpaid-installments',
	'send-payment-reminders',
	'aggregate-master-installments',
	'lapse-master-policies',
	'lapse-policies',
	'renew-policies',
	'mature-policies',
	'withdraw-master-policies',
	'enforce-master-policies',
	'mature-master-policies',
];

/** One nightly run job by job: where the time goes. */
export async function nightlyBreakdown(baseUrl, token, day) {
	const jobs = {};
	for (const job of NIGHTLY_ORDER) {
		const { seconds: took, result } = await seconds(() => nightlyJobs(baseUrl, token, day, job));
		jobs[job] = { seconds: Number(took.toFixed(3)), transitions: result };
	}
	return jobs;
}

/**
 * `count` guarded status PATCHes (a policy withdrawn through the lifecycle guard) interleaved
 * with as many unguarded field PATCHes of other policies, one request at a time.
 */
export async function guardedVersusPlain(baseUrl, token, withdrawIds, editIds) {
	const request = api(baseUrl, token);
	const guarded = [];
	const plain = [];
	const errors = [];
	for (let i = 0; i < withdrawIds.length; i++) {
		const status = await request('PATCH', `/items/policies/${withdrawIds[i]}`, { status: 'Withdraw', status_reason: 'bench' });
		const field = await request('PATCH', `/items/policies/${editIds[i]}`, { coverage_limit: 40_000 + (i % 1000) });
		guarded.push(status.ms);
		plain.push(field.ms);
		for (const answer of [status, field]) if (answer.status !== 200) errors.push(`${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
	}
	return { guarded, plain, errors };
}

const claimLines = (i, serviceDate) =>
	Array.from({ length: 5 }, (_, line) => ({
		kind: ['medication', 'consultation', 'hospital', 'medication', 'other'][line],
		description: `Bench receipt ${i}.${line}`,
		service_date: serviceDate,
		quantity: 1 + (line % 2),
		unit_amount: 20 + line,
	}));

/** Claims with 5 lines each, `concurrency` clients at once: through the product or plain Directus. */
export async function submitClaims(baseUrl, token, { mode, policies, serviceDate, total, concurrency }) {
	const request = api(baseUrl, token);
	return load({
		total,
		concurrency,
		make: (i) => {
			const { id, client } = policies[i % policies.length];
			return mode === 'insurance'
				? request('POST', '/insurance/claims', { policy: id, client, lines: claimLines(i, serviceDate) })
				: request('POST', '/items/claims', { policy: id, client, lines: claimLines(i, serviceDate) });
		},
	});
}

