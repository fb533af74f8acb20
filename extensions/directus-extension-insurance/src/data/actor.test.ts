import knex, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOf, creatableFields, forgetRoleNames, grantsOf, mayCreate, rightsOn, systemActor } from './actor';

// Role names, access policies and grants are read from real (in-memory SQLite) tables.
let db: Knex;
const person = (roles: string[], admin = false, user = 'u-1', app = !roles.includes('r-client')) => ({ user, role: roles[0] ?? null, roles, admin, app, ip: null });

beforeAll(async () => {
	db = knex({ client: 'sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
	await db.schema.createTable('directus_roles', (table) => {
		table.string('id').primary();
		table.string('name');
	});
	await db.schema.createTable('directus_access', (table) => {
		table.string('id').primary();
		table.string('role');
		table.string('user');
		table.string('policy');
	});
	await db.schema.createTable('transition_permissions', (table) => {
		table.increments('id');
		table.string('lifecycle');
		table.string('action');
		table.string('policy');
	});
	await db.schema.createTable('clients', (table) => {
		table.increments('id');
		table.string('user');
	});
	await db('clients').insert([{ user: 'u-1' }]);
	await db.schema.createTable('directus_permissions', (table) => {
		table.increments('id');
		table.string('policy');
		table.string('collection');
		table.string('action');
		table.text('fields');
	});
	await db('directus_permissions').insert([
		{ policy: 'p-claims', collection: 'claim_messages', action: 'create', fields: 'claim,kind,body' },
		{ policy: 'p-pay', collection: 'directus_fields', action: 'create', fields: '*' },
		{ policy: 'p-client', collection: 'claim_messages', action: 'read', fields: '*' },
	]);
	await db('directus_roles').insert([
		{ id: 'r-client', name: 'Client' },
		{ id: 'r-claims', name: 'Claims Department' },
		{ id: 'r-parent', name: 'Claims' },
	]);
	await db('directus_access').insert([
		{ id: 'a-1', role: 'r-client', policy: 'p-client' },
		{ id: 'a-2', role: 'r-claims', policy: 'p-claims' },
		{ id: 'a-3', role: 'r-parent', policy: 'p-senior' },
		{ id: 'a-4', user: 'u-2', policy: 'p-pay' },
		{ id: 'a-5', role: null, user: null, policy: 'p-public' },
	]);
	await db('transition_permissions').insert([
		{ lifecycle: 'claim', action: 'submit', policy: 'p-client' },
		{ lifecycle: 'claim', action: 'withdraw', policy: 'p-client' },
		{ lifecycle: 'claim', action: 'take', policy: 'p-claims' },
		{ lifecycle: 'claim', action: 'approve', policy: 'p-claims' },
		{ lifecycle: 'claim', action: 'approve', policy: 'p-senior' },
		{ lifecycle: 'claim', action: 'decide-above-limit', policy: 'p-senior' },
		{ lifecycle: 'claim', action: 'pay', policy: 'p-pay' },
		{ lifecycle: 'policy', action: 'cancel', policy: 'p-pay' },
		{ lifecycle: 'claim', action: 'reject', policy: 'p-public' },
	]);
});

afterAll(() => db.destroy());

describe('actorOf', () => {
	it('knows a client by its client record, staff by their app access, and the system without accountability', async () => {
		expect(await actorOf(person(['r-client']), db)).toMatchObject({ kind: 'client', roles: ['Client'], id: 'u-1' });
		// Whatever the role is called.
		expect(await actorOf(person(['r-claims'], false, 'u-1', false), db)).toMatchObject({ kind: 'client' });
		// No client record (an integrator's token), or app access (staff who are also clients): staff.
		expect(await actorOf(person(['r-client'], false, 'u-9'), db)).toMatchObject({ kind: 'staff' });
		expect(await actorOf(person(['r-client'], false, 'u-1', true), db)).toMatchObject({ kind: 'staff' });
		expect(await actorOf(person(['r-claims']), db)).toMatchObject({ kind: 'staff', roles: ['Claims Department'] });
		expect(await actorOf(person(['r-client'], true), db)).toMatchObject({ kind: 'staff', roles: ['Client', 'Administrator'], grants: 'all' });
		expect(await actorOf(null, db)).toMatchObject({ kind: 'staff', roles: ['Administrator'], id: 'system', grants: 'all' });
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

describe('grantsOf and rightsOn', () => {
	const rights = async (accountability: ReturnType<typeof person>, lifecycle: 'claim' | 'policy' = 'claim') =>
		[...(rightsOn(await actorOf(accountability, db), lifecycle) as string[])].sort();

	it("gives a person the grants of their role's policies, whatever the role is called", async () => {
		expect(await rights(person(['r-client']))).toEqual(['submit', 'withdraw']);
		expect(await rights(person(['r-claims']))).toEqual(['approve', 'take']);
		expect(await rights(person(['r-claims']), 'policy')).toEqual([]);
	});

	it('adds the policies of parent roles and those given to the user directly, never the public ones', async () => {
		expect(await rights(person(['r-claims', 'r-parent']))).toEqual(['approve', 'decide-above-limit', 'take']);
		expect(await rights(person(['r-claims'], false, 'u-2'))).toEqual(['approve', 'pay', 'take']);
		expect(await rights(person(['r-claims'], false, 'u-2'), 'policy')).toEqual(['cancel']);
		expect(await rights(person([], false, 'u-3'))).toEqual([]);
		expect(await grantsOf(db, { ...person([]), user: null })).toEqual(new Map());
	});

	it('reads every request afresh: a revoked grant is gone at once', async () => {
		await db('transition_permissions').where({ policy: 'p-claims', action: 'take' }).delete();
		expect(await rights(person(['r-claims']))).toEqual(['approve']);
	});

	it('gives administrators every right and the system none', () => {
		expect(rightsOn({ ...systemActor('job'), grants: 'all' }, 'claim')).toBe('all');
		expect(rightsOn(systemActor('job'), 'claim')).toEqual([]);
	});
});

describe('creatableFields and mayCreate', () => {
	it("read what a person's policies let them create, from Directus' permissions", async () => {
		expect(await creatableFields(db, person(['r-claims']), 'claim_messages')).toEqual(new Set(['claim', 'kind', 'body']));
		expect(await creatableFields(db, person(['r-claims'], false, 'u-2'), 'directus_fields')).toBe('*');
		expect(await creatableFields(db, person(['r-client'], true), 'anything')).toBe('*');
		const actor = async (roles: string[], user = 'u-1') => actorOf(person(roles, false, user), db);
		expect(await mayCreate(db, await actor(['r-claims']), 'claim_messages')).toBe(true);
		expect(await mayCreate(db, await actor(['r-client']), 'claim_messages')).toBe(false); // read only
		expect(await mayCreate(db, await actor(['r-claims']), 'directus_fields')).toBe(false);
		expect(await mayCreate(db, await actorOf(null, db), 'directus_fields')).toBe(true);
	});
});
