import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

/** Where the snapshot and seed files live: beside the working directory unless configured. */
export function setupPaths(env: Record<string, unknown>) {
	return {
		snapshot: resolve(String(env['INSURANCE_SNAPSHOT_PATH'] ?? 'snapshots/schema.yaml')),
		seed: resolve(String(env['INSURANCE_SEED_PATH'] ?? 'seed')),
	};
}

export function readYaml<T>(path: string): T {
	return parse(readFileSync(path, 'utf8'), { merge: true }) as T;
}
