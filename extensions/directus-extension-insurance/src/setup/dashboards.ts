// Insights dashboards from seed/dashboards.yaml. A dashboard is created with its panels when no
// dashboard of that name exists; an existing one is left as the business tuned it.
import type { SetupContext, Say } from './types';

export interface DashboardsSeed {
	dashboards: {
		name: string;
		icon?: string;
		color?: string;
		note?: string;
		panels: { name: string; type: string; x: number; y: number; width: number; height: number; icon?: string; note?: string; options?: Record<string, unknown> }[];
	}[];
}

export async function seedDashboards(ctx: SetupContext, seed: DashboardsSeed, say: Say) {
	const schema = await ctx.getSchema({ database: ctx.database, bypassCache: true });
	const dashboards = new ctx.services.DashboardsService({ knex: ctx.database, schema });
	const existing = new Set((await dashboards.readByQuery({ fields: ['name'], limit: -1 })).map((row) => row['name']));
	const missing = seed.dashboards.filter((dashboard) => !existing.has(dashboard.name));
	for (const { panels, ...dashboard } of missing) {
		await dashboards.createOne({
			icon: 'space_dashboard',
			...dashboard,
			panels: panels.map(({ x, y, options, ...panel }) => ({ show_header: true, ...panel, position_x: x, position_y: y, options: options ?? {} })),
		});
	}
	if (missing.length > 0) say(`dashboards: ${missing.map((d) => d.name).join(', ')} created`);
}
