// The measured scenarios. Each nightly scenario starts from the same state: the due policies
// and their installments are put back as generated, and the rows a run wrote are removed.
import { api, load, seconds } from './measure.mjs';

/** Remembers the due policies (their installments and notices) as generated; `restore` puts them back and removes what a run created. */
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
	// Renewal proposals are new policies: deleting them takes their schedules and notices along.
	for (const table of ['status_history', 'insurance_events', 'directus_revisions', 'directus_activity', 'policies']) {
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
			await db.raw('vacuum analyze policies, installments, client_notices, status_history, insurance_events');
		},
	};
}

/**
 * The nightly run done directly in SQL, set-based, in one transaction per job: each policy
 * selected by its job's rule and locked, its status (and for a lapse its end date, premium and
 * unpaid schedule) written, one status_history row and one outbox event per transition; each
 * reminder one client_notices row (and a notification for a client with a portal user); each
 * renewal its proposal, schedule, history, outbox event and notice. Emails are not sent: the
 * product sends them after the run, from client_notices. The lower bound any implementation
 * can reach. Returns what it did, counted as the product's report counts it.
 */
export async function nightlySql(db, day) {
	const lapseDays = `coalesce(p.days_after_unpaid_due_date, f.days_after_unpaid_due_date, (select days_after_unpaid_due_date from insurance_settings limit 1))`;
	// In the product's job order (data/jobs/index.ts).
	let transitions = await moveSql(db, day, {
		job: 'enforce-policies',
		to: 'InForce',
		select: `select p.id, p.status from policies p join products r on r.id = p.product where p.status = 'Issued' and r.automatic_inforce and p.begin_date <= :day::date`,
	});
	const reminders = await remindersSql(db, day);
	transitions += await moveSql(db, day, {
		job: 'lapse-policies',
		to: 'Lapsed',
		// From the unpaid installments (few) to their policies: an EXISTS over every InForce policy grows with the book.
		select: `select p.id, p.status from (select policy, min(due_date) as due_date from installments where status = 'Unpaid' group by policy) i
			join policies p on p.id = i.policy left join portfolios f on f.id = p.portfolio where p.status = 'InForce' and i.due_date + ${lapseDays} <= :day::date`,
		set: `, end_date = (select min(i.due_date) from installments i where i.policy = p.id and i.status = 'Unpaid'),
			premium_amount = (select coalesce(sum(i.paid_amount), 0) from installments i where i.policy = p.id)`,
		after: `delete from installments i using status_history h where h.id > :mark and h.trigger = 'lapse-policies' and i.policy = h.item::int and i.paid_amount = 0`,
	});
	const renewals = await renewalsSql(db, day);
	transitions += await moveSql(db, day, { job: 'mature-policies', to: 'Maturity', select: `select p.id, p.status from policies p where p.status = 'InForce' and p.end_date <= :day::date` });
	return { transitions, reminders, renewals };
}

