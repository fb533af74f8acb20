// The Directus environment of this project: our defaults under whatever the caller set.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const extensionDir = join(projectRoot, 'extensions', 'directus-extension-insurance');
// The CLI without its npm update check: starts make no outbound request.
export const directusCli = join(projectRoot, 'node_modules', '@directus', 'api', 'dist', 'cli', 'run.js');
export const MIN_NODE_MAJOR = 22;

/** One line, or null when this Node can run Directus 11.17. */
export function runtimeProblem(version = process.versions.node) {
	const major = Number(version.split('.')[0]);
	if (major >= MIN_NODE_MAJOR) return null;
	return (
		`Directus 11.17 needs Node.js ${MIN_NODE_MAJOR} or newer, this is Node.js ${version}. ` +
		`Run it through npm ("npm start"), which puts the Node ${MIN_NODE_MAJOR} installed by "npm install" first on PATH.`
	);
}

/**
 * A secret shared by every instance started from this checkout, so sessions survive restarts.
 * Production deployments set SECRET themselves.
 */
function persistentSecret(dataDir) {
	const file = join(dataDir, '.secret');
	if (existsSync(file)) return readFileSync(file, 'utf8').trim();
	const secret = randomBytes(32).toString('hex');
	mkdirSync(dataDir, { recursive: true });
	writeFileSync(file, secret, { mode: 0o600 });
	return secret;
}

export function directusEnvironment(overrides = process.env) {
	const dataDir = resolve(projectRoot, overrides.INSURANCE_DATA_DIR ?? 'data');
	const port = overrides.PORT ?? '8055';
	const host = overrides.HOST ?? '127.0.0.1';
	const publicHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;

	const defaults = {
		DB_CLIENT: 'sqlite3',
		HOST: host,
		PORT: port,
		PUBLIC_URL: `http://${publicHost}:${port}`,
		ADMIN_EMAIL: 'admin@example.com',
		ADMIN_PASSWORD: 'insurance-admin',
		EXTENSIONS_PATH: join(projectRoot, 'extensions'),
		EXTENSIONS_AUTO_RELOAD: 'false',
		WEBSOCKETS_ENABLED: 'true',
		TELEMETRY: 'false',
		LOG_LEVEL: 'warn',
		LOG_STYLE: 'pretty',
		EMAIL_TRANSPORT: 'smtp',
		EMAIL_SMTP_HOST: '127.0.0.1',
		EMAIL_SMTP_PORT: '1025',
		EMAIL_SMTP_SECURE: 'false',
		EMAIL_SMTP_IGNORE_TLS: 'true',
		EMAIL_FROM: 'claims@insurance.example',
		STORAGE_LOCATIONS: 'local',
		STORAGE_LOCAL_ROOT: join(dataDir, 'uploads'),
		// Directus bundles the app extensions into TEMP_PATH (by default inside node_modules):
		// one per data directory, so instances of different checkouts never serve each other's.
		TEMP_PATH: join(dataDir, 'tmp'),
		SEED_DEMO: 'true',
	};

	const env = { ...defaults, ...overrides };
	if ((env.DB_CLIENT === 'sqlite3' || env.DB_CLIENT === 'sqlite') && !env.DB_FILENAME) {
		env.DB_FILENAME = join(dataDir, 'insurance.db');
	}
	if (env.DB_FILENAME && !isAbsolute(env.DB_FILENAME)) env.DB_FILENAME = resolve(projectRoot, env.DB_FILENAME);
	if (!env.SECRET) env.SECRET = persistentSecret(dataDir);
	// An empty PUBLIC_URL breaks links in emails; keep ours when the caller cleared it.
	if (!env.PUBLIC_URL) env.PUBLIC_URL = defaults.PUBLIC_URL;
	return env;
}
