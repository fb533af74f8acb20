// Roles, access policies, permissions and demo logins from seed/access.yaml.
// Create-missing only: an administrator's later edits to them are never overwritten.
import type { Filter } from '@directus/types';
import type { SetupContext, Say } from './types';
import { SYSTEM_ADMIN } from './types';

interface PermissionSeed {
	collections: string[];
	actions: string[];
	fields?: string[];
	filter?: Record<string, unknown>;
}
interface DemoUserSeed {
	email: string;
	first_name: string;
	last_name: string;
	token?: string;
	client?: string;
	role?: string;
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

export async function seedAccess(ctx: SetupContext, seed: AccessSeed, say: Say): Promise<Map<string, string>> {
	const schema = await ctx.getSchema({ database: ctx.database, bypassCache: true });
	const options = { knex: ctx.database, schema, accountability: SYSTEM_ADMIN };
	const roles = new ctx.services.RolesService(options);
	const policies = new ctx.services.PoliciesService(options);
	const access = new ctx.services.AccessService(options);
	const permissions = new ctx.services.PermissionsService(options);
	const roleIds = new Map<string, string>();
	let createdPermissions = 0;

	for (const role of seed.roles) {
		const roleRow = await findOrCreate(roles, { name: { _eq: role.name } }, { name: role.name, icon: role.icon, description: role.description });
		const policyRow = await findOrCreate(
			policies,
			{ name: { _eq: role.name } },
			{ name: role.name, icon: role.icon, description: role.description, app_access: role.app_access, admin_access: false },
		);
		roleIds.set(role.name, roleRow.id);
		await findOrCreate(access, { role: { _eq: roleRow.id }, policy: { _eq: policyRow.id } }, { role: roleRow.id, policy: policyRow.id });

		for (const rule of role.permissions) {
			for (const collection of rule.collections) {
				for (const action of rule.actions) {
					const { created } = await findOrCreate(
						permissions,
						{ policy: { _eq: policyRow.id }, collection: { _eq: collection }, action: { _eq: action } },
						{ policy: policyRow.id, collection, action, fields: rule.fields ?? ['*'], permissions: rule.filter ?? {}, validation: {} },
					);
					if (created) createdPermissions++;
				}
			}
		}
	}
	if (createdPermissions > 0) say(`access: ${seed.roles.length} roles, ${createdPermissions} permissions created`);
	return roleIds;
}

/** Demo logins, one per role plus a second client, printed by npm start. */
export async function seedDemoUsers(ctx: SetupContext, seed: AccessSeed, roleIds: Map<string, string>, say: Say) {
	const schema = await ctx.getSchema({ database: ctx.database, bypassCache: true });
	const users = new ctx.services.UsersService({ knex: ctx.database, schema, accountability: SYSTEM_ADMIN });
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
		created.push({ user, id: row.id });
		say(`login ${user.role!.padEnd(17)} ${user.email} / ${seed.demo_password}${user.token ? ` (API token ${user.token})` : ''}`);
	}
	return created;
}
