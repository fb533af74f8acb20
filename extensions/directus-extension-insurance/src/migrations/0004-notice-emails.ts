// Release 0.3.0: client_notices is the outbox of its emails (emailed_at, email_error), sent by
// the notice mailer instead of the job. A database that already has notices gets both fields,
// and its notices count as emailed when they were sent: the job mailed them at once then.
import type { Snapshot } from '@directus/types';
import type { Migration } from '../setup/migrate';
import { readYaml, setupPaths } from '../setup/files';
import { SYSTEM_ADMIN } from '../setup/types';

const FIELDS = ['emailed_at', 'email_error'];

export const noticeEmails: Migration = {
	version: '0004',
	name: 'notice-emails',
	async up(ctx, say) {
		// Without the table, the schema step creates it with both fields.
		if (!(await ctx.database.schema.hasTable('client_notices'))) return;
		const snapshot = readYaml<Snapshot>(setupPaths(ctx.env).snapshot);
		const schema = await ctx.getSchema({ database: ctx.database, bypassCache: true });
		const fields = new ctx.services.FieldsService({ knex: ctx.database, schema, accountability: SYSTEM_ADMIN });
		for (const name of FIELDS) {
			if (schema.collections['client_notices']?.fields[name]) continue;
			const field = snapshot.fields.find((f) => f.collection === 'client_notices' && f.field === name);
			if (!field) throw new Error(`the snapshot has no client_notices.${name}`);
			await fields.createField('client_notices', { field: name, type: field.type, meta: field.meta, schema: field.schema } as never);
		}
		const emailed = await ctx.database('client_notices').whereNull('emailed_at').update({ emailed_at: ctx.database.ref('sent_at') });
		say(`migration 0004 notice-emails: client_notices send their emails through the notice mailer (${emailed} earlier notices counted as emailed)`);
	},
};
