import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

// The snapshot and seed ship inside the package, beside the built api.js (dist/setup), so the
// setup finds them from any Directus project whatever its working directory.
const shipped = join(dirname(fileURLToPath(import.meta.url)), 'setup');

/** Where the snapshot and seed files live: inside the extension unless configured. */
export function setupPaths(env: Record<string, unknown>) {
	return {
		snapshot: resolve(String(env['INSURANCE_SNAPSHOT_PATH'] ?? join(shipped, 'schema.yaml'))),
		seed: resolve(String(env['INSURANCE_SEED_PATH'] ?? join(shipped, 'seed'))),
	};
}

export function readYaml<T>(path: string): T {
	if (!existsSync(path)) throw new Error(`${path} is missing: the extension package is incomplete (rebuild it with "npm run build")`);
	return parse(readFileSync(path, 'utf8'), { merge: true }) as T;
}
