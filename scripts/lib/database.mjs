// Looks at the database before Directus touches it: is it reachable, and does it already hold
// tables of our names that are not ours (then we stop and change nothing).
import knex from 'knex';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './environment.mjs';

export function connectionConfig(env) {
	if (env.DB_CLIENT === 'sqlite3' || env.DB_CLIENT === 'sqlite') {
		return { client: 'sqlite3', connection: { filename: env.DB_FILENAME }, useNullAsDefault: true };
	}
	const connection = env.DB_CONNECTION_STRING ?? {
		host: env.DB_HOST ?? '127.0.0.1',
		port: Number(env.DB_PORT ?? 5432),
		database: env.DB_DATABASE,
		user: env.DB_USER,
		password: env.DB_PASSWORD,
	};
	return { client: env.DB_CLIENT, connection, pool: { min: 0, max: 1 }, acquireConnectionTimeout: 5000 };
}

/** host:port/database of a server database, without credentials. */
function serverAddress(env) {
	if (!env.DB_CONNECTION_STRING) return `${env.DB_HOST ?? '127.0.0.1'}:${env.DB_PORT ?? 5432}/${env.DB_DATABASE ?? ''}`;
	const url = new URL(env.DB_CONNECTION_STRING);
	return `${url.hostname}:${url.port || 5432}${url.pathname}`;
}

// Column types each Directus type may have been stored as, across SQLite and Postgres.
const COMPATIBLE = {
	integer: /int|serial/,
	string: /char|text|string/,
	text: /text|char/,
	decimal: /decimal|numeric|real|double|float/,
	boolean: /bool|int/,
	date: /date/,
	timestamp: /timestamp|datetime/,
	json: /json|text/,
	uuid: /uuid|char/,
};

/** Every clash between the snapshot and the tables already in the database, as sentences. */
export async function findSchemaConflicts(db, snapshot) {
	const conflicts = [];
	const hasDirectus = await db.schema.hasTable('directus_collections');
	const registered = new Set(hasDirectus ? (await db('directus_collections').select('collection')).map((row) => row.collection) : []);
	for (const { collection } of snapshot.collections) {
		if (!(await db.schema.hasTable(collection))) continue;
		if (!registered.has(collection)) {
			conflicts.push(`table "${collection}" already exists and is not a Directus collection of this product`);
			continue;
		}
		const columns = await db(collection).columnInfo();
		for (const field of snapshot.fields.filter((f) => f.collection === collection && f.schema)) {
			const column = columns[field.field];
			if (column && !COMPATIBLE[field.type]?.test(column.type.toLowerCase())) {
				conflicts.push(`column "${collection}.${field.field}" is ${column.type}, the insurance schema needs ${field.type}`);
			}
		}
	}
	return conflicts;
}

export async function inspectDatabase(env) {
	const db = knex(connectionConfig(env));
	try {
		try {
			await db.raw('select 1');
		} catch (error) {
			const where = env.DB_CLIENT.startsWith('sqlite') ? env.DB_FILENAME : serverAddress(env);
			return { error: `Cannot reach the ${env.DB_CLIENT} database at ${where}: ${error.code ?? ''} ${error.message}`.replace(/\s+/g, ' ').trim() };
		}
		const snapshot = parse(readFileSync(join(projectRoot, 'snapshots', 'schema.yaml'), 'utf8'));
		return { conflicts: await findSchemaConflicts(db, snapshot) };
	} finally {
		await db.destroy();
	}
}
