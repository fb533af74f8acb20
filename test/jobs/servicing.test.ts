// Servicing on its own Directus and SMTP server: 14 months of daily jobs driven with as_of. A
// client is reminded of each installment reminder_days_before_due before it is due, told of
// each unpaid one with the day the policy lapses, and offered the renewal of a renewable policy
// renewal_notice_days before it ends — each once (client_notices, Directus notifications and
// mails counted), a skipped day caught up, a rerun of any day changing nothing. Then the bad
// input of servicing, refused with nothing written, and who reads which notices.
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchDatabase, startInstance, type Instance } from '../helpers/instance';
import { startInbox, type Inbox } from '../helpers/mail';
import { ok, readDate, referenceIds, signIn, signInAdmin, uniqueNumber, type Reply, type Session } from './api';

let inbox: Inbox;
let database: Awaited<ReturnType<typeof scratchDatabase>>;
let instance: Instance;
let db: Knex;
let admin: Session;
let office: Session;
let ids: Awaited<ReturnType<typeof referenceIds>>;

const CLIENT = 'client.b@example.com';

beforeAll(async () => {
	inbox = await startInbox();
	database = await scratchDatabase('servicing');
	instance = await startInstance({ ...database.env, EMAIL_SMTP_HOST: '127.0.0.1', EMAIL_SMTP_PORT: String(inbox.port) });
	db = database.db();
	admin = await signInAdmin(instance.url);
	office = await signIn(instance.url, 'administration@example.com');
	ids = await referenceIds(db);
}, 300_000);

afterAll(async () => {
	await db?.destroy();
	await instance?.stop();
	await database?.drop();
	await inbox?.close();
});

const runJobs = (job: string, as_of: string) => admin.post(`/insurance/jobs/${job}/run`, { as_of });

async function createProduct(fields: Record<string, unknown>) {
	return Number(ok(await admin.post('/items/products', { code: uniqueNumber('SRV'), name: 'Servicing test product', premium_frequency: 'quarterly', automatic_inforce: true, ...fields })).id);
}

async function createPolicy(product: number, portfolio: number, dates: { proposal: string; begin: string; end: string }, premium: number) {
	return Number(
		ok(
			await admin.post('/items/policies', {
				policy_number: uniqueNumber('SRV-P'),
				client: await ids.client(CLIENT),
				product,
				portfolio,
				proposal_date: dates.proposal,
				begin_date: dates.begin,
				end_date: dates.end,
				premium_amount: premium,
			}),
		).id,
	);
}

async function pay(policy: number, sequence: number) {
	const row = await db('installments').where({ policy, sequence }).first();
	const client = (await db('policies').where('id', policy).first('client')).client;
	const due = Number(row.amount) - Number(row.paid_amount);
	const payment = ok(await office.post('/items/payments', { client, amount: due, received_at: new Date().toISOString(), reference: uniqueNumber('SRV-PAY') }));
	ok(await office.post('/items/payment_allocations', { payment: payment.id, installment: row.id, amount: due }));
}

const count = async (query: Knex.QueryBuilder) => Number((await query.count({ n: '*' }))[0]!.n);

function expectRefused(reply: Reply, field: string) {
	expect(reply.status, JSON.stringify(reply.body)).toBe(400);
	expect(reply.body.errors?.[0]?.extensions['field']).toBe(field);
	expect(reply.body.errors?.[0]?.message).toContain(field);
}

