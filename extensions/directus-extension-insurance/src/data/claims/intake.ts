// Files a claim: checks the caller, the policy and the receipts, and creates the claim with its
// lines straight as Submitted through the engine (history: created as Draft, then submitted), all
// in one transaction: nothing is left behind when any check fails. The intake rules and the
// pricing are those of every submission (checkIntake, run by the submission's consequences on
// every path), numbering, due date and team come with it too.
import type { PrimaryKey } from '@directus/types';
import type { Knex } from 'knex';
import { ForbiddenError } from '@directus/errors';
import { fromCents, sumCents, toCents } from '../../domain/billing';
import { intakeChannel, priceClaim, receiptProblem, type ClaimLineInput } from '../../domain/claims';
import { checkTransition, lifecycles } from '../../domain/lifecycles';
import { InvalidInputError } from '../../errors';
import { receiptRefusal } from '../access/receipts';
import { rightsOn, type Actor } from '../actor';
import { withTransitions, type Platform } from '../engine';
import type { TransitionSession } from '../transitions';
import { isoDate } from '../values';
import { grantedExtras } from './granted-fields';
import { LINE_INTAKE_FIELDS } from './intake-schema';
import { activeKinds } from './kinds';
import { asInput, asTrusted, insurerToday, type ClaimSettings } from './records';

/** What a claim is filed with; any other key is a field a business admin added (granted-fields.ts). */
export interface ClaimIntake {
	policy: number;
	client?: number;
	channel?: string;
	lines: (ClaimLineInput & { receipt?: string | null } & Record<string, unknown>)[];
	[extra: string]: unknown;
}
const INTAKE_KEYS = ['policy', 'client', 'channel', 'lines'];
const LINE_KEYS: string[] = [...LINE_INTAKE_FIELDS];
const others = (item: Record<string, unknown>, known: string[]) => Object.fromEntries(Object.entries(item).filter(([key]) => !known.includes(key)));

/** Who may file at all: the holders of the claim's submit right. */
export function assertMayFile(actor: Actor) {
	const check = checkTransition(lifecycles.claim, 'Draft', 'Submitted', { trigger: 'manual', actor: actor.kind, rights: rightsOn(actor, 'claim') });
	if (!check.ok) throw new ForbiddenError({ reason: 'You hold no right to submit claims' });
}

export async function fileClaim(platform: Platform, actor: Actor, input: ClaimIntake): Promise<number> {
	assertMayFile(actor);
	const channel = intakeChannel(actor, input.channel);
	if (!channel.ok) throw new InvalidInputError({ field: 'channel', problem: channel.problem });

	return withTransitions(platform, platform.database, async (session) => {
		const fieldsOf = (collection: string) => Object.keys(session.schema.collections[collection]?.fields ?? {});
		const extras = await grantedExtras(session.trx, actor.accountability!, 'claims', fieldsOf('claims'), others(input, INTAKE_KEYS));
		const lineExtras: Record<string, unknown>[] = [];
		for (const [index, line] of input.lines.entries()) {
			lineExtras.push(await grantedExtras(session.trx, actor.accountability!, 'claim_lines', fieldsOf('claim_lines'), others(line, LINE_KEYS), `lines[${index}].`));
		}
		const policy = await visiblePolicy(session, actor, input.policy);
		if (input.client !== undefined && input.client !== Number(policy.client)) {
			throw new InvalidInputError({ field: 'client', problem: `does not hold policy ${input.policy}` });
		}
		await checkReceipts(session, actor, input.lines, policy.client);

		const claimId = await session.create({
			collection: 'claims',
			status: 'Submitted',
			trigger: 'manual',
			actor: asTrusted(actor),
			reason: `Filed through ${channel.channel}`,
			payload: {
				...extras,
				policy: policy.id,
				client: policy.client,
				channel: channel.channel,
				lines: input.lines.map(({ kind, description, service_date, quantity, unit_amount, receipt }, index) => ({
					...lineExtras[index],
					kind,
					description,
					service_date,
					quantity,
					unit_amount,
					receipt: receipt ?? null,
				})),
			},
		});
		return Number(claimId);
	});
}

