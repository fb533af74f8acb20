// npm run bench: generated portfolios on Postgres, measured through the product against
// baselines in the same run. Sizes and repetitions come from the environment (the README's
// "Performance" section lists them). Every comparison is a series of interleaved pairs; its
// figure is a median ratio, reported with its spread (bench/summary.mjs).
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { connect, dropDatabase, freshDatabase, pauseScheduledFlows, postgresSettings, startServer } from '../bench/server.mjs';
import { duePolicies, generatePortfolio } from '../bench/portfolio.mjs';
import { measureAdjudication } from '../bench/adjudication.mjs';
import { giveBenefits } from '../bench/benefits.mjs';
import { login, percentile, round, seconds, summarize } from '../bench/measure.mjs';
import { measurePairs, sampleLoad } from '../bench/pairs.mjs';
import { summaryRows } from '../bench/summary.mjs';
import { emailsDrained, expectedNight, guardedVersusPlain, nightlyBreakdown, nightlyJobs, nightlySql, snapshot, submitClaims } from '../bench/scenarios.mjs';
import { startMailSink } from '../bench/mail-sink.mjs';
import { claimUpdatesUnderLoad, portalClients, portalPageP95 } from '../bench/portal.mjs';
import { printTable, writeJson } from '../bench/report.mjs';
import { projectRoot } from './lib/environment.mjs';

const num = (name, fallback) => Number(process.env[name] ?? fallback);
// BENCH_QUICK=1: every comparison at a small size, for a developer's machine (a few minutes).
const quick = process.env.BENCH_QUICK === '1';
const sized = quick
	? { policies: 20_000, smallPolicies: 2_000, repeats: 3, patchRequests: 100, claims: 100, portalClients: 25, portalRounds: 1 }
	: { policies: 1_000_000, smallPolicies: 100_000, repeats: 5, patchRequests: 1000, claims: 1000, portalClients: 200, portalRounds: 1 };
const config = {
	quick,
	policies: num('BENCH_POLICIES', sized.policies),
	smallPolicies: num('BENCH_SMALL_POLICIES', sized.smallPolicies),
	dueFraction: num('BENCH_DUE_FRACTION', 0.01),
	// The jobs' day; claims are for care a month before it.
	day: process.env.BENCH_DAY ?? new Date().toISOString().slice(0, 10),
	repeats: num('BENCH_REPEATS', sized.repeats),
	patchRequests: num('BENCH_PATCH_REQUESTS', sized.patchRequests),
	claims: num('BENCH_CLAIMS', sized.claims),
	concurrency: num('BENCH_CONCURRENCY', 50),
	// Signed-in portal clients opening their policy page at once, and how many times each.
	portalClients: num('BENCH_PORTAL_CLIENTS', sized.portalClients),
	portalRounds: num('BENCH_PORTAL_ROUNDS', sized.portalRounds),
	keep: process.env.BENCH_KEEP === 'true',
	output: process.env.BENCH_OUTPUT ?? join(projectRoot, 'bench', 'results', quick ? 'quick.json' : 'latest.json'),
};
const due = Math.round(config.policies * config.dueFraction);
const ADMIN = { email: process.env.ADMIN_EMAIL ?? 'admin@example.com', password: process.env.ADMIN_PASSWORD ?? 'insurance-admin' };
const log = (text) => console.log(text);
const benchStarted = Date.now();
const elapsed = () => `${((Date.now() - benchStarted) / 1000).toFixed(0)} s`;

