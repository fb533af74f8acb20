// Builds the bundle extension when its sources are newer than its build.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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

export async function buildExtension() {
	await buildDirectusBundle();
	await buildPortal();
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
	if (!extensionIsStale()) return 'up to date';
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