describe('the demo portfolio', () => {
	// Before the calendar below moves the demo policies on.
	it('shows a reminder sent, an overdue notice and a renewal proposal', async () => {
		const policy = (number: string) => db('policies').where('policy_number', number).first();
		const [annual, renewal, chloe, bruno] = await Promise.all([policy('DEMO-P-0013'), policy('DEMO-P-0013-R1'), policy('DEMO-P-0001'), policy('DEMO-P-0012')]);
		expect({ status: renewal.status, renews: Number(renewal.renewal_of), begins: readDate(renewal.begin_date) }).toEqual({ status: 'Proposal', renews: annual.id, begins: readDate(new Date(Date.parse(`${readDate(annual.end_date)}T00:00:00Z`) + 86_400_000)) });
		const kinds = async (id: number) => (await db('client_notices').where('policy', id).pluck('kind')).sort();
		expect(await kinds(renewal.id)).toEqual(['renewal']);
		expect(await kinds(chloe.id)).toContain('reminder');
		expect(await kinds(bruno.id)).toContain('overdue');
		const overdue = await db('client_notices').where({ policy: bruno.id, kind: 'overdue' }).first();
		expect(readDate(overdue.lapse_date)).toBe(readDate(new Date(Date.parse(`${readDate(overdue.due_date)}T00:00:00Z`) + 30 * 86_400_000)));
	});
});

