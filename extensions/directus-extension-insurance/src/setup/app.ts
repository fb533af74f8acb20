// The staff app from seed/app.yaml: the module bar, saved views (bookmarks) per role and the
// page each role lands on. Create-missing only: what an administrator arranged stands.
import type { SetupContext, Say } from './types';
import { SYSTEM_ADMIN } from './types';

interface ModuleBarEntry {
	type: string;
	id: string;
	enabled?: boolean;
	[key: string]: unknown;
}

type ComputedFilter = 'proposals_past_half_withdrawal';

interface BookmarkSeed {
	roles: string[];
	bookmark: string;
	icon: string;
	color: string;
	collection: string;
	filter: Record<string, unknown> | ComputedFilter;
	fields: string[];
	sort: string[];
}

export interface AppSeed {
	module_bar: ModuleBarEntry[];
	bookmarks: BookmarkSeed[];
	landing: Record<string, string>;
}

/** The seed's bar when nobody arranged one; otherwise the arranged bar plus the seed's modules it lacks. */
export function moduleBarWith(current: ModuleBarEntry[] | null, seed: ModuleBarEntry[]): ModuleBarEntry[] | null {
	if (!current) return seed;
	const missing = seed.filter((entry) => entry.type === 'module' && !current.some((existing) => existing.id === entry.id));
	if (missing.length === 0) return null;
	// Before the locked settings entry, where the seed puts its own modules.
	const settings = current.findIndex((entry) => entry.id === 'settings');
	const at = settings < 0 ? current.length : settings;
	return [...current.slice(0, at), ...missing, ...current.slice(at)];
}

/**
 * Proposals past half the days they may wait for their first premium: the portfolio's
 * proposal_withdraw_days when it sets them, else the settings' (as withdraw-proposals reads them).
 * Kept shallow: the app sends a preset's filter as query brackets, and the server reads at most
 * five levels of them.
 */
export function proposalsPastHalfWithdrawal(defaultDays: number, portfolios: { id: number; days: number | null }[]) {
	const since = (days: number) => ({ _lte: `$NOW(-${Math.ceil(days / 2)} days)` });
	return {
		status: { _eq: 'Proposal' },
		_or: [
			{ portfolio: { _null: true }, proposal_date: since(defaultDays) },
			{ portfolio: { proposal_withdraw_days: { _null: true } }, proposal_date: since(defaultDays) },
			...portfolios.filter((portfolio) => portfolio.days !== null).map((portfolio) => ({ portfolio: { _eq: portfolio.id }, proposal_date: since(portfolio.days!) })),
		],
	};
}

export async function seedApp(ctx: SetupContext, seed: AppSeed, roleIds: Map<string, string>, say: Say) {
	const schema = await ctx.getSchema({ database: ctx.database, bypassCache: true });
	const options = { knex: ctx.database, schema, accountability: SYSTEM_ADMIN };

	const settings = new ctx.services.SettingsService(options);
	const current = (await settings.readSingleton({ fields: ['module_bar'] }))['module_bar'] as ModuleBarEntry[] | null;
	const bar = moduleBarWith(current, seed.module_bar);
	if (bar) {
		await settings.upsertSingleton({ module_bar: bar });
		say('app: module bar updated');
	}

	const presets = new ctx.services.PresetsService(options);
	const computed = { proposals_past_half_withdrawal: await proposalsFilter(ctx) };
	let created = 0;
	for (const bookmark of seed.bookmarks) {
		for (const roleName of bookmark.roles) {
			const role = roleIds.get(roleName);
			if (!role) continue;
			const [existing] = await presets.readByQuery({ filter: { role: { _eq: role }, bookmark: { _eq: bookmark.bookmark }, collection: { _eq: bookmark.collection } }, fields: ['id'], limit: 1 });
			if (existing) continue;
			await presets.createOne({
				bookmark: bookmark.bookmark,
				role,
				user: null,
				collection: bookmark.collection,
				icon: bookmark.icon,
				color: bookmark.color,
				layout: 'tabular',
				layout_query: { tabular: { fields: bookmark.fields, sort: bookmark.sort, limit: 25 } },
				filter: typeof bookmark.filter === 'string' ? computed[bookmark.filter] : bookmark.filter,
			});
			created++;
		}
	}
	if (created > 0) say(`app: ${created} saved views created`);

	for (const [roleName, page] of Object.entries(seed.landing)) {
		const role = roleIds.get(roleName);
		if (role) await ctx.database('directus_users').where({ role }).whereNull('last_page').update({ last_page: page });
	}
}

async function proposalsFilter(ctx: SetupContext) {
	const settings = await ctx.database('insurance_settings').first('proposal_withdraw_days');
	const portfolios = await ctx.database('portfolios').select('id', 'proposal_withdraw_days');
	return proposalsPastHalfWithdrawal(
		Number(settings?.proposal_withdraw_days ?? 30),
		portfolios.map((row: { id: number; proposal_withdraw_days: number | null }) => ({ id: Number(row.id), days: row.proposal_withdraw_days === null ? null : Number(row.proposal_withdraw_days) })),
	);
}