/** The policy as the caller may see it: a client's own, any for staff; unknown and foreign alike. */
async function visiblePolicy(session: TransitionSession, actor: Actor, id: number) {
	const [visible] = await session.items('policies', actor.accountability).readByQuery({ filter: { id: { _eq: id } }, fields: ['id'], limit: 1 });
	const row = visible ? await session.trx('policies').where('id', id).first('id', 'client', 'status', 'begin_date', 'end_date') : undefined;
	if (!row) throw new InvalidInputError({ field: 'policy', problem: `${id} does not exist or is not yours` });
	return row;
}

/** Receipts must be files the caller may see, of an allowed type and size. */
async function checkReceipts(session: TransitionSession, actor: Actor, lines: ClaimIntake['lines'], holder: PrimaryKey) {
	for (const [index, line] of lines.entries()) {
		if (!line.receipt) continue;
		const field = `lines[${index}].receipt`;
		const [file] = await session.items('directus_files', actor.accountability).readByQuery({ filter: { id: { _eq: line.receipt } }, fields: ['id'], limit: 1 });
		const row = file ? await session.trx('directus_files').where('id', line.receipt).first('type', 'filesize') : undefined;
		if (!row) throw new InvalidInputError({ field, problem: `${line.receipt} is not a file you uploaded` });
		// The same ownership rule as the item API's access guard: a receipt grants its holder access.
		const problem = (await receiptRefusal(session.trx, line.receipt, actor.accountability?.user ?? null, holder)) ?? receiptProblem(row);
		if (problem) throw new InvalidInputError({ field, problem });
	}
}

/**
 * The intake rules a claim meets to become Submitted, whichever path submits it: its client's
 * InForce policy, at least one line, each a priced line of the policy period, not in the
 * future. The server prices the lines and the total, whatever they held. Errors name the
 * field as the intake endpoint's body does: lines in the order they were added.
 */
export async function checkIntake(trx: Knex, claimId: number | string, settings: ClaimSettings) {
	const claim = await trx('claims').where('id', claimId).first('policy', 'client');
	const policy = await trx('policies').where('id', claim.policy).first('id', 'client', 'status', 'begin_date', 'end_date');
	if (!policy) throw new InvalidInputError({ field: 'policy', problem: `${claim.policy} does not exist or is not yours` });
	if (String(claim.client) !== String(policy.client)) throw new InvalidInputError({ field: 'client', problem: `does not hold policy ${policy.id}` });
	if (policy.status !== 'InForce') throw new InvalidInputError({ field: 'policy', problem: `is ${policy.status}; claims are filed on InForce policies only` });
	const rows: (ClaimLineInput & { id: number })[] = await trx('claim_lines').where('claim', claimId).orderBy('id').select('id', 'kind', 'description', 'service_date', 'quantity', 'unit_amount');
	const lines = rows.map((row) => ({ ...row, kind: row.kind ?? '', service_date: row.service_date === null ? '' : isoDate(row.service_date) }));
	const kinds = await activeKinds(trx);
	const priced = asInput(() => priceClaim(lines, { begin_date: isoDate(policy.begin_date), end_date: isoDate(policy.end_date) }, insurerToday(settings), kinds));
	for (const [index, line] of priced.lines.entries()) await trx('claim_lines').where('id', rows[index]!.id).update({ amount_claimed: line.amount_claimed });
	await trx('claims').where('id', claimId).update({ total_claimed: priced.total_claimed });
}

/** The claim's total from its lines' amounts, leaving out `except` and adding `extraCents` (a line about to be written). */
export async function syncTotalClaimed(trx: Knex, claimId: number | string, except: (number | string)[] = [], extraCents = 0) {
	const amounts: (string | number | null)[] = await trx('claim_lines').where('claim', claimId).whereNotIn('id', except).pluck('amount_claimed');
	const total = sumCents(amounts.map((amount) => toCents(amount ?? 0))) + extraCents;
	await trx('claims').where('id', claimId).update({ total_claimed: fromCents(total) });
}
