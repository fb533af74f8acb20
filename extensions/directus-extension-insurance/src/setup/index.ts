// "directus insurance:setup": schema, reference data, access and (optionally) demo data.
// Safe to run on every start: each step creates only what is missing.
import { join } from 'node:path';
import type { Snapshot } from '@directus/types';
import { seedAccess, seedDemoUsers, type AccessSeed } from './access';
import { seedCatalog, type CatalogSeed } from './catalog';
import { seedDashboards, type DashboardsSeed } from './dashboards';
import { seedDemo } from './demo';
import type { DemoSeed } from './demo-portfolio';
import { readYaml, setupPaths } from './files';
import { seedFlows, type FlowsSeed } from './flows';
import { applySchemaAdditions, ensureCompositeUniques } from './schema';
import type { SetupContext, Say } from './types';

export async function setupInsurance(ctx: SetupContext, say: Say) {
	const paths = setupPaths(ctx.env);
	const created = await applySchemaAdditions(ctx, readYaml<Snapshot>(paths.snapshot), say);
	say(created ? `schema: ${created} changes applied` : 'schema: up to date');
	await ensureCompositeUniques(ctx);

	await seedCatalog(ctx, readYaml<CatalogSeed>(join(paths.seed, 'catalog.yaml')), say);
	const access = readYaml<AccessSeed>(join(paths.seed, 'access.yaml'));
	const roleIds = await seedAccess(ctx, access, say);
	await seedFlows(ctx, readYaml<FlowsSeed>(join(paths.seed, 'flows.yaml')), say);
	await seedDashboards(ctx, readYaml<DashboardsSeed>(join(paths.seed, 'dashboards.yaml')), say);

	if (String(ctx.env['SEED_DEMO'] ?? 'true') !== 'false') {
		const users = await seedDemoUsers(ctx, access, roleIds, say);
		await seedDemo(ctx, readYaml<DemoSeed>(join(paths.seed, 'demo.yaml')), users.map(({ user, id }) => ({ email: user.email, id })), say);
	}
	say('setup: done');
}
