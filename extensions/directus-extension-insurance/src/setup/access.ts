// Roles, access policies, permissions and demo logins from seed/access.yaml.
// Roles, policies and demo users are create-missing only. Permissions are kept up to date
// with the seed without overwriting an administrator's own work: the content the seed wrote
// for each policy + collection + action is remembered (insurance_seeded_permissions); a row
// still holding exactly that content follows the seed, any other row is the administrator's.
import type { Filter } from '@directus/types';
import { planPermissionSync, permissionChecksum, type DesiredPermission, type PermissionContent } from './permission-sync';
import { GRANTS_RECORD } from './transition-permissions';
import type { SetupContext, Say } from './types';
import { SYSTEM_ADMIN } from './types';

interface PermissionSeed {
	collections: string[];
	actions: string[];
	fields?: string[];
	filter?: Record<string, unknown>;
	validation?: Record<string, unknown>;
}
interface DemoUserSeed {
	email: string;
	first_name: string;
	last_name: string;
	token?: string;
	client?: string;
	role?: string;
	/** Integrator demo login: the portfolios whose clients it serves. */
	serves_portfolios?: string[];
}
interface RoleSeed {
	name: string;
	icon: string;
	description: string;
	app_access: boolean;
	demo_user?: DemoUserSeed;
	permissions: PermissionSeed[];
}
export interface AccessSeed {
	roles: RoleSeed[];
	extra_demo_users: DemoUserSeed[];
	demo_password: string;
}

type Service = InstanceType<SetupContext['services']['ItemsService']>;

async function findOrCreate(service: Service, filter: Filter, data: Record<string, unknown>) {
	const [existing] = await service.readByQuery({ filter, fields: ['id'], limit: 1 });
	if (existing) return { id: existing['id'] as string, created: false };
	return { id: (await service.createOne(data)) as string, created: true };
}

/** The permission rows a role's seed asks for, one per collection and action. */
export function desiredPermissions(role: RoleSeed): DesiredPermission[] {
	const desired = new Map<string, DesiredPermission>();
	for (const rule of role.permissions) {
		for (const collection of rule.collections) {
			for (const action of rule.actions) {
				const key = `${collection}:${action}`;
				if (desired.has(key)) throw new Error(`seed/access.yaml: role ${role.name} grants ${action} on ${collection} twice`);
				desired.set(key, {
					collection,
					action,
					content: { fields: rule.fields ?? ['*'], permissions: rule.filter ?? {}, validation: rule.validation ?? {}, presets: null },
				});
			}
		}
	}
	return [...desired.values()];
}

export async function seedAccess(ctx: SetupContext, seed: AccessSeed, say: Say): Promise<Map<string, string>> {
	const schema = await ctx.getSchema({ database: ctx.database, bypassCache: true });
	const options = { knex: ctx.database, schema, accountability: SYSTEM_ADMIN };
	const roles = new ctx.services.RolesService(options);
	const policies = new ctx.services.PoliciesService(options);
	const access = new ctx.services.AccessService(options);
	const permissions = new ctx.services.PermissionsService(options);
	const records = new ctx.services.ItemsService('insurance_seeded_permissions', { knex: ctx.database, schema });
	const roleIds = new Map<string, string>();
	const counts = { created: 0, updated: 0, deleted: 0, kept: 0 };

	for (const role of seed.roles) {
		const roleRow = await findOrCreate(roles, { name: { _eq: role.name } }, { name: role.name, icon: role.icon, description: role.description });
		const policyRow = await findOrCreate(
			policies,
			{ name: { _eq: role.name } },
			{ name: role.name, icon: role.icon, description: role.description, app_access: role.app_access, admin_access: false },
		);
		roleIds.set(role.name, roleRow.id);
		await findOrCreate(access, { role: { _eq: roleRow.id }, policy: { _eq: policyRow.id } }, { role: roleRow.id, policy: policyRow.id });

		const existing = (await permissions.readByQuery({ filter: { policy: { _eq: policyRow.id } }, limit: -1 })) as ({ id: number; collection: string; action: string } & PermissionContent)[];
		const recorded = (await records.readByQuery({ filter: { policy_name: { _eq: role.name }, permission_collection: { _neq: GRANTS_RECORD } }, limit: -1 })) as { id: number; permission_collection: string; action: string; checksum: string }[];
		const plan = planPermissionSync(
			desiredPermissions(role),
			existing.map((row) => ({ id: row.id, collection: row.collection, action: row.action, content: row })),
			recorded.map((row) => ({ id: row.id, collection: row.permission_collection, action: row.action, checksum: row.checksum })),
		);
		for (const step of plan) {
			const record = { policy_name: role.name, permission_collection: step.collection, action: step.action };
			switch (step.kind) {
				case 'create':
					await permissions.createOne({ policy: policyRow.id, collection: step.collection, action: step.action, ...step.content });
					await records.createOne({ ...record, checksum: permissionChecksum(step.content) });
					counts.created++;
					break;
				case 'update':
					await permissions.updateOne(step.permissionId, step.content);
					await records.updateOne(step.recordId, { checksum: permissionChecksum(step.content) });
					counts.updated++;
					break;
				case 'adopt':
					await records.createOne({ ...record, checksum: permissionChecksum(step.content) });
					break;
				case 'delete':
					await permissions.deleteOne(step.permissionId);
					await records.deleteOne(step.recordId);
					counts.deleted++;
					break;
				case 'forget':
					await records.deleteOne(step.recordId);
					counts.kept++;
					break;
				case 'keep':
					counts.kept++;
					break;
			}
		}
	}
	if (counts.created + counts.updated + counts.deleted > 0) {
		say(`access: ${seed.roles.length} roles; permissions ${counts.created} created, ${counts.updated} updated, ${counts.deleted} removed`);
	}
	if (counts.kept > 0) say(`access: ${counts.kept} permissions changed by an administrator left as they are`);
	return roleIds;
}

/** Demo logins, one per role plus a second client, printed by npm start. */
export async function seedDemoUsers(ctx: SetupContext, seed: AccessSeed, roleIds: Map<string, string>, say: Say) {
	const schema = await ctx.getSchema({ database: ctx.database, bypassCache: true });
	const users = new ctx.services.UsersService({ knex: ctx.database, schema, accountability: SYSTEM_ADMIN });
	const portfolios = new ctx.services.ItemsService('portfolios', { knex: ctx.database, schema });
	const demoUsers = [
		...seed.roles.flatMap((role) => (role.demo_user ? [{ ...role.demo_user, role: role.name }] : [])),
		...seed.extra_demo_users,
	];
	const created: { user: DemoUserSeed; id: string }[] = [];
	for (const user of demoUsers) {
		const row = await findOrCreate(users, { email: { _eq: user.email } }, {
			email: user.email,
			first_name: user.first_name,
			last_name: user.last_name,
			password: seed.demo_password,
			role: roleIds.get(user.role!),
			token: user.token ?? null,
			status: 'active',
		});
		if (user.serves_portfolios?.length) {
			// Only portfolios nobody serves yet: an administrator's assignment stands.
			await portfolios.updateByQuery({ filter: { name: { _in: user.serves_portfolios }, integrator: { _null: true } } }, { integrator: row.id });
		}
		created.push({ user, id: row.id });
		say(`login ${user.role!.padEnd(17)} ${user.email} / ${seed.demo_password}${user.token ? ` (API token ${user.token})` : ''}`);
	}
	return created;
}
