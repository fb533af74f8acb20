import knex, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOf, forgetRoleNames } from './actor';

// Role names are read from a real (in-memory SQLite) directus_roles table.
let db: Knex;
const person = (roles: string[], admin = false) => ({ user: 'u-1', role: roles[0] ?? null, roles, admin, app: true, ip: null });

beforeAll(async () => {
	db = knex({ client: 'sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
	await db.schema.createTable('directus_roles', (table) => {
		table.string('id').primary();
		table.string('name');
	});
	await db('directus_roles').insert([
		{ id: 'r-client', name: 'Client' },
		{ id: 'r-claims', name: 'Claims Department' },
	]);
});

afterAll(() => db.destroy());

describe('actorOf', () => {
	it('names a client by its role, staff by theirs, and the system without accountability', async () => {
		expect(await actorOf(person(['r-client']), db)).toMatchObject({ kind: 'client', roles: ['Client'], id: 'u-1' });
		expect(await actorOf(person(['r-claims']), db)).toMatchObject({ kind: 'staff', roles: ['Claims Department'] });
		expect(await actorOf(person(['r-client'], true), db)).toMatchObject({ kind: 'staff', roles: ['Client', 'Administrator'] });
		expect(await actorOf(null, db)).toMatchObject({ kind: 'staff', roles: ['Administrator'], id: 'system' });
	});

	it('keeps role names until they are forgotten, then reads the renamed role', async () => {
		forgetRoleNames();
		expect((await actorOf(person(['r-claims']), db)).roles).toEqual(['Claims Department']);
		await db('directus_roles').where('id', 'r-claims').update({ name: 'Manager' });
		expect((await actorOf(person(['r-claims']), db)).roles).toEqual(['Claims Department']);
		forgetRoleNames();
		expect((await actorOf(person(['r-claims']), db)).roles).toEqual(['Manager']);
	});

	it('ignores a role that no longer exists', async () => {
		forgetRoleNames();
		expect((await actorOf(person(['r-gone', 'r-client']), db)).roles).toEqual(['Client']);
	});
});
