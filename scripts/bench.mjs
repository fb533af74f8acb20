// npm run bench: a generated portfolio on Postgres, measured through the product against
// baselines in the same run. Sizes and repetitions come from the environment (the README's
// "Performance" section lists them); figures are medians of the repeats.
import { join } from 'node:path';
import { connect, dropDatabase, freshDatabase, startServer } from '../bench/server.mjs';
import { duePolicies, generatePortfolio } from '../bench/portfolio.mjs';
import { login, median, percentile, round, seconds, summarize } from '../bench/measure.mjs';
import { guardedVersusPlain, nightlyBreakdown, nightlyJobs, nightlySql, snapshot, submitClaims } from '../bench/scenarios.mjs';
import { printTable, writeJson } from '../bench/report.mjs';
import { projectRoot } from './lib/environment.mjs';

const num = (name, fallback) => Number(process.env[name] ?? fallback);
const config = {
	policies: num('BENCH_POLICIES', 1_000_000),
	smallPolicies: num('BENCH_SMALL_POLICIES', 100_000),
	dueFraction: num('BENCH_DUE_FRACTION', 0.01),
	// The jobs' day; claims are for care a month before it.
	day: process.env.BENCH_DAY ?? new Date().toISOString().slice(0, 10),
	repeats: num('BENCH_REPEATS', 3),
	patchRequests: num('BENCH_PATCH_REQUESTS', 1000),
	claims: num('BENCH_CLAIMS', 1000),
	concurrency: num('BENCH_CONCURRENCY', 50),
	keep: process.env.BENCH_KEEP === 'true',
	output: process.env.BENCH_OUTPUT ?? join(projectRoot, 'bench', 'results', 'latest.json'),
};
const due = Math.round(config.policies * config.dueFraction);
const ADMIN = { email: process.env.ADMIN_EMAIL ?? 'admin@example.com', password: process.env.ADMIN_PASSWORD ?? 'insurance-admin' };
const log = (text) => console.log(text);
const benchStarted = Date.now();
const elapsed = () => `${((Date.now() - benchStarted) / 1000).toFixed(0)} s`;

/** A database prepared by npm start's code, a Directus serving it, and the generated portfolio. */
async function preparePortfolio(policies) {
	const name = `insurance_bench_${policies}`;
	log(`\n== ${policies} policies (database ${name})`);
	const url = await freshDatabase(name);
	const server = await startServer(url, { ACCESS_TOKEN_TTL: '12h', DB_POOL__MAX: '20' });
	log(`  npm start (bootstrap, schema, seed without demo data): ${server.startSeconds.toFixed(1)} s`);
	const db = connect(url, 6);
	const { seconds: generation, result: portfolio } = await seconds(() => generatePortfolio(db, { policies, due, day: config.day, log: (l) => log(`  ${l}`) }));
	const token = await login(server.url, ADMIN.email, ADMIN.password);
	return { name, db, server, token, portfolio, generation };
}

