// npm start: bootstrap Directus, apply the insurance schema and seed, then serve.
// Every step says what it does; every failure is one line and a non-zero exit.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { inspectDatabase } from './lib/database.mjs';
import { ensureExtensionBuilt } from './build-extension.mjs';
import { directusCli, directusEnvironment, projectRoot, runtimeProblem } from './lib/environment.mjs';

const STEPS = 5;
let step = 0;
const progress = (text) => console.log(`[${++step}/${STEPS}] ${text}`);

class StartError extends Error {}

/** Runs a Directus CLI command to completion, echoing its progress lines. */
function runDirectus(args, env, { echo = () => false } = {}) {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(process.execPath, [directusCli, ...args], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
		const lines = [];
		const collect = (chunk) => {
			for (const line of chunk.toString().split('\n')) {
				if (!line.trim()) continue;
				lines.push(line);
				if (echo(line)) console.log(`      ${line.trim()}`);
			}
		};
		child.stdout.on('data', collect);
		child.stderr.on('data', collect);
		child.on('error', reject);
		child.on('exit', (code) => (code === 0 ? resolvePromise(lines) : reject(new StartError(failureLine(args[0], lines)))));
	});
}

/** The most telling line of a failed Directus command: its error message, without stack frames. */
function failureLine(command, lines) {
	const clean = lines.map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').trim());
	const messages = clean.filter((l) => /error|conflict|refus|cannot|failed|ECONN|ENOTFOUND|password|does not exist/i.test(l) && !/^at /.test(l));
	const pick = messages.find((l) => /^insurance:/i.test(l)) ?? messages.at(-1) ?? clean.at(-1) ?? 'no output';
	return `"directus ${command}" failed: ${pick.replace(/^\[[^\]]*\]\s*/, '')}`;
}

async function waitForPing(url, child) {
	for (let attempt = 0; attempt < 600; attempt++) {
		if (child.exitCode !== null) return false;
		try {
			const response = await fetch(`${url}/server/ping`);
			if (response.ok) return true;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	return false;
}

function printWelcome(env, demoLogins) {
	const url = env.PUBLIC_URL.replace(/\/$/, '');
	console.log('');
	console.log(`Insurance is ready.`);
	console.log(`  Directus app:   ${url}/admin`);
	console.log(`  Client portal:  ${url}/insurance/portal`);
	console.log(`  API lifecycles: ${url}/insurance/lifecycles`);
	console.log(`  Administrator:  ${env.ADMIN_EMAIL} / ${env.ADMIN_PASSWORD}`);
	for (const line of demoLogins) console.log(`  ${line}`);
	console.log('');
}

async function main() {
	const problem = runtimeProblem();
	if (problem) throw new StartError(problem);
	const env = directusEnvironment();
	const startedAt = Date.now();

	progress('Building the insurance extension (when its sources changed)');
	const built = await ensureExtensionBuilt();
	console.log(`      ${built}`);

	progress('Checking the database');
	if (env.DB_FILENAME) mkdirSync(dirname(env.DB_FILENAME), { recursive: true });
	if (env.STORAGE_LOCAL_ROOT) mkdirSync(env.STORAGE_LOCAL_ROOT, { recursive: true });
	const inspection = await inspectDatabase(env);
	if (inspection.error) throw new StartError(inspection.error);
	if (inspection.conflicts.length > 0) {
		throw new StartError(`The database already has a schema that conflicts with ours, nothing was changed: ${inspection.conflicts.join('; ')}.`);
	}

	progress('Bootstrapping Directus (system tables, migrations, administrator)');
	await runDirectus(['bootstrap'], env);

	progress('Applying the insurance schema and seed');
	const setupLines = await runDirectus(['insurance:setup'], env, { echo: (line) => line.startsWith('insurance:') });
	const demoLogins = setupLines.filter((l) => l.startsWith('insurance: login ')).map((l) => l.replace('insurance: login ', ''));

	progress('Starting the server');
	const server = spawn(process.execPath, [directusCli, 'start'], { cwd: projectRoot, env, stdio: 'inherit' });
	for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
	server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
	if (!(await waitForPing(`http://127.0.0.1:${env.PORT}`, server))) {
		server.kill('SIGTERM');
		throw new StartError(`Directus did not answer /server/ping on port ${env.PORT}.`);
	}
	printWelcome(env, demoLogins);
	console.log(`Started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s.`);
}

main().catch((error) => {
	console.error(error instanceof StartError ? `Error: ${error.message}` : `Error: ${error?.message ?? error}`);
	process.exit(1);
});
