// Release 0.3.0: the staff app. Statuses read as coloured labels and change only through the
// item's actions (read-only in the form), references and item titles show names rather than
// ids, and the allocation's installment picker lists only the payment's client's open
// installments. Metadata only: the shipped snapshot's app metadata of those fields and
// collections replaces release 0.2.0's; no column or row changes.
import type { Snapshot } from '@directus/types';
import { readYaml, setupPaths } from '../setup/files';
import type { Migration } from '../setup/migrate';
import { SYSTEM_ADMIN } from '../setup/types';

const STATUS_COLLECTIONS = ['policies', 'master_policies', 'installments', 'master_installments', 'policy_change_requests', 'claims'];
const TITLED_COLLECTIONS = ['policies', 'master_policies', 'installments', 'payments', 'policy_change_requests', 'claims'];

/** Status fields and the references shown by a related item's values. */
export function fieldsToRefresh(snapshot: Snapshot) {
	return snapshot.fields.filter(
		(field) => (field.field === 'status' && STATUS_COLLECTIONS.includes(field.collection)) || (field.meta?.display === 'related-values' && field.meta.special?.includes('m2o')),
	);
}

export const staffAppMetadata: Migration = {
	version: '0003',
	name: 'staff-app-metadata',
	async up(ctx, say) {
		const snapshot = readYaml<Snapshot>(setupPaths(ctx.env).snapshot);
		const schema = await ctx.getSchema({ database: ctx.database, bypassCache: true });
		const options = { knex: ctx.database, schema, accountability: SYSTEM_ADMIN };
		const fields = new ctx.services.FieldsService(options);
		const collections = new ctx.services.CollectionsService(options);
		let changed = 0;
		for (const field of fieldsToRefresh(snapshot)) {
			if (!schema.collections[field.collection]?.fields[field.field]) continue;
			const { interface: iface, options: fieldOptions, display, display_options, readonly, note } = field.meta!;
			await fields.updateField(field.collection, { field: field.field, meta: { interface: iface, options: fieldOptions, display, display_options, readonly, note } } as never);
			changed++;
		}
		for (const collection of snapshot.collections.filter((c) => TITLED_COLLECTIONS.includes(c.collection) && schema.collections[c.collection])) {
			await collections.updateOne(collection.collection, { meta: { display_template: (collection.meta as { display_template?: string | null } | null)?.display_template ?? null } } as never);
			changed++;
		}
		say(`migration 0003 staff-app-metadata: ${changed} fields and collections updated`);
	},
};
