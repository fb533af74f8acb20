// "directus insurance:setup": migrations, schema, reference data, access and (optionally) demo
// data. Safe to run on every start: each step changes only what is missing or outdated, and
// one instance at a time runs it (setup lock).
import { join } from 'node:path';
import type { Snapshot } from '@directus/types';
import { listEarlierDecisionLetters } from '../data/documents/listing';
import { migrations } from '../migrations';
import { seedAccess, seedDemoUsers, type AccessSeed } from './access';
import { seedApp, type AppSeed } from './app';
import { seedCatalog, type CatalogSeed } from './catalog';
import { seedDashboards, type DashboardsSeed } from './dashboards';
import { seedDemo } from './demo';
import type { DemoSeed } from './demo-portfolio';
import { readYaml, setupPaths } from './files';
import { seedFlows, type FlowsSeed } from './flows';
import { withSetupLock } from './lock';
import { isInstalled, recordBaseline, runMigrations } from './migrate';
import { applySchemaAdditions, ensureCompositeUniques } from './schema';
import { seedTransitionPermissions, type TransitionPermissionsSeed } from './transition-permissions';
import type { SetupContext, Say } from './types';

export async function setupInsurance(ctx: SetupContext, say: Say) {
	const paths = setupPaths(ctx.env);
	const snapshot = readYaml<Snapshot>(paths.snapshot);
	await withSetupLock(ctx.database, say, async () => {
		const upgrade = await isInstalled(ctx.database, snapshot.collections.map((c) => c.collection));
		if (upgrade) {
			const applied = await runMigrations(ctx, migrations, say);
			say(applied ? `migrations: ${applied} applied` : 'migrations: up to date');
		}
		let created = await applySchemaAdditions(ctx, snapshot, say, 'tables');
		await seedCatalog(ctx, readYaml<CatalogSeed>(join(paths.seed, 'catalog.yaml')), say);
		created += await applySchemaAdditions(ctx, snapshot, say, 'relations');
		say(created ? `schema: ${created} changes applied` : 'schema: up to date');
		await ensureCompositeUniques(ctx);
		if (!upgrade) await recordBaseline(ctx.database, migrations);
		const letters = await listEarlierDecisionLetters(ctx.database);
		if (letters) say(`documents: ${letters} earlier decision letters listed`);

		const access = readYaml<AccessSeed>(join(paths.seed, 'access.yaml'));
		const roleIds = await seedAccess(ctx, access, say);
		await seedTransitionPermissions(ctx, readYaml<TransitionPermissionsSeed>(join(paths.seed, 'transition-permissions.yaml')), say);
		await seedFlows(ctx, readYaml<FlowsSeed>(join(paths.seed, 'flows.yaml')), say);
		await seedDashboards(ctx, readYaml<DashboardsSeed>(join(paths.seed, 'dashboards.yaml')), say);

		// Demo data only on request: a Directus project installing the extension gets none.
		if (String(ctx.env['SEED_DEMO'] ?? 'false') === 'true') {
			const users = await seedDemoUsers(ctx, access, roleIds, say);
			await seedDemo(ctx, readYaml<DemoSeed>(join(paths.seed, 'demo.yaml')), users.map(({ user, id }) => ({ email: user.email, id })), say);
		}
		// After the demo logins, so that they land where their role works.
		await seedApp(ctx, readYaml<AppSeed>(join(paths.seed, 'app.yaml')), roleIds, say);
	});
	say('setup: done');
}