/** A database prepared by npm start's code, a Directus serving it, and the generated portfolio. */
async function preparePortfolio(policies, mailSink) {
	const name = `insurance_bench_${policies}`;
	log(`\n== ${policies} policies (database ${name})`);
	const url = await freshDatabase(name);
	// Pooled SMTP connections, as an insurer mailing thousands of notices a night would configure.
	const server = await startServer(url, { ACCESS_TOKEN_TTL: '12h', DB_POOL__MAX: '20', EMAIL_TRANSPORT: 'smtp', EMAIL_SMTP_HOST: '127.0.0.1', EMAIL_SMTP_PORT: String(mailSink.port), EMAIL_SMTP_POOL: 'true' });
	log(`  npm start (bootstrap, schema, seed without demo data): ${server.startSeconds.toFixed(1)} s`);
	const token = await login(server.url, ADMIN.email, ADMIN.password);
	log(`  ${await pauseScheduledFlows(server.url, token)} scheduled Flows paused`);
	const db = connect(url, 6);
	await giveBenefits(db);
	const { seconds: generation, result: portfolio } = await seconds(() => generatePortfolio(db, { policies, due, day: config.day, log: (l) => log(`  ${l}`) }));
	const databaseGib = round(Number((await db.raw('select pg_database_size(current_database()) as bytes')).rows[0].bytes) / 2 ** 30, 2);
	log(`  database ${databaseGib} GiB on disk  [${elapsed()}]`);
	const dueRows = await duePolicies(db, portfolio);
	return { name, policies, db, server, token, portfolio, generation, databaseGib, dueRows, expected: expectedNight(dueRows), emails: [], state: await snapshot(db, dueRows) };
}

/** Refuses a run that did other than what was due: a figure about different work compares nothing. */
function checkNight(setup, who, did) {
	for (const [what, count] of Object.entries(setup.expected)) {
		if (did[what] !== count) throw new Error(`${who} made ${did[what]} ${what} at ${setup.policies} policies, ${count} were due`);
	}
}

/** One nightly run through the product, from the generated state (put back afterwards once its emails have gone). */
async function productNight(setup) {
	const { seconds: took, result } = await seconds(() => nightlyJobs(setup.server.url, setup.token, config.day));
	checkNight(setup, 'the product', result);
	setup.emails.push(round(await emailsDrained(setup.db), 2));
	return round(took, 3);
}

async function sqlNight(setup) {
	const { seconds: took, result } = await seconds(() => nightlySql(setup.db, config.day));
	checkNight(setup, 'raw SQL', result);
	return round(took, 3);
}

// A then B whichever ran first, so the figures read like the comparison's name.
const logPair = (label) => (pair, values) => log(`  ${label} pair ${pair + 1}: ${values.a.toFixed(3)} vs ${values.b.toFixed(3)}${pair % 2 === 1 ? ' (B ran first)' : ''}  [${elapsed()}]`);

/** The nightly run against raw SQL at one size, and the same transitions at two sizes, interleaved. */
async function nightly(large, small) {
	// The first run after generating a portfolio reads cold pages: one warm-up per database.
	for (const setup of [large, small]) {
		await productNight(setup);
		await setup.state.restore();
	}
	const restore = (setups) => async (side) => setups[side].state.restore();
	// Against raw SQL at both sizes: the target holds for a small book as for a large one.
	const versusSql = {};
	for (const setup of [large, small]) {
		await sqlNight(setup);
		await setup.state.restore();
		versusSql[setup.policies] = await measurePairs({ pairs: config.repeats, a: () => productNight(setup), b: () => sqlNight(setup), between: restore({ a: setup, b: setup }), log: logPair(`product vs SQL at ${setup.policies}`) });
	}
	const bySize = await measurePairs({ pairs: config.repeats, a: () => productNight(large), b: () => productNight(small), between: restore({ a: large, b: small }), log: logPair(`${large.policies} vs ${small.policies}`) });
	const breakdown = {};
	for (const setup of [large, small]) {
		breakdown[setup.policies] = await nightlyBreakdown(setup.server.url, setup.token, config.day);
		await setup.state.restore();
		await emailsDrained(setup.db);
		log(`  job by job at ${setup.policies}: ${Object.entries(breakdown[setup.policies]).map(([job, r]) => `${job} ${r.seconds} s (${r.transitions + r.reminders + r.renewals})`).join(', ')}`);
	}
	return {
		path: 'POST /insurance/jobs/all/run',
		...large.expected,
		// After each product run: the seconds until the last notice email had left (sent by the mailer, after the run).
		emails_drained_s: { [large.policies]: large.emails, [small.policies]: small.emails },
		versus_sql: versusSql,
		by_size: bySize,
		breakdown,
	};
}

