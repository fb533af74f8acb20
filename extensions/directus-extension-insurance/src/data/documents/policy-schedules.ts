// When a policy becomes Issued (by whatever path: its first installment paid through REST,
// GraphQL, an import or a Flow), its policy schedule is written, stored as a Directus file in
// "Policy schedules" and listed in policy_documents. It runs after the transition has
// committed: a failure is logged and never undoes the issue. A policy keeps its first schedule:
// a second run finds it listed and does nothing.
import type { ApiExtensionContext, SchemaOverview } from '@directus/types';
import { documentLanguage, label } from '../../domain/documents/i18n';
import { policySchedule, type ScheduleProduct } from '../../domain/documents/policy-schedule';
import { insurerToday, readClaimSettings } from '../claims/records';
import { isoDate } from '../values';
import { listDocument } from './listing';
import { renderDocument } from './pdf';
import { removeDocument, storeDocument } from './store';

type Context = Pick<ApiExtensionContext, 'services' | 'getSchema' | 'database'>;

export const SCHEDULE_FOLDER = 'Policy schedules';

export async function issuePolicySchedules(ctx: Context & Pick<ApiExtensionContext, 'logger'>, policyIds: (number | string)[]) {
	const schema = await ctx.getSchema({ database: ctx.database });
	for (const policyId of policyIds) {
		try {
			await issuePolicySchedule(ctx, schema, policyId);
		} catch (error) {
			ctx.logger.error(error, `insurance: could not issue the policy schedule of policy ${policyId}`);
		}
	}
}

/** Writes and lists the schedule of one issued policy; returns its file id, or null when it has one. */
export async function issuePolicySchedule(ctx: Context, schema: SchemaOverview, policyId: number | string): Promise<string | null> {
	const db = ctx.database;
	if (await db('policy_documents').where({ policy: policyId, kind: 'policy_schedule' }).first('id')) return null;
	const policy = await db('policies as p').leftJoin('master_policies as m', 'p.master_policy', 'm.id').where('p.id', policyId).first('p.*', 'm.master_policy_number');
	if (!policy) return null;
	const product: ScheduleProduct = await db('products').where('id', policy.product).first('code', 'name', 'premium_frequency', 'annual_deductible', 'cooling_off_days');
	const holder = await db('clients as c').leftJoin('directus_users as u', 'c.user', 'u.id').where('c.id', policy.client).first('c.name', 'c.email', 'u.language');
	const installments = await db('installments').where('policy', policyId).orderBy('sequence').select('sequence', 'due_date', 'amount');
	const benefits = await db('product_benefits as b')
		.leftJoin('claim_line_kinds as k', 'b.kind', 'k.code')
		.where('b.product', policy.product)
		.orderBy('b.id')
		.select('b.kind', 'k.name as kind_name', 'b.coverage_percent', 'b.copay_amount', 'b.per_claim_limit', 'b.annual_limit', 'b.waiting_period_days');
	const settings = await readClaimSettings(db);
	const issuer = (await db('directus_settings').first('project_name'))?.project_name || 'Insurance';
	const language = documentLanguage(holder?.language);

	const bytes = await renderDocument(
		policySchedule({
			policy: { ...policy, begin_date: isoDate(policy.begin_date), end_date: isoDate(policy.end_date), currency: policy.currency ?? settings.currency },
			product,
			holder: { name: holder?.name ?? '', email: holder?.email ?? null },
			installments: installments.map((i) => ({ sequence: Number(i.sequence), due_date: isoDate(i.due_date), amount: i.amount })),
			benefits,
			language,
			issuer,
			issuedOn: insurerToday(settings),
		}),
	);
	const file = await storeDocument(ctx, schema, { folder: SCHEDULE_FOLDER, filename: `${policy.policy_number}-schedule.pdf`, title: `${label(language, 'scheduleTitle')} ${policy.policy_number}`, bytes });
	if (!(await listDocument(db, { policy: policyId, claim: null, kind: 'policy_schedule', file }))) {
		await removeDocument(ctx, schema, file);
		return null;
	}
	return file;
}