describe('14 months of daily servicing', () => {
	it('reminds, warns and renews on the right days, once', async () => {
		const renewable = await createProduct({ renewable: true, renewal_notice_days: 30 });
		const plain = await createProduct({ renewable: false });
		const retail = await ids.portfolio('Retail');
		// A portfolio of its own: reminders 3 days ahead, lapse 20 days after an unpaid due date.
		const tight = Number(ok(await admin.post('/items/portfolios', { name: uniqueNumber('SRV-PF'), reminder_days_before_due: 3, days_after_unpaid_due_date: 20 })).id);
		// R: renewable, paid on time; renewed on 2027-12-16 (30 days before its end date).
		const R = await createPolicy(renewable, retail, { proposal: '2027-01-01', begin: '2027-01-15', end: '2028-01-15' }, 400);
		// L: second installment never paid: reminded, overdue the day after its due date, lapsed 20 days later.
		const L = await createPolicy(plain, tight, { proposal: '2027-01-01', begin: '2027-02-01', end: '2028-02-01' }, 400);

		const renewalOf = async (policy: number) => (await db('policies').where('renewal_of', policy).first('id'))?.id as number | undefined;
		const actions: Record<string, (() => Promise<unknown>)[]> = {
			'2027-01-10': [() => pay(R, 1)],
			'2027-01-20': [() => pay(L, 1)],
			'2027-04-12': [() => pay(R, 2)],
			'2027-07-12': [() => pay(R, 3)],
			'2027-10-12': [() => pay(R, 4)],
			'2028-01-10': [async () => pay((await renewalOf(R))!, 1)],
		};
		// No run at all that day: the reminder of R#2 (window opening 2027-04-08) comes the day after.
		const skipped = new Set(['2027-04-08']);

		const names = new Map<number, string>([[R, 'R'], [L, 'L']]);
		const seen = new Set<number>();
		const timeline: string[] = [];
		const policyTimeline: string[] = [];
		const statusOf = async (id: number) => (await db('policies').where('id', id).first('status')).status as string;
		const last = new Map<string, string>();

		let day = new Date('2027-01-01T00:00:00Z');
		const end = new Date('2028-02-29T00:00:00Z');
		for (; day <= end; day = new Date(day.getTime() + 86_400_000)) {
			const asOf = day.toISOString().slice(0, 10);
			for (const action of actions[asOf] ?? []) await action();
			if (skipped.has(asOf)) continue;
			const report = ok(await runJobs('all', asOf));
			if (report.total > 0) expect(ok(await runJobs('all', asOf)).total, `second run of ${asOf}`).toBe(0);

			const renewal = await renewalOf(R);
			if (renewal && !names.has(renewal)) names.set(renewal, 'R2');
			const notices = await db('client_notices').leftJoin('installments', 'installments.id', 'client_notices.installment').whereIn('client_notices.policy', [...names.keys()]).orderBy('client_notices.id').select('client_notices.*', 'installments.sequence');
			for (const notice of notices.filter((n) => !seen.has(Number(n.id)))) {
				seen.add(Number(notice.id));
				const lapse = notice.lapse_date ? ` lapses ${readDate(notice.lapse_date)}` : '';
				timeline.push(`${asOf} ${names.get(Number(notice.policy))}#${notice.sequence} ${notice.kind} due ${readDate(notice.due_date)}${lapse}`);
			}
			for (const [id, name] of names) {
				const status = await statusOf(id);
				if (last.get(name) !== status) policyTimeline.push(`${asOf} ${name} ${status}`);
				last.set(name, status);
			}
		}

		expect(timeline).toEqual([
			'2027-01-08 R#1 reminder due 2027-01-15',
			// L#1 was paid on 2027-01-20, before its window opened: no reminder.
			'2027-04-09 R#2 reminder due 2027-04-15',
			'2027-04-28 L#2 reminder due 2027-05-01',
			'2027-05-02 L#2 overdue due 2027-05-01 lapses 2027-05-21',
			'2027-07-08 R#3 reminder due 2027-07-15',
			'2027-10-08 R#4 reminder due 2027-10-15',
			'2027-12-16 R2#1 renewal due 2028-01-16',
			'2028-01-09 R2#1 reminder due 2028-01-16',
		]);
		expect(policyTimeline).toEqual([
			'2027-01-01 R Proposal',
			'2027-01-01 L Proposal',
			'2027-01-10 R Issued',
			'2027-01-15 R InForce',
			'2027-01-20 L Issued',
			'2027-02-01 L InForce',
			// The lapse comes after the reminder and the overdue notice, on the lapse date they named.
			'2027-05-21 L Lapsed',
			'2027-12-16 R2 Proposal',
			'2028-01-10 R2 Issued',
			'2028-01-15 R Maturity',
			'2028-01-16 R2 InForce',
		]);

		// The renewal: next term from the day after the end date, same premium and coverage, its own schedule.
		const R2 = [...names].find(([, name]) => name === 'R2')![0];
		const [old, renewal] = await Promise.all([db('policies').where('id', R).first(), db('policies').where('id', R2).first()]);
		expect({ begin: readDate(renewal.begin_date), end: readDate(renewal.end_date), proposal: readDate(renewal.proposal_date), renews: Number(renewal.renewal_of) }).toEqual({ begin: '2028-01-16', end: '2029-01-16', proposal: '2027-12-16', renews: R });
		expect([Number(renewal.premium_amount), renewal.coverage_limit, renewal.client, renewal.product, renewal.portfolio]).toEqual([Number(old.premium_amount), old.coverage_limit, old.client, old.product, old.portfolio]);
		expect(renewal.policy_number).toBe(`${old.policy_number}-R1`);
		expect((await db('installments').where('policy', R2).orderBy('sequence').select('due_date')).map((row) => readDate(row.due_date))).toEqual(['2028-01-16', '2028-04-16', '2028-07-16', '2028-10-16']);
		expect(await count(db('policies').where('renewal_of', R))).toBe(1);

		// Each notice is one Directus notification to the client's user and one email.
		const user = (await db('clients').where('email', CLIENT).first('user')).user;
		const policies = [...names.keys()].map(String);
		expect(await count(db('client_notices').whereIn('policy', [...names.keys()]))).toBe(timeline.length);
		expect(await count(db('directus_notifications').where({ recipient: user, collection: 'policies' }).whereIn('item', policies))).toBe(timeline.length);
		const numbers = await db('policies').whereIn('id', [...names.keys()]).pluck('policy_number');
		const mine = (subject: string) => numbers.some((number: string) => subject.includes(`policy ${number}`) || subject.includes(`proposal ${number}`));
		await inbox.mailsTo(CLIENT, 'Renewal', 1);
		const deadline = Date.now() + 20_000;
		while (inbox.mails.filter((mail) => mail.to.includes(CLIENT) && mine(mail.subject)).length < timeline.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
		const mails = inbox.mails.filter((mail) => mail.to.includes(CLIENT) && mine(mail.subject));
		expect(mails.map((mail) => mail.subject.split(':')[0]).sort()).toEqual(['Overdue payment', ...Array(6).fill('Payment reminder'), `Renewal of policy ${old.policy_number}`].sort());
		expect(mails.find((mail) => mail.subject.startsWith('Overdue'))!.html).toContain('2027-05-21');

		// A rerun of a past day sends nothing again.
		expect(ok(await runJobs('send-payment-reminders', '2027-04-28')).total).toBe(0);
		expect(ok(await runJobs('renew-policies', '2027-12-20')).total).toBe(0);
		expect(await count(db('client_notices').whereIn('policy', [...names.keys()]))).toBe(timeline.length);
	}, 1_200_000);
});

describe('notices sent once across runs', () => {
	it('skips what another run recorded, whichever of two concurrent runs sends', async () => {
		const product = await createProduct({ renewable: false });
		const policy = await createPolicy(product, await ids.portfolio('Retail'), { proposal: '2029-01-01', begin: '2029-01-20', end: '2030-01-20' }, 400);
		const first = await db('installments').where({ policy, sequence: 1 }).first();
		const client = (await db('policies').where('id', policy).first('client')).client;
		// Recorded by another instance's run a moment ago: its notification went with it.
		await db('client_notices').insert({ client, policy, installment: first.id, kind: 'reminder', due_date: first.due_date, amount: 100, sent_at: new Date(), emailed_at: new Date() });
		const runs = await Promise.all([runJobs('send-payment-reminders', '2029-01-14'), runJobs('send-payment-reminders', '2029-01-14')]);
		// Whichever holds the run lock runs; one that finds it held is told so (409) and sends nothing.
		expect(runs.every((run) => run.status === 200 || run.status === 409)).toBe(true);
		expect(runs.some((run) => run.status === 200)).toBe(true);
		expect(ok(await runJobs('send-payment-reminders', '2029-01-15')).total).toBe(0);
		expect(await count(db('client_notices').where({ policy }))).toBe(1);
		const user = (await db('clients').where('id', client).first('user')).user;
		expect(await count(db('directus_notifications').where({ recipient: user, collection: 'policies', item: String(policy) }))).toBe(0);
	});
});

describe('notice emails', () => {
	it('leave once each, whichever of two instances mails them, and a notice that cannot be mailed says why', async () => {
		const { PORT: _port, PUBLIC_URL: _public, ...env } = instance.env;
		const second = await startInstance(env);
		try {
			const product = await createProduct({ renewable: false });
			const portfolio = await ids.portfolio('Retail');
			const policies = [
				await createPolicy(product, portfolio, { proposal: '2031-01-01', begin: '2031-01-20', end: '2034-01-20' }, 1200),
				await createPolicy(product, portfolio, { proposal: '2031-01-01', begin: '2031-01-20', end: '2034-01-20' }, 1200),
			];
			const client = (await db('policies').where('id', policies[0]).first('client')).client;
			const installments = await db('installments').whereIn('policy', policies).select('id', 'policy', 'due_date');
			const numbers = new Set(await db('policies').whereIn('id', policies).pluck('policy_number'));
			// Recorded by a nightly run: waiting for the mailers of both instances.
			const waiting = installments.flatMap((i) =>
				(['reminder', 'overdue'] as const).map((kind) => ({ client, policy: i.policy, installment: i.id, kind, due_date: i.due_date, amount: 100, lapse_date: kind === 'overdue' ? i.due_date : null, sent_at: new Date() })),
			);
			await db('client_notices').insert(waiting);
			const ours = () => db('client_notices').whereIn('policy', policies);
			const subjectsOfOurs = () => inbox.mails.filter((mail) => [...numbers].some((number) => mail.subject.includes(`policy ${number}`))).map((mail) => mail.subject);
			const deadline = Date.now() + 60_000;
			while (subjectsOfOurs().length < waiting.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
			expect(await count(ours().whereNull('emailed_at'))).toBe(0);
			// One more pass of each mailer: nothing goes out twice.
			await new Promise((r) => setTimeout(r, 6_000));
			const subjects = subjectsOfOurs();
			expect(subjects).toHaveLength(waiting.length);
			expect(new Set(subjects).size).toBe(waiting.length);
			expect(await count(ours().whereNotNull('email_error'))).toBe(0);

			// A user who turned email notifications off keeps the notice and gets no email.
			const user = (await db('clients').where('id', client).first('user')).user;
			await db('directus_users').where('id', user).update({ email_notifications: false });
			try {
				const [installment] = installments;
				await db('client_notices').where({ installment: installment.id, kind: 'reminder' }).delete();
				const mailed = inbox.mails.length;
				await db('client_notices').insert({ ...waiting[0], sent_at: new Date() });
				const quiet = () => ours().where({ installment: installment.id, kind: 'reminder' }).first('emailed_at', 'email_error');
				while ((await quiet()).emailed_at === null && Date.now() < deadline + 30_000) await new Promise((r) => setTimeout(r, 250));
				expect(await quiet()).toMatchObject({ email_error: "the client's user turned email notifications off" });
				expect(inbox.mails.length).toBe(mailed);
			} finally {
				await db('directus_users').where('id', user).update({ email_notifications: true });
			}
		} finally {
			await second.stop();
		}
	}, 240_000);
});

describe('bad servicing input', () => {
	const graphql = (query: string) => admin.post('/graphql', { query });

	it('refuses a negative, fractional or non-numeric reminder_days_before_due on every level and path, writing nothing', async () => {
		const portfolio = Number(ok(await admin.post('/items/portfolios', { name: uniqueNumber('SRV-BAD'), reminder_days_before_due: 5 })).id);
		for (const value of [-1, 1.5, 'abc', '-2']) {
			expectRefused(await admin.call('PATCH', `/items/portfolios/${portfolio}`, { reminder_days_before_due: value }), 'reminder_days_before_due');
			expectRefused(await admin.call('PATCH', '/items/insurance_settings', { reminder_days_before_due: value }), 'reminder_days_before_due');
			expectRefused(await admin.post('/items/portfolios', { name: uniqueNumber('SRV-BAD'), reminder_days_before_due: value }), 'reminder_days_before_due');
		}
		expectRefused(await admin.call('PATCH', '/items/portfolios', { keys: [portfolio], data: { reminder_days_before_due: -7 } }), 'reminder_days_before_due');
		const gql = await graphql(`mutation { update_portfolios_item(id: ${portfolio}, data: { reminder_days_before_due: -1 }) { id } }`);
		expect(JSON.stringify(gql.body.errors)).toContain('reminder_days_before_due');
		expect(Number((await db('portfolios').where('id', portfolio).first('reminder_days_before_due')).reminder_days_before_due)).toBe(5);
		expect(Number((await db('insurance_settings').first('reminder_days_before_due')).reminder_days_before_due)).toBe(7);
		expect(await count(db('portfolios').where('name', 'like', 'SRV-BAD%'))).toBe(1);
		// Zero is a setting (remind on the due date), and a portfolio may fall back to the settings.
		ok(await admin.call('PATCH', `/items/portfolios/${portfolio}`, { reminder_days_before_due: 0 }));
		ok(await admin.call('PATCH', `/items/portfolios/${portfolio}`, { reminder_days_before_due: null }));
	});

	it('refuses a negative renewal_notice_days', async () => {
		const before = await count(db('products'));
		expectRefused(await admin.post('/items/products', { code: uniqueNumber('SRV-BAD'), name: 'Bad', renewable: true, renewal_notice_days: -30 }), 'renewal_notice_days');
		expect(await count(db('products'))).toBe(before);
	});

	it('refuses a renewal asked by hand of a policy whose product is not renewable (REST and GraphQL), writing nothing', async () => {
		const plain = await createProduct({ renewable: false });
		const policy = await createPolicy(plain, await ids.portfolio('Retail'), { proposal: '2027-01-01', begin: '2027-02-01', end: '2028-02-01' }, 400);
		const counts = async () => ({ policies: await count(db('policies')), installments: await count(db('installments')), notices: await count(db('client_notices')) });
		const before = await counts();
		expectRefused(await admin.post('/items/policies', { renewal_of: policy }), 'renewal_of');
		expectRefused(await admin.post('/items/policies', { renewal_of: { id: policy }, policy_number: uniqueNumber('SRV-BAD') }), 'renewal_of');
		// Nor may an existing policy be linked to it as its renewal (REST and GraphQL).
		const other = await createPolicy(plain, await ids.portfolio('Retail'), { proposal: '2027-01-01', begin: '2028-02-02', end: '2029-02-02' }, 400);
		expectRefused(await admin.call('PATCH', `/items/policies/${other}`, { renewal_of: policy }), 'renewal_of');
		const gql = await graphql(`mutation { update_policies_item(id: ${other}, data: { renewal_of: { id: ${policy} } }) { id } }`);
		expect(JSON.stringify(gql.body.errors)).toContain('renewal_of');
		expect(await db('policies').where('id', other).first('renewal_of')).toEqual({ renewal_of: null });
		// Only `other` was written (its policy and schedule).
		expect(await counts()).toEqual({ ...before, policies: before.policies + 1, installments: before.installments + 4 });
	});

	it('renews a renewable policy by hand into its next term, once', async () => {
		const renewable = await createProduct({ renewable: true });
		const policy = await createPolicy(renewable, await ids.portfolio('Retail'), { proposal: '2027-01-01', begin: '2027-01-31', end: '2028-01-31' }, 800);
		const renewal = ok(await admin.post('/items/policies', { renewal_of: policy }));
		expect({ begin: readDate(renewal.begin_date), end: readDate(renewal.end_date), premium: Number(renewal.premium_amount), status: renewal.status }).toEqual({ begin: '2028-02-01', end: '2029-02-01', premium: 800, status: 'Proposal' });
		expect(await count(db('installments').where('policy', renewal.id))).toBe(4);
		expectRefused(await admin.post('/items/policies', { renewal_of: policy }), 'renewal_of');
		expect(await count(db('policies').where('renewal_of', policy))).toBe(1);
	});
});

describe('who reads client notices', () => {
	it('a client reads its own notices and none of another client’s', async () => {
		const bruno = await signIn(instance.url, CLIENT);
		const chloe = await signIn(instance.url, 'client@example.com');
		const brunoId = await ids.client(CLIENT);
		const own = ok(await bruno.get('/items/client_notices?limit=-1&fields=id,client,kind'));
		expect(own.length).toBeGreaterThan(0);
		expect(own.every((notice: { client: number }) => notice.client === brunoId)).toBe(true);
		const seenByChloe = ok(await chloe.get('/items/client_notices?limit=-1&fields=id,client'));
		expect(seenByChloe.some((notice: { client: number }) => notice.client === brunoId)).toBe(false);
		expect((await chloe.get(`/items/client_notices/${own[0].id}`)).status).toBe(403);
		expect(ok(await chloe.get(`/items/client_notices?filter[client][_eq]=${brunoId}`))).toEqual([]);
		const gql = await chloe.post('/graphql', { query: `{ client_notices(filter: { client: { id: { _eq: ${brunoId} } } }) { id } }` });
		expect(gql.body.data).toEqual({ client_notices: [] });
		// Nobody writes a notice through the API but the system.
		expect((await bruno.post('/items/client_notices', { client: brunoId, policy: 1, kind: 'reminder', due_date: '2027-01-01', amount: 1, sent_at: new Date().toISOString() })).status).toBe(403);
	});
});
