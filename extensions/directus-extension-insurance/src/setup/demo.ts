// Writes the demo portfolio in one transaction, once: if any demo policy exists, nothing
// is written. Rows are inserted as a finished history (events off), not replayed through the
// lifecycle guard, because they describe the past.
import { DateTime } from 'luxon';
import type { Knex } from 'knex';
import { DECISIONS, issueDecisionLetter } from '../data/documents/decision-letters';
import { issuePolicySchedule } from '../data/documents/policy-schedules';
import { localDate } from '../domain/billing';
import type { Contract } from '../domain/claims';
import { readContract } from '../data/claims/benefit-usage';
import { adjudicateDemoClaims, buildDemoClaim, buildDemoMasterPolicy, buildDemoPolicy, type DemoProduct, type DemoProductTerms, type DemoSeed, type HistoryRow, type PolicyRow } from './demo-portfolio';
import { seedDemoServicing } from './demo-servicing';
import type { SetupContext, Say } from './types';

const QUIET = { emitEvents: false } as const;

export async function seedDemo(ctx: SetupContext, seed: DemoSeed, users: { email: string; id: string }[], say: Say) {
	const schema = await ctx.getSchema({ database: ctx.database, bypassCache: true });
	await seedProductTerms(ctx, schema, seed.products, say);
	const existing = await ctx.database('policies').where('policy_number', 'like', 'DEMO-%').first('id');
	if (existing) return;

	await ctx.database.transaction(async (trx: Knex.Transaction) => {
		const service = (collection: string) => new ctx.services.ItemsService(collection, { knex: trx, schema });
		const settings = await trx('insurance_settings').first();
		const parameters = {
			today: localDate(DateTime.now(), settings.time_zone),
			statementLeadDays: settings.statement_lead_days,
			proposalWithdrawDays: settings.proposal_withdraw_days,
			daysAfterUnpaidDueDate: settings.days_after_unpaid_due_date,
		};
		const products = new Map<string, DemoProduct & { id: number }>((await trx('products').select()).map((row) => [row.code, row]));
		const portfolios = new Map<string, number>((await trx('portfolios').select('id', 'name')).map((row) => [row.name, row.id]));
		const userIds = new Map(users.map((user) => [user.email, user.id]));
		const claimsHandler = userIds.get('claims@example.com') ?? null;

		const clientIds = new Map<string, number>();
		for (const client of seed.clients) {
			const id = await service('clients').createOne({ ...client, portfolio: portfolios.get(client.portfolio), user: userIds.get(client.email) ?? null }, QUIET);
			clientIds.set(client.email, Number(id));
		}
		// Demo logins whose email differs from their client record (the enterprise HR contact).
		await trx('clients').where('email', 'hr@acme.example').update({ user: userIds.get('enterprise@example.com') ?? null });

		const history: (HistoryRow & { collection: string; item: string })[] = [];
		const addHistory = (collection: string, item: number | string, rows: HistoryRow[]) => history.push(...rows.map((row) => ({ ...row, collection, item: String(item) })));
		let paymentNumber = 0;

		const insertPolicy = async (policy: PolicyRow, masterId: number | null) => {
			const product = products.get(policy.product)!;
			const clientId = clientIds.get(policy.client)!;
			const clientPortfolio = seed.clients.find((c) => c.email === policy.client)?.portfolio;
			const { installments, history: policyHistory, cancellation, refund, ...fields } = policy;
			const policyId = Number(
				await service('policies').createOne(
					{ ...fields, client: clientId, product: product.id, portfolio: portfolios.get(clientPortfolio ?? '') ?? null, master_policy: masterId },
					QUIET,
				),
			);
			addHistory('policies', policyId, policyHistory);
			if (cancellation) await service('cancellation_requests').createOne({ ...cancellation, policy: policyId, resulting_status: policy.status }, QUIET);
			if (refund) {
				const { history: refundHistory, ...refundFields } = refund;
				addHistory('refunds', await service('refunds').createOne({ ...refundFields, policy: policyId, currency: settings.currency ?? 'EUR' }, QUIET), refundHistory);
			}
			for (const installment of installments) {
				const installmentId = await service('installments').createOne({ ...installment, policy: policyId }, QUIET);
				if (installment.status !== 'Paid') continue;
				const paymentId = await service('payments').createOne(
					{ client: clientId, amount: installment.amount, received_at: `${installment.due_date}T08:00:00Z`, reference: `DEMO-PAY-${String(++paymentNumber).padStart(4, '0')}` },
					QUIET,
				);
				await service('payment_allocations').createOne({ payment: paymentId, installment: installmentId, amount: installment.amount }, QUIET);
			}
			return policyId;
		};

		const policyIds = new Map<string, number>();
		for (const seedPolicy of seed.policies) {
			const policy = buildDemoPolicy(seedPolicy, products.get(seedPolicy.product)!, parameters);
			policyIds.set(policy.policy_number, await insertPolicy(policy, null));
		}
		for (const seedMaster of seed.master_policies) {
			const { master, members } = buildDemoMasterPolicy(seedMaster, products.get(seedMaster.product)!, parameters);
			const { installments, history: masterHistory, ...fields } = master;
			const clientId = clientIds.get(master.client)!;
			const masterId = Number(
				await service('master_policies').createOne(
					{ ...fields, client: clientId, product: products.get(master.product)!.id, portfolio: portfolios.get('Corporate') ?? null },
					QUIET,
				),
			);
			addHistory('master_policies', masterId, masterHistory);
			const masterInstallmentIds = new Map<string, number>();
			for (const installment of installments) {
				masterInstallmentIds.set(installment.due_date, Number(await service('master_installments').createOne({ ...installment, master_policy: masterId }, QUIET)));
			}
			for (const member of members) {
				const memberId = await insertPolicy(member, masterId);
				for (const [dueDate, masterInstallmentId] of masterInstallmentIds) {
					await trx('installments').where({ policy: memberId, due_date: dueDate }).update({ master_installment: masterInstallmentId });
				}
			}
		}

		// Proposals as intake stored them, against the benefits the products now have.
		const clientOf = (policy: string) => seed.policies.find((p) => p.number === policy)!.client;
		const contracts = new Map<string, Contract>();
		for (const number of new Set(seed.claims.map((c) => c.policy))) contracts.set(number, (await readContract(trx, policyIds.get(number)!))!);
		const claims = adjudicateDemoClaims(
			seed.claims.map((seedClaim) => buildDemoClaim(seedClaim, seed.claim_lines, parameters)),
			(policy) => contracts.get(policy)!,
			clientOf,
		);
		for (const claim of claims) {
			const policyId = policyIds.get(claim.policy)!;
			const policyClient = clientOf(claim.policy);
			const { lines, messages, history: claimHistory, assigned, override, ...fields } = claim;
			const claimId = await service('claims').createOne(
				{ ...fields, policy: policyId, client: clientIds.get(policyClient), channel: 'portal', assigned_to: assigned ? claimsHandler : null, lines },
				QUIET,
			);
			addHistory('claims', claimId, claimHistory);
			for (const message of messages) {
				await service('claim_messages').createOne({ claim: claimId, kind: message.kind, body: message.body, user_created: message.from_client ? userIds.get(policyClient) : claimsHandler }, QUIET);
			}
		}
		const notices = await seedDemoServicing(trx, service, seed.servicing, policyIds, parameters.today, addHistory);
		await service('status_history').createMany(history, QUIET);
		say(`demo: ${seed.clients.length} clients, ${policyIds.size} policies, ${seed.master_policies.length} master policies, ${seed.claims.length} claims, ${notices} client notices`);
	});

	// The schedules the issued demo policies were sent, written as on issue (files need the
	// committed rows, so after the transaction).
	const issued: number[] = await ctx.database('status_history').where({ collection: 'policies', to_status: 'Issued' }).whereIn('item', (await ctx.database('policies').where('policy_number', 'like', 'DEMO-%').pluck('id')).map(String)).pluck('item');
	let documents = 0;
	for (const policy of issued) {
		try {
			if (await issuePolicySchedule(ctx, schema, policy)) documents++;
		} catch (error) {
			say(`demo: no policy schedule for policy ${policy}: ${(error as Error).message}`);
		}
	}
	say(`demo: ${documents} policy schedules`);

	// The decided demo claims' letters, as the decisions issued them (not mailed: they are past).
	const decided: number[] = await ctx.database('claims').where('claim_number', 'like', 'DEMO-%').whereIn('status', DECISIONS).pluck('id');
	let letters = 0;
	for (const claim of decided) {
		try {
			if (await issueDecisionLetter(ctx, schema, claim, { mail: false })) letters++;
		} catch (error) {
			say(`demo: no decision letter for claim ${claim}: ${(error as Error).message}`);
		}
	}
	say(`demo: ${letters} decision letters`);
}