/** One job's transitions in one statement: lock, move, history, outbox; `after` for its consequences. */
async function moveSql(db, day, { job, to, select, set = '', after }) {
	return db.transaction(async (trx) => {
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

/** send-payment-reminders in SQL: a notice for each installment due within its reminder days. */
async function remindersSql(db, day) {
	return db.transaction(async (trx) => {
		const result = await trx.raw(
			`with due as (
				select i.id, i.due_date, i.amount - i.paid_amount as owed, p.id as policy, p.client
				-- Each installment's policy by its key (offset 0 keeps the lookup per row): expecting many
				-- installments due, Postgres would hash them against a scan of every policy.
				from installments i cross join lateral (select id, client, portfolio, status, master_policy from policies where id = i.policy offset 0) p
				left join portfolios f on f.id = p.portfolio
				where i.status in ('OnTime', 'StatementIssued') and i.due_date >= :day::date
				  and i.due_date <= :day::date + greatest((select max(reminder_days_before_due) from portfolios), (select reminder_days_before_due from insurance_settings limit 1))
				  and i.due_date - coalesce(f.reminder_days_before_due, (select reminder_days_before_due from insurance_settings limit 1)) <= :day::date
				  and p.status in ('Proposal', 'Issued', 'InForce') and p.master_policy is null
				  and not exists (select 1 from client_notices n where n.installment = i.id and n.kind = 'reminder')
			), notices as (
				insert into client_notices (client, policy, installment, kind, due_date, amount, sent_at, emailed_at)
				select client, policy, id, 'reminder', due_date, owed, now(), now() from due
				on conflict (installment, kind) do nothing returning client, policy
			), notified as (
				insert into directus_notifications (recipient, subject, message, collection, item)
				select c.user, 'Payment reminder', 'An installment is due', 'policies', n.policy::text from notices n join clients c on c.id = n.client where c.user is not null
			)
			select count(*)::int as sent from notices`,
			{ day },
		);
		return result.rows[0].sent;
	});
}

/** renew-policies in SQL: the next term of each renewable policy within its notice, with schedule, history, event and notice. */
async function renewalsSql(db, day) {
	return db.transaction(async (trx) => {
		const result = await trx.raw(
			`with due as (
				select p.* from policies p join products r on r.id = p.product
				where p.status = 'InForce' and r.renewable and p.end_date - r.renewal_notice_days <= :day::date
				  and p.end_date <= :day::date + (select max(renewal_notice_days) from products where renewable)
				  and not exists (select 1 from policies x where x.renewal_of = p.id)
				for update of p
			), renewals as (
				insert into policies (policy_number, status, client, product, portfolio, proposal_date, begin_date, end_date, premium_amount, coverage_limit, currency, days_after_unpaid_due_date, renewal_of)
				select policy_number || '-R1', 'Proposal', client, product, portfolio, :day::date, end_date + 1, end_date + 1 + (end_date - begin_date), premium_amount, coverage_limit, currency, days_after_unpaid_due_date, id
				from due returning id, client, begin_date, premium_amount
			), schedule as (
				insert into installments (policy, sequence, due_date, status, amount, paid_amount)
				select r.id, s, (r.begin_date + make_interval(months => 3 * (s - 1)))::date, 'OnTime', r.premium_amount / 4, 0 from renewals r cross join generate_series(1, 4) s
				returning id, policy, sequence, due_date, amount
			), history as (
				insert into status_history (collection, item, from_status, to_status, trigger, actor, reason, occurred_at)
				select 'policies', id::text, null, 'Proposal', 'created', 'renew-policies', 'Renewal', now() from renewals
			), events as (
				insert into insurance_events (type, collection, item, from_status, to_status, trigger, occurred_at, payload)
				select 'policies.status_changed', 'policies', id::text, null, 'Proposal', 'created', now(), json_build_object('collection', 'policies', 'item', id::text, 'to', 'Proposal') from renewals
			), notices as (
				insert into client_notices (client, policy, installment, kind, due_date, amount, sent_at, emailed_at)
				select r.client, r.id, s.id, 'renewal', s.due_date, s.amount, now(), now() from renewals r join schedule s on s.policy = r.id and s.sequence = 1
			)
			select count(*)::int as renewed from renewals`,
			{ day },
		);
		return result.rows[0].renewed;
	});
}

/** The nightly run through the product: every job (`all`, in order) or one, for the given day. */
export async function nightlyJobs(baseUrl, token, day, job = 'all') {
	const answer = await api(baseUrl, token)('POST', `/insurance/jobs/${job}/run`, { as_of: day });
	if (answer.status !== 200) throw new Error(`POST /insurance/jobs/${job}/run: ${answer.status} ${JSON.stringify(answer.body).slice(0, 500)}`);
	// Transitions ("policies: InForce → Lapsed") and what the servicing jobs did besides.
	const counts = Object.values(answer.body.data.transitions).flatMap((job) => Object.entries(job));
	const sum = (wanted) => counts.filter(([key]) => wanted(key)).reduce((total, [, n]) => total + n, 0);
	return { transitions: sum((key) => key.includes(' → ')), reminders: sum((key) => key === 'client_notices: reminder'), renewals: sum((key) => key === 'policies: renewal proposed') };
}

/** What a nightly run is expected to do on the bench day: from the due policies' kinds. */
export function expectedNight(dueRows) {
	const of = (...kinds) => dueRows.filter((row) => kinds.includes(row.kind)).length;
	return { transitions: of('lapse', 'mature', 'enforce'), reminders: of('remind'), renewals: of('renew') };
}

/** Waits until every notice's email has gone (the product mails after the run); returns the seconds it took. */
export async function emailsDrained(db, timeoutMs = 600_000) {
	const started = Date.now();
	while (Number((await db('client_notices').whereNull('emailed_at').count({ n: '*' }))[0].n) > 0) {
		if (Date.now() - started > timeoutMs) throw new Error('notice emails still waiting after the timeout');
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return (Date.now() - started) / 1000;
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
		jobs[job] = { seconds: Number(took.toFixed(3)), ...result };
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

