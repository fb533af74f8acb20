// The servicing part of the demo portfolio: renewal proposals of policies near their end, and
// notices already sent (a reminder of an installment coming due, an overdue one with its lapse
// date). Recorded as the jobs leave them, like the rest of the demo; nobody is mailed.
import type { Knex } from 'knex';
import { lapseDate, resolveDaysParameter, type NoticeKind } from '../domain/rules';
import { withSchedule } from '../data/billing/schedule';
import { renewablePolicy, renewalOf } from '../data/servicing/renewals';
import { dateValue, isoDate } from '../data/values';
import type { HistoryRow } from './demo-portfolio';

export interface DemoServicingSeed {
	/** Policies whose renewal proposal is made. */
	renewals: string[];
	/** Notices already sent: a reminder of the next installment to pay, or an overdue one of the Unpaid installment. */
	notices: { policy: string; kind: Exclude<NoticeKind, 'renewal'> }[];
}

export async function seedDemoServicing(
	trx: Knex.Transaction,
	service: (collection: string) => { createOne(data: Record<string, unknown>, options: { emitEvents: boolean }): Promise<unknown> },
	seed: DemoServicingSeed | undefined,
	policyIds: Map<string, number>,
	today: string,
	addHistory: (collection: string, item: number, rows: HistoryRow[]) => void,
) {
	const settings = await trx('insurance_settings').first();
	const notices: Record<string, unknown>[] = [];
	// Demo notices were sent (and mailed) before the demo begins: the mailer leaves them alone.
	const sentAt = new Date();
	const notice = (policy: Record<string, any>, installment: Record<string, any>, kind: NoticeKind, lapse: string | null = null) =>
		notices.push({ client: policy['client'], policy: policy['id'], installment: installment['id'], kind, due_date: installment['due_date'], amount: installment['amount'], lapse_date: lapse ? dateValue(trx, lapse) : null, sent_at: sentAt, emailed_at: sentAt });

	for (const number of seed?.renewals ?? []) {
		const renewed = await renewablePolicy(trx, policyIds.get(number));
		const payload = await withSchedule({ ...renewalOf(renewed), status: 'Proposal', proposal_date: today }, trx);
		const id = Number(await service('policies').createOne(payload, { emitEvents: false }));
		addHistory('policies', id, [{ from_status: null, to_status: 'Proposal', trigger: 'created', actor: 'renew-policies', occurred_at: `${today}T03:00:00.000Z`, reason: `Renewal of ${number}` }]);
		const policy = await trx('policies').where('id', id).first();
		notice(policy, await trx('installments').where({ policy: id, sequence: 1 }).first(), 'renewal');
	}
	for (const { policy: number, kind } of seed?.notices ?? []) {
		const policy = await trx('policies').where('id', policyIds.get(number)).first();
		const schedule = trx('installments').where('policy', policy.id).orderBy('due_date');
		const installment = kind === 'overdue' ? await schedule.where('status', 'Unpaid').first() : await schedule.whereIn('status', ['OnTime', 'StatementIssued']).first();
		if (!installment) continue;
		const portfolio = policy.portfolio ? await trx('portfolios').where('id', policy.portfolio).first() : null;
		const days = resolveDaysParameter('days_after_unpaid_due_date', { contract: policy, portfolio, settings });
		notice(policy, installment, kind, kind === 'overdue' ? lapseDate({ due_date: isoDate(installment.due_date) }, days) : null);
	}
	if (notices.length > 0) await trx('client_notices').insert(notices);
	return notices.length;
}
