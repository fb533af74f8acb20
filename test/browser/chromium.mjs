// The Chromium the browser tests drive: CHROMIUM_PATH when set, else the system's Chromium, else
// the build that @sparticuz/chromium ships inside its npm package, so `npm install` alone is
// enough. That build is unpacked to the temp folder on first use and runs with the NSS libraries
// and fonts its package brings, not the host's. `node test/browser/chromium.mjs` prints the choice.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** @returns {Promise<{ executablePath: string, source: string, env: Record<string, string> }>} */
export async function findChromium() {
	const configured = process.env.CHROMIUM_PATH;
	if (configured) return { executablePath: configured, source: 'CHROMIUM_PATH', env: {} };
	if (existsSync(SYSTEM_CHROMIUM)) return { executablePath: SYSTEM_CHROMIUM, source: 'the system', env: {} };
	const { default: packaged, inflate } = await import('@sparticuz/chromium');
	const archives = join(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..', 'bin');
	// One after the other: the first unpacking of the browser also writes the fonts.
	const executablePath = await packaged.executablePath(archives);
	const libraries = await inflate(join(archives, 'al2023.tar.br'));
	const fonts = await inflate(join(archives, 'fonts.tar.br'));
	return { executablePath, source: '@sparticuz/chromium', env: { LD_LIBRARY_PATH: join(libraries, 'lib'), FONTCONFIG_PATH: fonts } };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const { executablePath, source, env } = await findChromium();
	const version = execFileSync(executablePath, ['--version'], { env: { ...process.env, ...env }, encoding: 'utf8' }).trim();
	console.log(`${version} from ${source} (${executablePath})`);
}
