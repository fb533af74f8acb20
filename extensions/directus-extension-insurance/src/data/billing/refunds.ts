// What a cancellation brings with it, in its transaction (SPEC §11): the contract ends on the
// effective date (never later than its end date), the installments not yet paid that fall due
// after it go, and the premium to give back is recorded as a Pending refund.
//
// An installment with part of its amount paid stays: its money is part of the paid premium the
// refund is computed from (deleting it would drop the allocation and count that money twice).
// A master policy's schedule goes with its members' installments due after the date.
import { computeRefund, fromCents, toCents, sumCents, type Refund } from '../../domain/billing';
import { lifecycles } from '../../domain/lifecycles';
import { InvalidInputError } from '../../errors';
import { systemActor } from '../actor';
import { creationHistory, recordTransitions, type AppliedTransition, type TransitionCommand, type TransitionSession } from '../transitions';
import { dateValue, isoDate } from '../values';

const OWNERS = { policies: { column: 'policy', schedule: 'installments' }, master_policies: { column: 'master_policy', schedule: 'master_installments' } } as const;
type Contracts = keyof typeof OWNERS;

export async function cancellationConsequences(session: TransitionSession, applied: AppliedTransition[], command: TransitionCommand) {
	if (command.trigger !== 'cancellation' || !(command.collection in OWNERS)) return;
	const effectiveDate = command.effectiveDate;
	if (!effectiveDate) throw new InvalidInputError({ field: 'effective_date', problem: 'is required for a cancellation' });
	for (const moved of applied) await cancelContract(session, command.collection as Contracts, moved.item, String(command.reasonType), effectiveDate);
}

async function cancelContract(session: TransitionSession, collection: Contracts, id: string, reasonType: string, effectiveDate: string) {
	const { trx } = session;
	const { column, schedule } = OWNERS[collection];
	const contract = await trx(collection).where('id', id).first();
	const product = await trx('products').where('id', contract.product).first('cooling_off_days', 'surrender_fee', 'currency');
	const settings = await trx('insurance_settings').first('cooling_off_days', 'currency');
	const endDate = isoDate(contract.end_date);
	const installments: { id: number; due_date: unknown; status: string; paid_amount: unknown }[] = await trx(schedule).where(column, id).select('id', 'due_date', 'status', 'paid_amount');

	const refund = computeRefund({
		reasonType,
		premiumAmount: contract.premium_amount ?? 0,
		paidAmount: fromCents(sumCents(installments.map((i) => toCents((i.paid_amount as string | number | null) ?? 0)))),
		beginDate: isoDate(contract.begin_date),
		endDate,
		effectiveDate,
		coolingOffDays: product?.cooling_off_days ?? settings?.cooling_off_days ?? null,
		surrenderFee: product?.surrender_fee ?? null,
	});

	await trx(collection).where('id', id).update({ end_date: dateValue(trx, effectiveDate < endDate ? effectiveDate : endDate) });
	const dueAfter = (row: { due_date: unknown; status: string; paid_amount: unknown }) =>
		isoDate(row.due_date as string) > effectiveDate && row.status !== 'Paid' && toCents((row.paid_amount as string | number | null) ?? 0) === 0;
	if (collection === 'master_policies') {
		const members = await trx('installments')
			.join('policies', 'policies.id', 'installments.policy')
			.where('policies.master_policy', id)
			.select('installments.id', 'installments.due_date', 'installments.status', 'installments.paid_amount');
		const gone = members.filter(dueAfter).map((row) => row.id);
		if (gone.length > 0) await trx('installments').whereIn('id', gone).delete();
	}
	const gone = installments.filter(dueAfter).map((row) => row.id);
	if (gone.length > 0) await trx(schedule).whereIn('id', gone).delete();

	if (refund.amountCents > 0) await recordRefund(session, collection, id, reasonType, effectiveDate, refund, contract.currency ?? product?.currency ?? settings?.currency ?? 'EUR');
}

/** A Pending refund, created in its initial status with its history and outbox event. */
async function recordRefund(session: TransitionSession, collection: Contracts, id: string, reasonType: string, effectiveDate: string, refund: Refund, currency: string) {
	const { trx } = session;
	const [row] = await trx('refunds')
		.insert({
			[OWNERS[collection].column]: id,
			status: lifecycles.refund.initial,
			amount: fromCents(refund.amountCents),
			currency,
			reason: reasonType,
			effective_date: dateValue(trx, effectiveDate),
			paid_premium: fromCents(refund.paidCents),
			earned_premium: fromCents(refund.earnedCents),
			surrender_fee: fromCents(refund.feeCents),
			basis: refund.basis,
			date_created: new Date(),
		})
		.returning('id');
	const key = String(typeof row === 'object' ? row.id : row);
	const why = `${reasonType} of ${collection} ${id} effective ${effectiveDate}`;
	await recordTransitions(trx, creationHistory(lifecycles.refund, 'refunds', key, undefined, systemActor('cancellation').id, why).map((entry) => ({ ...entry, reason: why })));
}

/** Paying a refund takes its reference: refused without one, before anything is written. */
export async function refundPreconditions(session: TransitionSession, applied: AppliedTransition[], command: TransitionCommand) {
	if (command.to !== 'Paid') return command.fields;
	const sent = String(command.fields?.['payment_reference'] ?? '').trim();
	for (const moved of applied) {
		const stored = (await session.trx('refunds').where('id', moved.item).first('payment_reference'))?.payment_reference;
		if (!sent && !String(stored ?? '').trim()) throw new InvalidInputError({ field: 'payment_reference', problem: `is required to pay refund ${moved.item}` });
	}
	return command.fields;
}

/** The moment a refund was paid, stamped by the system (the payer writes only the reference). */
export async function stampPaidRefunds(session: TransitionSession, applied: AppliedTransition[]) {
	const paid = applied.filter((a) => a.collection === 'refunds' && a.to === 'Paid').map((a) => a.item);
	if (paid.length > 0) await session.trx('refunds').whereIn('id', paid).update({ paid_at: new Date() });
}
