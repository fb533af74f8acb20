// A Directus project as a Directus user has one: its own folder and package.json, the Directus
// already installed (this repository's node_modules, linked: no network), and the packed
// insurance extension installed in it. Nothing of this repository's scripts, snapshots or seed
// is on its path.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXTENSION_NAME, packExtension, unpack } from '../../scripts/pack-extension.mjs';
import { freePort, projectRoot, stopProcess, TEST_SECRET, type Instance, type RunResult } from '../helpers/instance';

export const ADMIN = { email: 'owner@insurer.example.com', password: 'owner-password-1' };

let packed: Promise<{ tarball: string; files: string[] }> | undefined;
/** The extension built and packed once per test file, as `npm pack` makes it. */
export const packedExtension = (): Promise<{ tarball: string; files: string[] }> => (packed ??= packExtension(mkdtempSync(join(tmpdir(), 'insurance-pack-'))));

export interface DirectusProject {
	dir: string;
	extensionDir: string;
	/** Runs a Directus CLI command in the project to completion (call twice to race two). */
	directus(args: string[], extraEnv?: Record<string, string>): Promise<RunResult>;
	start(): Promise<Instance>;
}

/**
 * `extensions`: the package unpacked into extensions/. `dependency`: where `npm install <tarball>`
 * puts it, node_modules/ and package.json's dependencies (node_modules is otherwise links into
 * the installed one, so nothing is downloaded or written there).
 */
export type Installation = 'extensions' | 'dependency';

export async function createProject(label: string, databaseEnv: Record<string, string>, installation: Installation = 'extensions'): Promise<DirectusProject> {
	const dir = mkdtempSync(join(tmpdir(), `insurance-project-${label}-`));
	const { tarball } = await packedExtension();
	const dependencies: Record<string, string> = { directus: '11.17.4' };
	let extensionDir: string;
	if (installation === 'extensions') {
		symlinkSync(join(projectRoot, 'node_modules'), join(dir, 'node_modules'));
		extensionDir = join(dir, 'extensions', EXTENSION_NAME);
	} else {
		mkdirSync(join(dir, 'node_modules'));
		for (const entry of readdirSync(join(projectRoot, 'node_modules'))) symlinkSync(join(projectRoot, 'node_modules', entry), join(dir, 'node_modules', entry));
		extensionDir = join(dir, 'node_modules', EXTENSION_NAME);
		dependencies[EXTENSION_NAME] = `file:${tarball}`;
	}
	writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `insurer-${label}`, private: true, dependencies }, null, 2));
	await unpack(tarball, extensionDir);

	// Only what a Directus deployment sets: no EXTENSIONS_PATH, no insurance paths.
	const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(INSURANCE_|EXTENSIONS_|SEED_DEMO|DB_|PORT$|PUBLIC_URL$)/.test(key)));
	const { INSURANCE_DATA_DIR: _unused, ...database } = databaseEnv;
	const env = { ...inherited, ...database, SECRET: TEST_SECRET, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, TELEMETRY: 'false', LOG_LEVEL: 'warn' };
	// The CLI entry of the directus package without its update check (which asks the registry).
	const cli = join(dir, 'node_modules', '@directus', 'api', 'dist', 'cli', 'run.js');

	const run = (args: string[], extraEnv: Record<string, string> = {}) =>
		new Promise<RunResult>((resolve) => {
			const child = spawn(process.execPath, [cli, ...args], { cwd: dir, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
			let output = '';
			child.stdout.on('data', (chunk) => (output += chunk));
			child.stderr.on('data', (chunk) => (output += chunk));
			child.on('exit', (code) => resolve({ code, output }));
		});

	return {
		dir,
		extensionDir,
		directus: run,
		async start() {
			const port = String(await freePort());
			const url = `http://127.0.0.1:${port}`;
			const child = spawn(process.execPath, [cli, 'start'], { cwd: dir, env: { ...env, PORT: port, PUBLIC_URL: url }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
			let output = '';
			child.stdout!.on('data', (chunk) => (output += chunk));
			child.stderr!.on('data', (chunk) => (output += chunk));
			for (let attempt = 0; attempt < 240; attempt++) {
				if (child.exitCode !== null) throw new Error(`directus start exited with ${child.exitCode}:\n${output}`);
				const ping = await fetch(`${url}/server/ping`).catch(() => null);
				if (ping?.ok) return { url, env: { ...env, PORT: port }, output, stop: () => stopProcess(child) };
				await new Promise((r) => setTimeout(r, 250));
			}
			await stopProcess(child);
			throw new Error(`directus start did not answer /server/ping:\n${output}`);
		},
	};
}

/** A JSON request to a project's Directus, answered as status and parsed body. */
export async function requestJson(baseUrl: string, path: string, { method = 'GET', body, token }: { method?: string; body?: unknown; token?: string } = {}) {
	const response = await fetch(`${baseUrl}${path}`, {
		method,
		headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : {} };
}
