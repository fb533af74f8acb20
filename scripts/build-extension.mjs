// Builds the bundle extension when its sources are newer than its build, and puts the schema
// snapshot and seed inside it (dist/setup), so the package carries everything its setup reads.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { extensionDir, projectRoot } from './lib/environment.mjs';

const outputs = ['dist/api.js', 'dist/app.js', 'dist/portal/app.js'].map((file) => join(extensionDir, file));

function newestSource(dir) {
	let newest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
		else if (!/\.test\.ts$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
	}
	return newest;
}

export function extensionIsStale() {
	if (!outputs.every(existsSync)) return true;
	const built = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
	const sources = Math.max(newestSource(join(extensionDir, 'src')), statSync(join(extensionDir, 'package.json')).mtimeMs);
	return sources > built;
}

/** The client portal: one same-origin script and stylesheet, served by the portal endpoint. */
async function buildPortal() {
	const { build } = await import('esbuild');
	await build({
		entryPoints: [join(extensionDir, 'src', 'portal', 'main.ts')],
		outdir: join(extensionDir, 'dist', 'portal'),
		entryNames: 'app',
		bundle: true,
		format: 'esm',
		platform: 'browser',
		target: 'es2022',
		minify: true,
		sourcemap: true,
		logLevel: 'silent',
	});
}

/**
 * snapshots/schema.yaml and seed/*.yaml, the sources of truth, copied into the package. Only
 * changed files are written, so an instance starting beside a running setup never reads half a file.
 */
export function copySetupFiles() {
	const target = join(extensionDir, 'dist', 'setup');
	mkdirSync(join(target, 'seed'), { recursive: true });
	const files = [['snapshots/schema.yaml', 'schema.yaml'], ...readdirSync(join(projectRoot, 'seed')).filter((name) => name.endsWith('.yaml')).map((name) => [`seed/${name}`, `seed/${name}`])];
	for (const [from, to] of files) {
		const source = readFileSync(join(projectRoot, from));
		const copy = join(target, to);
		if (!existsSync(copy) || !readFileSync(copy).equals(source)) writeFileSync(copy, source);
	}
}

export async function buildExtension() {
	await buildDirectusBundle();
	await buildPortal();
	copySetupFiles();
}

function buildDirectusBundle() {
	const cli = join(projectRoot, 'node_modules', '@directus', 'extensions-sdk', 'cli.js');
	if (!existsSync(cli)) {
		return Promise.reject(new Error('the extension is not built and @directus/extensions-sdk is not installed: run "npm install".'));
	}
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [cli, 'build', '--no-minify'], { cwd: extensionDir, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (c) => (output += c));
		child.stderr.on('data', (c) => (output += c));
		child.on('exit', (code) =>
			code === 0 ? resolve() : reject(new Error(`building the extension failed:\n${output.trim().split('\n').slice(-15).join('\n')}`)),
		);
	});
}

export async function ensureExtensionBuilt() {
	if (!extensionIsStale()) {
		// Cheap, and a seed edited since the last build is what the next setup applies.
		copySetupFiles();
		return 'up to date';
	}
	const started = Date.now();
	await buildExtension();
	return `built in ${((Date.now() - started) / 1000).toFixed(1)} s`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	buildExtension()
		.then(() => console.log('Extension built.'))
		.catch((error) => {
			console.error(`Error: ${error.message}`);
			process.exit(1);
		});
}