/** The nightly run through the product and in raw SQL, alternating, from the same state each time. */
async function nightly({ db, server, token, portfolio }) {
	const dueRows = await duePolicies(db, portfolio);
	const state = await snapshot(db, dueRows);
	const product = () => nightlyJobs(server.url, token, config.day);
	const productTimes = [];
	const sqlTimes = [];
	for (let run = 0; run < config.repeats; run++) {
		const order = run % 2 === 0 ? ['product', 'sql'] : ['sql', 'product'];
		for (const which of order) {
			const { seconds: took, result } = await seconds(which === 'product' ? product : () => nightlySql(db, config.day));
			(which === 'product' ? productTimes : sqlTimes).push(round(took, 3));
			const moved = typeof result === 'number' ? result : undefined;
			log(`  run ${run + 1} ${which.padEnd(7)} ${took.toFixed(2)} s${moved === undefined ? '' : ` (${moved} transitions)`}  [${elapsed()}]`);
			if (moved !== undefined && moved !== dueRows.length) throw new Error(`${which} made ${moved} transitions, ${dueRows.length} were due`);
			await state.restore();
		}
	}
	const breakdown = await nightlyBreakdown(server.url, token, config.day);
	log(`  job by job: ${Object.entries(breakdown).map(([job, r]) => `${job} ${r.seconds} s (${r.transitions})`).join(', ')}`);
	await state.restore();
	return { path: 'POST /insurance/jobs/all/run', transitions: dueRows.length, product_s: productTimes, sql_s: sqlTimes, breakdown };
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

async function claims({ db, server, token, portfolio }) {
	const policies = await quietPolicies(db, portfolio, 500, 100_000 % Math.max(1, portfolio.policies - 1000));
	const serviceDate = new Date(Date.parse(`${config.day}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
	const modes = ['insurance', 'plain'];
	const runs = [];
	for (let run = 0; run < config.repeats; run++) {
		const figures = {};
		for (const mode of run % 2 === 0 ? modes : [...modes].reverse()) {
			const result = await submitClaims(server.url, token, { mode, policies, serviceDate, total: config.claims, concurrency: config.concurrency });
			figures[mode] = summarize(result);
			log(`  run ${run + 1} claims ${mode.padEnd(9)} ${JSON.stringify(figures[mode])}  [${elapsed()}]`);
		}
		runs.push(figures);
	}
	return runs;
}

const medianOf = (runs, pick) => median(runs.map(pick));

async function main() {
	log(`Benchmark: ${config.policies} and ${config.smallPolicies} policies, ${due} due on ${config.day}, ${config.repeats} repeats`);
	const report = { config: { ...config, due }, started_at: new Date().toISOString(), machine: { cpus: (await import('node:os')).cpus().length } };
	const sizes = [config.smallPolicies, config.policies];
	const results = {};
	for (const policies of sizes) {
		const setup = await preparePortfolio(policies);
		try {
			results[policies] = { generation_s: round(setup.generation, 1), nightly: await nightly(setup) };
			if (policies === config.policies) {
				log('  guarded status PATCH vs field PATCH');
				results[policies].guard = await guard(setup);
				log(`  claim submission, ${config.concurrency} concurrent clients`);
				results[policies].claims = await claims(setup);
			}
		} finally {
			await setup.server.stop();
			await setup.db.destroy();
			if (!config.keep) await dropDatabase(setup.name);
		}
	}

	const large = results[config.policies];
	const small = results[config.smallPolicies];
	const nightlyProduct = median(large.nightly.product_s);
	const nightlySqlTime = median(large.nightly.sql_s);
	const smallProduct = median(small.nightly.product_s);
	const g = large.guard;
	const rows = [
		{ name: `nightly, ${config.policies} policies, ${large.nightly.transitions} transitions: product vs raw SQL`, measured: `${nightlyProduct.toFixed(2)} s`, baseline: `${nightlySqlTime.toFixed(2)} s`, ratio: nightlyProduct / nightlySqlTime, target: 2 },
		{ name: `same ${large.nightly.transitions} transitions: ${config.policies} vs ${config.smallPolicies} policies`, measured: `${nightlyProduct.toFixed(2)} s`, baseline: `${smallProduct.toFixed(2)} s`, ratio: nightlyProduct / smallProduct, target: 1.5 },
		{ name: `guarded status PATCH vs field PATCH, p50 (${config.patchRequests} each)`, measured: `${medianOf(g, (r) => r.guarded_p50_ms).toFixed(1)} ms`, baseline: `${medianOf(g, (r) => r.plain_p50_ms).toFixed(1)} ms`, ratio: medianOf(g, (r) => r.guarded_p50_ms) / medianOf(g, (r) => r.plain_p50_ms), target: 1.3 },
		{ name: 'guarded status PATCH vs field PATCH, p99', measured: `${medianOf(g, (r) => r.guarded_p99_ms).toFixed(1)} ms`, baseline: `${medianOf(g, (r) => r.plain_p99_ms).toFixed(1)} ms`, ratio: medianOf(g, (r) => r.guarded_p99_ms) / medianOf(g, (r) => r.plain_p99_ms), target: 1.3 },
	];
	const c = large.claims;
	for (const [label, key] of [['p50', 'p50_ms'], ['p99', 'p99_ms']]) {
		const product = medianOf(c, (r) => r.insurance[key]);
		const plain = medianOf(c, (r) => r.plain[key]);
		rows.push({ name: `claim submission (5 lines, ${config.concurrency} clients) vs POST /items/claims, ${label}`, measured: `${product} ms`, baseline: `${plain} ms`, ratio: product / plain, target: 1.5 });
	}
	const product = medianOf(c, (r) => r.insurance.throughput_per_s);
	const plain = medianOf(c, (r) => r.plain.throughput_per_s);
	rows.push({ name: 'claim submission throughput (plain / product)', measured: `${product} /s`, baseline: `${plain} /s`, ratio: plain / product, target: 1.5 });
	const errors = c.reduce((sum, r) => sum + r.insurance.errors + r.plain.errors, 0);
	rows.push({ name: 'claim submission errors (both paths, all runs)', measured: String(errors), baseline: '0', met: errors === 0 });
	for (const row of rows) if (row.target) row.met = row.ratio <= row.target;

	console.log('');
	printTable(rows);
	report.finished_at = new Date().toISOString();
	report.total_s = round((Date.now() - benchStarted) / 1000, 0);
	report.summary = rows.map((r) => ({ ...r, ratio: r.ratio === undefined ? undefined : round(r.ratio, 2) }));
	report.results = results;
	writeJson(config.output, report);
	console.log(`\nWrote ${config.output} (total ${report.total_s} s).`);
}

main().catch((error) => {
	console.error(`Error: ${error?.stack ?? error}`);
	process.exit(1);
});
