// Release 0.3.0: a claim line's kind is a relation to the kinds catalogue (claim_line_kinds)
// instead of a fixed list of choices, so a kind a business admin adds is offered in the app.
// The relation itself is an addition the schema step creates once the catalogue exists; this
// step brings the existing field's metadata and index to the package's snapshot.
import type { Snapshot } from '@directus/types';
import type { Migration } from '../setup/migrate';
import { readYaml, setupPaths } from '../setup/files';
import { SYSTEM_ADMIN } from '../setup/types';

export const claimLineKinds: Migration = {
	version: '0002',
	name: 'claim-line-kinds',
	async up(ctx, say) {
		const snapshot = readYaml<Snapshot>(setupPaths(ctx.env).snapshot);
		const kind = snapshot.fields.find((f) => f.collection === 'claim_lines' && f.field === 'kind');
		if (!kind?.meta) throw new Error('the snapshot has no claim_lines.kind');
		const schema = await ctx.getSchema({ database: ctx.database, bypassCache: true });
		const fields = new ctx.services.FieldsService({ knex: ctx.database, schema, accountability: SYSTEM_ADMIN });
		await fields.updateField('claim_lines', { field: 'kind', type: kind.type, meta: kind.meta });
		await ctx.database.raw('create index if not exists ?? on ?? (??)', ['claim_lines_kind_index', 'claim_lines', 'kind']);
		say('migration 0002 claim-line-kinds: claim_lines.kind now picks from claim_line_kinds');
	},
};
