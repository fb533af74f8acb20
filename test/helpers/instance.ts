// Starts the product the way a user does (scripts/start.mjs) on a scratch database.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import knex, { type Knex } from 'knex';

export const projectRoot = resolve(import.meta.dirname, '../..');
export const TEST_SECRET = 'insurance-test-secret-0123456789abcdef';

export function freePort(): Promise<number> {
	return new Promise((resolvePort, reject) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
		});
	});
}

export interface RunResult {
	code: number | null;
	output: string;
}

/** Runs start.mjs to completion or until it says it is ready (then it keeps serving). */
export function runStart(env: Record<string, string>, nodeBinary = process.execPath): { child: ChildProcess; ready: Promise<RunResult> } {
	const child = spawn(nodeBinary, [join(projectRoot, 'scripts', 'start.mjs')], {
		cwd: projectRoot,
		env: { ...process.env, SECRET: TEST_SECRET, ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let output = '';
	const ready = new Promise<RunResult>((resolveRun) => {
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes('Insurance is ready.')) resolveRun({ code: null, output });
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		child.on('exit', (code) => resolveRun({ code, output }));
	});
	return { child, ready };
}

export interface Instance {
	url: string;
	env: Record<string, string>;
	output: string;
	stop(): Promise<void>;
}

export async function stopProcess(child: ChildProcess) {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((r) => child.once('exit', r));
	try {
		process.kill(-child.pid!, 'SIGTERM');
	} catch {
		return;
	}
	const timer = setTimeout(() => {
		try {
			process.kill(-child.pid!, 'SIGKILL');
		} catch {
			// already gone
		}
	}, 10_000);
	await exited;
	clearTimeout(timer);
}

export async function startInstance(env: Record<string, string>): Promise<Instance> {
	const port = String(await freePort());
	const fullEnv = { PORT: port, PUBLIC_URL: `http://127.0.0.1:${port}`, ...env };
	const { child, ready } = runStart(fullEnv);
	const result = await ready;
	if (result.code !== null) throw new Error(`npm start exited with ${result.code}:\n${result.output}`);
	return { url: `http://127.0.0.1:${port}`, env: fullEnv, output: result.output, stop: () => stopProcess(child) };
}

/** A fresh database environment: a temporary SQLite file, or a new Postgres database. */
export async function scratchDatabase(label: string): Promise<{ env: Record<string, string>; db: () => Knex; drop(): Promise<void> }> {
	const dataDir = mkdtempSync(join(tmpdir(), `insurance-${label}-`));
	const base = { INSURANCE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
	if (process.env['TEST_DB'] !== 'postgres') {
		const filename = join(dataDir, 'insurance.db');
		return {
			env: { ...base, DB_CLIENT: 'sqlite3', DB_FILENAME: filename },
			db: () => knex({ client: 'sqlite3', connection: { filename }, useNullAsDefault: true }),
			drop: async () => {},
		};
	}
	const server = process.env['TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432';
	const name = `insurance_${label.replace(/\W/g, '_')}_${process.pid}_${Date.now()}`;
	const admin = knex({ client: 'pg', connection: `${server}/postgres` });
	await admin.raw(`create database "${name}"`);
	await admin.destroy();
	const url = `${server}/${name}`;
	return {
		env: { ...base, DB_CLIENT: 'pg', DB_CONNECTION_STRING: url },
		db: () => knex({ client: 'pg', connection: url }),
		drop: async () => {
			const again = knex({ client: 'pg', connection: `${server}/postgres` });
			await again.raw(`drop database if exists "${name}" with (force)`);
			await again.destroy();
		},
	};
}
