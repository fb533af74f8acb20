// An existing installation gets the permissions of a newer seed on its next start, while what
// an administrator changed, deleted or added stays as they made it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { permissionChecksum } from '../../extensions/directus-extension-insurance/src/setup/permission-sync';
import { scratchDatabase, startInstance } from '../helpers/instance';

let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
let db: Knex;

const permission = (policy: string, collection: string, action: string) =>
	db('directus_permissions as p').join('directus_policies as o', 'o.id', 'p.policy').where({ 'o.name': policy, 'p.collection': collection, 'p.action': action }).first('p.id', 'p.fields', 'p.permissions', 'p.policy');

beforeAll(async () => {
	scratch = await scratchDatabase('seed-sync');
	const env = { ...scratch.env, SEED_DEMO: 'false' };
	await (await startInstance(env)).stop();
	db = scratch.db();
});

afterAll(async () => {
	await db?.destroy();
	await scratch?.drop();
});

describe('seeded permissions on an existing installation', () => {
	it('follow the seed where untouched and respect the administrator elsewhere', async () => {
		// An older seed had let clients read every claim: the row and the seed's record of it say so.
		const stale = await permission('Client', 'claims', 'read');
		await db('directus_permissions').where('id', stale.id).update({ permissions: null, fields: '*' });
		await db('insurance_seeded_permissions')
			.where({ policy_name: 'Client', permission_collection: 'claims', action: 'read' })
			.update({ checksum: permissionChecksum({ fields: ['*'], permissions: null, validation: null, presets: null }) });
		// The administrator widened one seeded row, deleted another and added one of their own.
		const tuned = await permission('Claims Department', 'claims', 'update');
		await db('directus_permissions').where('id', tuned.id).update({ fields: 'status,assigned_to,decision_note,payment_reference' });
		const removed = await permission('Manager', 'webhook_deliveries', 'read');
		await db('directus_permissions').where('id', removed.id).delete();
		await db('directus_permissions').insert({ policy: stale.policy, collection: 'portfolios', action: 'read', fields: 'id,name', permissions: null, validation: null });

		const second = await startInstance({ ...scratch.env, SEED_DEMO: 'false' });
		await second.stop();

		expect(second.output).toMatch(/access: .*1 updated/);
		const restored = (await permission('Client', 'claims', 'read')).permissions;
		expect(typeof restored === 'string' ? JSON.parse(restored) : restored).toEqual({ client: { user: { _eq: '$CURRENT_USER' } } });
		expect((await permission('Claims Department', 'claims', 'update')).fields).toBe('status,assigned_to,decision_note,payment_reference');
		expect(await permission('Manager', 'webhook_deliveries', 'read')).toBeUndefined();
		expect((await permission('Client', 'portfolios', 'read')).fields).toBe('id,name');
	});
});