/**
 * The demo products' benefits, missing ones only (by product and kind), and their deductible and
 * automatic approval limit where the product has none: what a Business Admin changed stays.
 */
async function seedProductTerms(ctx: SetupContext, schema: Awaited<ReturnType<SetupContext['getSchema']>>, terms: Record<string, DemoProductTerms>, say: Say) {
	await ctx.database.transaction(async (trx: Knex.Transaction) => {
		const service = (collection: string) => new ctx.services.ItemsService(collection, { knex: trx, schema });
		const products = await trx('products').whereIn('code', Object.keys(terms)).select('id', 'code', 'annual_deductible', 'auto_approve_limit');
		const existing = new Set((await trx('product_benefits').select('product', 'kind')).map((row) => `${row.product}:${row.kind}`));
		let created = 0;
		for (const product of products) {
			const { benefits, ...limits } = terms[product.code]!;
			const unset = Object.fromEntries(Object.entries(limits).filter(([field]) => product[field] === null || product[field] === undefined));
			if (Object.keys(unset).length > 0) await service('products').updateOne(product.id, unset, QUIET);
			const missing = benefits.filter((benefit) => !existing.has(`${product.id}:${benefit.kind}`)).map((benefit) => ({ ...benefit, product: product.id }));
			if (missing.length > 0) await service('product_benefits').createMany(missing, QUIET);
			created += missing.length;
		}
		if (created > 0) say(`demo: ${created} product benefits created`);
	});
}
