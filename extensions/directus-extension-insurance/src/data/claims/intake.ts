// Files a claim: checks the policy and the lines, prices them, and creates the claim with its
// lines straight as Submitted through the engine (history: created as Draft, then submitted), all
// in one transaction: nothing is left behind when any check fails. Numbering, due date and team
// come with the submission (consequences).
import { ForbiddenError } from '@directus/errors';
import { intakeChannel, priceClaim, receiptProblem, type ClaimLineInput } from '../../domain/claims';
import { checkTransition, lifecycles } from '../../domain/lifecycles';
import { InvalidInputError } from '../../errors';
import type { Actor } from '../actor';
import { withTransitions, type Platform } from '../engine';
import type { TransitionSession } from '../transitions';
import { isoDate } from '../values';
import { grantedExtras } from './granted-fields';
import { asInput, asTrusted, insurerToday, readClaimSettings } from './records';

/** What a claim is filed with; any other key is a field a business admin added (granted-fields.ts). */
export interface ClaimIntake {
	policy: number;
	client?: number;
	channel?: string;
	lines: (ClaimLineInput & { receipt?: string | null } & Record<string, unknown>)[];
	[extra: string]: unknown;
}
const INTAKE_KEYS = ['policy', 'client', 'channel', 'lines'];
const LINE_KEYS = ['kind', 'description', 'service_date', 'quantity', 'unit_amount', 'receipt'];
const others = (item: Record<string, unknown>, known: string[]) => Object.fromEntries(Object.entries(item).filter(([key]) => !known.includes(key)));

/** Who may file at all: the table's submit rule (Client, Call Center, Claims Department, Integrator). */
export function assertMayFile(actor: Actor) {
	const check = checkTransition(lifecycles.claim, 'Draft', 'Submitted', { trigger: 'manual', actor: actor.kind, roles: actor.roles });
	if (!check.ok) throw new ForbiddenError({ reason: 'Your role does not file claims' });
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
		if (policy.status !== 'InForce') {
			throw new InvalidInputError({ field: 'policy', problem: `is ${policy.status}; claims are filed on InForce policies only` });
		}
		const settings = await readClaimSettings(session.trx);
		const priced = asInput(() => priceClaim(input.lines, { begin_date: isoDate(policy.begin_date), end_date: isoDate(policy.end_date) }, insurerToday(settings)));
		await checkReceipts(session, actor, input.lines);

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
					total_claimed: priced.total_claimed,
				lines: priced.lines.map(({ kind, description, service_date, quantity, unit_amount, amount_claimed }, index) => ({
					...lineExtras[index],
					kind,
					description,
					service_date,
					quantity,
					unit_amount,
					amount_claimed,
					receipt: input.lines[index]!.receipt ?? null,
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
async function checkReceipts(session: TransitionSession, actor: Actor, lines: ClaimIntake['lines']) {
	for (const [index, line] of lines.entries()) {
		if (!line.receipt) continue;
		const field = `lines[${index}].receipt`;
		const [file] = await session.items('directus_files', actor.accountability).readByQuery({ filter: { id: { _eq: line.receipt } }, fields: ['id'], limit: 1 });
		const row = file ? await session.trx('directus_files').where('id', line.receipt).first('type', 'filesize') : undefined;
		if (!row) throw new InvalidInputError({ field, problem: `${line.receipt} is not a file you uploaded` });
		const problem = receiptProblem(row);
		if (problem) throw new InvalidInputError({ field, problem });
	}
}
