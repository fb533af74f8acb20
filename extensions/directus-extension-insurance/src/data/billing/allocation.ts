// Applying money: creating a payment_allocations row allocates, deleting one deallocates.
// Rules (overpayment refused, where a reopened installment goes): domain/billing/allocation.
// The installment's paid amount and status, the policy's Proposal → Issued on its first paid
// installment, and the master installment move in the same transaction as the allocation.
import type { Knex } from 'knex';
import type { Accountability, PrimaryKey } from '@directus/types';
import Joi from 'joi';
import { allocatePayment, deallocatePayment, isFirstInstallmentPaid, localDate, sumCents, toCents, fromCents, type InstallmentStatus } from '../../domain/billing';
import { InvalidInputError, invalidField } from '../../errors';
import { systemActor, type Actor } from '../actor';
import { withTransitions, type Platform } from '../engine';
import { lockRows } from '../jobs/sql';
import { LIVE_POLICY_STATUSES } from '../jobs/statuses';
import type { TransitionSession } from '../transitions';
import { isoDate } from '../values';
import { aggregateMasters } from './master';

const key = Joi.alternatives(Joi.number().integer().positive(), Joi.string().pattern(/^\d+$/)).required();
const allocationSchema = Joi.object({ payment: key, installment: key, amount: Joi.alternatives(Joi.number(), Joi.string()).required() }).unknown(true);

/** Moves made by a payment are automatic: the system moves them, the history names the user. */
const paymentActor = (accountability: Accountability | null | undefined): Actor => systemActor(accountability?.user ?? 'system');

function validateAllocation(payload: Record<string, unknown>) {
	const { error, value } = allocationSchema.validate(payload);
	if (error) {
		const detail = error.details[0]!;
		throw new InvalidInputError({ field: detail.path.join('.') || 'body', problem: detail.message.replace(/^"[^"]*" /, '') });
	}
	return value as { payment: PrimaryKey; installment: PrimaryKey; amount: string | number };
}

/** Runs inside Directus' create transaction (`database`): refused input writes nothing. */
export async function allocate(platform: Platform, payload: Record<string, unknown>, database: Knex, accountability: Accountability | null | undefined) {
	const input = validateAllocation(payload);
	const payment = await lockRows(database, database('payments').where('id', input.payment).select('id', 'client', 'amount'), 'payments').first();
	if (!payment) throw new InvalidInputError({ field: 'payment', problem: `payment ${input.payment} does not exist` });
	const installment = await lockRows(
		database,
		database('installments')
			.join('policies', 'policies.id', 'installments.policy')
			.where('installments.id', input.installment)
			.select('installments.*', 'policies.client as client', 'policies.status as policy_status', 'policies.policy_number'),
		'installments',
	).first();
	if (!installment) throw new InvalidInputError({ field: 'installment', problem: `installment ${input.installment} does not exist` });
	if (String(installment.client) !== String(payment.client)) {
		throw new InvalidInputError({ field: 'installment', problem: `installment ${installment.id} belongs to policy ${installment.policy_number} of another client than payment ${payment.id}` });
	}
	if (!LIVE_POLICY_STATUSES.includes(installment.policy_status)) {
		throw new InvalidInputError({ field: 'installment', problem: `policy ${installment.policy_number} is ${installment.policy_status}: its installments take no more payments` });
	}
	const allocated = await database('payment_allocations').where('payment', payment.id).pluck('amount');
	const result = allocatePayment({
		paymentAmount: payment.amount,
		alreadyAllocated: fromCents(sumCents(allocated.map((amount: string | number) => toCents(amount)))),
		installment: { amount: installment.amount, paid_amount: installment.paid_amount, status: installment.status },
		allocationAmount: input.amount,
	});
	if (!result.ok) throw invalidField(result.field, result.message);

	const actor = paymentActor(accountability);
	await withTransitions(platform, database, async (session) => {
		await session.trx('installments').where('id', installment.id).update({ paid_amount: result.paid_amount });
		if (result.status_changed) {
			await session.transition({ collection: 'installments', keys: [installment.id], to: result.status, trigger: 'automatic', actor, reason: `Payment ${payment.id} covers it in full` });
		}
		if (result.fully_paid && installment.policy_status === 'Proposal') await issueWhenFirstPaid(session, installment.policy, actor);
		if (installment.master_installment) await aggregateMasterOf(session, installment.master_installment, actor);
	});
	return { ...payload, amount: fromCents(toCents(input.amount)) };
}

/** Proposal → Issued once the first installment is Paid. */
async function issueWhenFirstPaid(session: TransitionSession, policy: PrimaryKey, actor: Actor) {
	const installments = await session.trx('installments').where('policy', policy).select('sequence', 'due_date', 'status');
	if (!isFirstInstallmentPaid(installments.map((i) => ({ ...i, due_date: isoDate(i.due_date), status: i.status as InstallmentStatus })))) return;
	await session.transition({ collection: 'policies', keys: [policy], to: 'Issued', trigger: 'automatic', actor, reason: 'First installment paid' });
}

async function aggregateMasterOf(session: TransitionSession, masterInstallment: PrimaryKey, actor: Actor) {
	const row = await session.trx('master_installments').where('id', masterInstallment).first('master_policy');
	if (row) await aggregateMasters(session, [row.master_policy], { trigger: 'automatic', actor });
}

const ROLLBACK = Symbol('rollback');

/**
 * Deleting allocations: the caller's right to delete them is checked first (a trial delete,
 * rolled back), then each installment gives the money back — Paid → StatementIssued before or
 * on its due date, Paid → Unpaid after it — with its master installment, in one transaction.
 * Directus deletes the rows right after.
 */
export async function deallocate(platform: Platform, keys: PrimaryKey[], database: Knex, accountability: Accountability | null | undefined) {
	if (accountability && !accountability.admin) {
		const schema = await platform.getSchema({ database });
		await database
			.transaction(async (trial) => {
				await new platform.services.ItemsService('payment_allocations', { knex: trial, schema, accountability }).deleteMany(keys, { emitEvents: false });
				throw ROLLBACK;
			})
			.catch((error: unknown) => {
				if (error !== ROLLBACK) throw error;
			});
	}
	const settings = await database('insurance_settings').first('time_zone');
	const asOf = localDate(new Date(), settings?.time_zone ?? 'UTC');
	const actor = paymentActor(accountability);
	await withTransitions(platform, database, async (session) => {
		const { trx } = session;
		const allocations = await trx('payment_allocations').whereIn('id', keys).select('id', 'installment', 'amount', 'payment');
		for (const allocation of allocations) {
			const installment = await lockRows(trx, trx('installments').where('id', allocation.installment).select('*'), 'installments').first();
			const result = deallocatePayment({
				installment: { amount: installment.amount, paid_amount: installment.paid_amount, status: installment.status, due_date: isoDate(installment.due_date) },
				allocationAmount: allocation.amount,
				asOf,
			});
			if (!result.ok) throw invalidField(result.field, result.message);
			const statement = result.status === 'StatementIssued' && !installment.statement_date ? { statement_date: asOf } : {};
			await trx('installments').where('id', installment.id).update({ paid_amount: result.paid_amount });
			if (result.status_changed) {
				await session.transition({
					collection: 'installments',
					keys: [installment.id],
					to: result.status,
					trigger: 'automatic',
					actor,
					reason: `Payment ${allocation.payment} deallocated`,
					fields: statement,
				});
			}
			if (installment.master_installment) await aggregateMasterOf(session, installment.master_installment, actor);
		}
	});
	return keys;
}