/** Policies no job touches on the bench day, in id order, with their clients. */
async function quietPolicies(db, portfolio, count, skip = 0) {
	const rows = await db('policies')
		.whereBetween('id', [portfolio.firstPolicy, portfolio.lastPolicy])
		.whereRaw('(id - ?) % ? <> 0', [portfolio.firstPolicy - 1, portfolio.every])
		.where('status', 'InForce')
		.orderBy('id')
		.offset(skip)
		.limit(count)
		.select('id', 'client');
	return rows;
}

/** Guarded status PATCHes interleaved request by request with field PATCHes; one pair per repeat. */
async function guard({ db, server, token, portfolio }) {
	const runs = [];
	for (let run = 0; run < config.repeats; run++) {
		const n = config.patchRequests;
		const ids = await quietPolicies(db, portfolio, 2 * n, run * 2 * n);
		const result = await guardedVersusPlain(
			server.url,
			token,
			ids.slice(0, n).map((r) => r.id),
			ids.slice(n).map((r) => r.id),
		);
		if (result.errors.length > 0) throw new Error(`PATCH errors: ${result.errors.slice(0, 3).join('; ')}`);
		const figures = { guarded_p50_ms: percentile(result.guarded, 50), guarded_p99_ms: percentile(result.guarded, 99), plain_p50_ms: percentile(result.plain, 50), plain_p99_ms: percentile(result.plain, 99) };
		log(`  run ${run + 1} guard: status p50 ${figures.guarded_p50_ms.toFixed(1)} ms p99 ${figures.guarded_p99_ms.toFixed(1)} ms, field p50 ${figures.plain_p50_ms.toFixed(1)} ms p99 ${figures.plain_p99_ms.toFixed(1)} ms  [${elapsed()}]`);
		runs.push(figures);
	}
	return runs;
}

