// npm run bench:plans: the query plans of every nightly job at two portfolio sizes, to find a
// cost that grows with the book rather than with what is due. Each job runs once through the
// product on a generated portfolio (bench/portfolio.mjs) with Postgres' auto_explain logging
// every statement's plan (ANALYZE, BUFFERS); the plans are read back from the server log and
// written, job by job and slowest first, to bench/results/plans.md.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { connect, dropDatabase, freshDatabase, pauseScheduledFlows, startServer } from '../bench/server.mjs';
import { generatePortfolio } from '../bench/portfolio.mjs';
import { giveBenefits } from '../bench/benefits.mjs';
import { login } from '../bench/measure.mjs';
import { NIGHTLY_ORDER, nightlyJobs } from '../bench/scenarios.mjs';
import { writeText } from '../bench/report.mjs';
import { projectRoot } from './lib/environment.mjs';

const sizes = [Number(process.env.PLANS_SMALL_POLICIES ?? 20_000), Number(process.env.PLANS_POLICIES ?? 200_000)];
const due = Math.round(sizes[1] * 0.01);
const day = process.env.BENCH_DAY ?? new Date().toISOString().slice(0, 10);
const serverLog = process.env.PG_LOG ?? '/var/log/postgresql/postgresql-15-main.log';
const ADMIN = { email: 'admin@example.com', password: 'insurance-admin' };

/** The auto_explain entries the server logged for `database` since byte `from` of its log. */
function plansSince(database, from) {
	const text = readFileSync(serverLog, 'utf8').slice(from);
	const entries = [];
	let current = null;
	for (const line of text.split('\n')) {
		if (line.startsWith('\t') && current) current.lines.push(line.slice(1));
		else {
			const match = line.match(new RegExp(`@${database} LOG:  duration: ([\\d.]+) ms  plan:`));
			current = match ? { ms: Number(match[1]), lines: [] } : null;
			if (current) entries.push(current);
		}
	}
	return entries.map(({ ms, lines }) => {
		const query = lines.find((l) => l.startsWith('Query Text:'))?.slice(12).replace(/\s+/g, ' ').slice(0, 220) ?? '';
		// Long id lists make a plan unreadable: each line is cut at 200 characters.
		return { ms, query, plan: lines.filter((l) => !l.startsWith('Query Text:')).map((l) => (l.length > 200 ? `${l.slice(0, 200)}…` : l)).join('\n') };
	});
}

async function plansAt(policies) {
	const name = `insurance_plans_${policies}`;
	const url = await freshDatabase(name);
	let server = await startServer(url, { DB_POOL__MAX: '5' });
	const db = connect(url, 4);
	try {
		await pauseScheduledFlows(server.url, await login(server.url, ADMIN.email, ADMIN.password));
		await giveBenefits(db);
		await generatePortfolio(db, { policies, due, day, log: () => {} });
		await server.stop();
		for (const [setting, value] of [['session_preload_libraries', 'auto_explain'], ['auto_explain.log_min_duration', '0'], ['auto_explain.log_analyze', 'on'], ['auto_explain.log_buffers', 'on'], ['auto_explain.log_timing', 'on']]) {
			await db.raw(`alter database ?? set ${setting} = '${value}'`, [name]);
		}
		server = await startServer(url, { DB_POOL__MAX: '5' });
		const token = await login(server.url, ADMIN.email, ADMIN.password);
		const jobs = {};
		for (const job of NIGHTLY_ORDER) {
			const from = statSync(serverLog).size;
			const started = performance.now();
			const did = await nightlyJobs(server.url, token, day, job);
			const transitions = did.transitions + did.reminders + did.renewals;
			const ms = performance.now() - started;
			jobs[job] = { ms, transitions, statements: plansSince(name, from) };
			console.log(`  ${policies} ${job}: ${ms.toFixed(0)} ms, ${transitions} transitions and notices, ${jobs[job].statements.length} statements`);
		}
		return jobs;
	} finally {
		await server.stop();
		await db.destroy();
		await dropDatabase(name);
	}
}

const [small, large] = [await plansAt(sizes[0]), await plansAt(sizes[1])];
const out = [`# Nightly job plans: ${sizes[1]} vs ${sizes[0]} policies, ${due} due on ${day}`, ''];
out.push('| job | transitions and notices | ms small | ms large | SQL ms small | SQL ms large |', '| --- | --- | --- | --- | --- | --- |');
const sql = (job) => job.statements.reduce((sum, s) => sum + s.ms, 0);
for (const job of NIGHTLY_ORDER) out.push(`| ${job} | ${large[job].transitions} | ${small[job].ms.toFixed(0)} | ${large[job].ms.toFixed(0)} | ${sql(small[job]).toFixed(1)} | ${sql(large[job]).toFixed(1)} |`);
for (const job of NIGHTLY_ORDER) {
	out.push('', `## ${job}`, '');
	for (const statement of [...large[job].statements].sort((a, b) => b.ms - a.ms).slice(0, 4)) {
		out.push(`${statement.ms.toFixed(2)} ms at ${sizes[1]}: \`${statement.query}\``, '', '```', statement.plan.trim(), '```', '');
	}
}
const path = join(projectRoot, 'bench', 'results', 'plans.md');
writeText(path, `${out.join('\n')}\n`);
console.log(`Wrote ${path}`);
