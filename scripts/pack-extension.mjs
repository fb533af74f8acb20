// npm run pack: builds the extension and packs it (npm pack) into packed/, the one artifact a
// Directus project installs; packed/directus-extension-insurance/ is the same package unpacked,
// ready to mount or copy into a project's extensions/ folder (docker-compose.yml mounts it).
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureExtensionBuilt } from './build-extension.mjs';
import { extensionDir, projectRoot } from './lib/environment.mjs';

export const packedDir = join(projectRoot, 'packed');
export const EXTENSION_NAME = 'directus-extension-insurance';

function run(command, args, cwd) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('error', reject);
		child.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${command} ${args.join(' ')} failed: ${stderr.trim() || stdout.trim()}`))));
	});
}

/** Unpacks an npm tarball (its files sit under package/) into `target`. */
export async function unpack(tarball, target) {
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	await run('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], projectRoot);
}

/** Builds and packs the extension; returns the tarball's path and the files it holds. */
export async function packExtension(destination = packedDir) {
	await ensureExtensionBuilt();
	mkdirSync(destination, { recursive: true });
	const [result] = JSON.parse(await run('npm', ['pack', '--json', '--pack-destination', destination], extensionDir));
	return { tarball: join(destination, result.filename), files: result.files.map((file) => file.path) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	packExtension()
		.then(async ({ tarball, files }) => {
			await unpack(tarball, join(packedDir, EXTENSION_NAME));
			console.log(`Packed ${tarball} (${files.length} files), unpacked into packed/${EXTENSION_NAME}/`);
		})
		.catch((error) => {
			console.error(`Error: ${error.message}`);
			process.exit(1);
		});
}