/** Claim intake (adjudicated) against plain nested creation, alternating which goes first. */
async function claims({ db, server, token, portfolio }) {
	const policies = await quietPolicies(db, portfolio, 500, 100_000 % Math.max(1, portfolio.policies - 1000));
	const serviceDate = new Date(Date.parse(`${config.day}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
	const run = async (mode) => {
		const figures = summarize(await submitClaims(server.url, token, { mode, policies, serviceDate, total: config.claims, concurrency: config.concurrency }));
		log(`  claims ${mode.padEnd(9)} ${JSON.stringify(figures)}  [${elapsed()}]`);
		return figures;
	};
	const runs = [];
	for (let pair = 0; pair < config.repeats; pair++) {
		const figures = {};
		for (const mode of pair % 2 === 0 ? ['insurance', 'plain'] : ['plain', 'insurance']) figures[mode] = await run(mode);
		runs.push(figures);
	}
	return runs;
}

/** The portal's policy page against plain reads, in pairs; then claim updates over the websocket under that load. */
async function portal(setup) {
	const serviceDate = new Date(Date.parse(`${config.day}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
	const candidates = await quietPolicies(setup.db, setup.portfolio, config.portalClients * 8, 300_000 % Math.max(1, setup.portfolio.policies - 20_000));
	const clients = await portalClients(setup, candidates, config.portalClients, serviceDate);
	log(`  ${clients.length} clients signed in, each with a claim in Submitted  [${elapsed()}]`);
	const { server, token } = setup;
	const pages = await measurePairs({
		pairs: config.repeats,
		a: () => portalPageP95(server, token, clients, config.portalRounds, 'portal'),
		b: () => portalPageP95(server, token, clients, config.portalRounds, 'plain'),
		log: logPair('portal page p95 (ms), portal vs plain'),
	});
	const updates = [];
	for (let run = 0; run < config.repeats; run++) {
		const figures = await claimUpdatesUnderLoad(setup, clients, config.portalRounds);
		if (figures.missed > 0) throw new Error(`${figures.missed} claim updates never reached their client's websocket`);
		log(`  run ${run + 1} websocket: ${figures.updates} updates from the change, p50 ${figures.p50_ms.toFixed(1)} ms, p99 ${figures.p99_ms.toFixed(1)} ms, max ${figures.max_ms.toFixed(1)} ms; from the request p50 ${figures.from_request_p50_ms.toFixed(1)} ms, p99 ${figures.from_request_p99_ms.toFixed(1)} ms  [${elapsed()}]`);
		updates.push(figures);
	}
	return { clients: clients.length, rounds: config.portalRounds, pages, updates };
}

async function main() {
	log(`Benchmark${quick ? ' (quick)' : ''}: ${config.policies} and ${config.smallPolicies} policies, ${due} due on ${config.day}, ${config.repeats} pairs per comparison`);
	const load = sampleLoad();
	const report = { config: { ...config, due }, started_at: new Date().toISOString(), machine: { cpus: cpus().length, memory_gib: round(totalmem() / 2 ** 30, 1) } };

	log('\n== adjudication of a 100-line claim in the domain module');
	const adjudication = await measureAdjudication();
	log(`  adjudicate ${adjudication.adjudication_ms.toFixed(2)} ms, price only ${adjudication.pricing_ms.toFixed(2)} ms per claim  [${elapsed()}]`);

	// The clients' notice emails go to a local SMTP server.
	const mailSink = await startMailSink();
	const small = await preparePortfolio(config.smallPolicies, mailSink);
	const large = await preparePortfolio(config.policies, mailSink);
	report.postgres = await postgresSettings(large.db);
	log(`\nPostgres: ${Object.entries(report.postgres).map(([name, value]) => `${name} ${value}`).join(', ')}`);
	const results = { adjudication };
	try {
		log('\n== nightly run');
		results.nightly = await nightly(large, small);
		log('\n== guarded status PATCH vs field PATCH');
		results.guard = await guard(large);
		log(`\n== claim submission, ${config.concurrency} concurrent clients`);
		results.claims = await claims(large);
		log(`\n== client portal, ${config.portalClients} clients at once`);
		results.portal = await portal(large);
	} finally {
		for (const setup of [large, small]) {
			await setup.server.stop();
			await setup.db.destroy();
			if (!config.keep) await dropDatabase(setup.name);
		}
		await mailSink.close();
	}
	results.generation_s = { [small.policies]: round(small.generation, 1), [large.policies]: round(large.generation, 1) };
	results.database_gib = { [small.policies]: small.databaseGib, [large.policies]: large.databaseGib };

	const rows = summaryRows(config, results);

	report.load = load.stop();
	console.log('');
	printTable(rows);
	log(`\nLoad average (1 min) during the run: min ${report.load.min}, median ${report.load.median}, max ${report.load.max} on ${report.machine.cpus} cores; memory in use median ${report.load.memory_used_gib.median} GiB, max ${report.load.memory_used_gib.max} GiB of ${report.machine.memory_gib}.`);
	log(`Databases on disk: ${Object.entries(results.database_gib).map(([n, gib]) => `${n} policies ${gib} GiB`).join(', ')}.`);
	report.finished_at = new Date().toISOString();
	report.total_s = round((Date.now() - benchStarted) / 1000, 0);
	report.summary = rows;
	report.results = results;
	writeJson(config.output, report);
	console.log(`\nWrote ${config.output} (total ${report.total_s} s).`);
}

main().catch((error) => {
	console.error(`Error: ${error?.stack ?? error}`);
	process.exit(1);
});
