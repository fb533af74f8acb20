// The claim rules of the item API, whatever path writes (REST single, batch or by query, a
// claim's nested `lines`, GraphQL, imports, Flows, other extensions' ItemsService calls): a
// claim is created as a Draft, its lines are checked and priced as the intake endpoint checks
// them (same joi schema, same domain rules, same field names) and its total follows them;
// lines are edited while the claim is a Draft, decided while it is in review, frozen after.
import type { Knex } from 'knex';
import type Joi from 'joi';
import type { PrimaryKey } from '@directus/types';
import { CLAIM_LIMITS, decideLine, priceLine, receiptProblem, type ClaimLineInput, type CoveredPeriod } from '../../domain/claims';
import { InvalidInputError, WriteRefusedError } from '../../errors';
import { checkAll, validate } from '../validation';
import { isoDate } from '../values';
import { syncTotalClaimed } from './intake';
import { activeKinds } from './kinds';
import { cutsOf } from './proposal';
import { claimLineChangeSchema, claimLineSchema, LINE_INTAKE_FIELDS } from './intake-schema';
import { asInput, fieldRefused, insurerToday, readClaimSettings, refuseComputedFields } from './records';

/** The server's part of a line: computed from the quantity and price, or decided by the claims team. */
const COMPUTED_LINE_FIELDS = ['amount_claimed', 'amount_eligible', 'amount_deductible', 'amount_copay', 'amount_benefit', 'adjudication', 'benefit_terms', 'receipt_hash'];
const DECISION_FIELDS = ['amount_approved', 'rejection_reason'];
/** Fields of a line that change while its claim is a Draft only. */
const INTAKE_FIELDS: string[] = [...LINE_INTAKE_FIELDS, 'claim', ...COMPUTED_LINE_FIELDS];
/** Statuses in which the claims team decides the lines. */
const DECIDING = ['InReview', 'PendingApproval'];

/** The key of a many-to-one value: a key, or an object carrying one (`{ id: 4 }`). */
export function keyOf(value: unknown): PrimaryKey | undefined {
	if (typeof value === 'string' || typeof value === 'number') return value;
	const id = value && typeof value === 'object' ? (value as Record<string, unknown>)['id'] : undefined;
	return typeof id === 'string' || typeof id === 'number' ? id : undefined;
}

async function periodOf(db: Knex, policyId: PrimaryKey | undefined): Promise<CoveredPeriod | undefined> {
	const policy = policyId === undefined ? undefined : await db('policies').where('id', policyId).first('begin_date', 'end_date');
	return policy ? { begin_date: isoDate(policy.begin_date), end_date: isoDate(policy.end_date) } : undefined;
}

const named = (prefix: string, field: string) => (prefix ? `${prefix}.${field}` : field);

/** One line's values as the request sends them, in shape (joi): no server field, every field well formed. */
function shaped(line: Record<string, unknown>, schema: Joi.ObjectSchema, prefix: string) {
	const owned = [...COMPUTED_LINE_FIELDS, ...DECISION_FIELDS].find((field) => field in line);
	if (owned) throw fieldRefused('claim_lines', named(prefix, owned));
	// A receipt may come as its key or as `{ id }`, like any many-to-one.
	const receipt = 'receipt' in line ? { receipt: keyOf(line['receipt']) ?? line['receipt'] } : {};
	return validate(schema, { ...line, ...receipt }, prefix) as ClaimLineInput;
}

/** One line's values: shape (joi), then price and dates (domain). */
function priced(line: Record<string, unknown>, schema: Joi.ObjectSchema, prefix: string, period: CoveredPeriod, today: string, kinds: readonly string[]) {
	const valid = shaped(line, schema, prefix);
	return asInput(() => priceLine(valid, period, today, kinds, prefix));
}

/** A receipt or another document sent with a claim that the claims team can open (whose it is, is the access guard's check). */
export async function checkClaimFile(db: Knex, value: unknown, field: string) {
	const key = keyOf(value);
	if (key === undefined) return;
	const file = await db('directus_files').where('id', key).first('type', 'filesize');
	const problem = file ? receiptProblem(file) : `${key} is not a file you uploaded`;
	if (problem) throw new InvalidInputError({ field, problem });
}

const frozen = (claim: PrimaryKey, status: string) =>
	new WriteRefusedError({ collection: 'claim_lines', reason: `claims ${claim} is ${status}: its lines are read-only once it leaves Draft` });

/** The new lines of a claim payload: a list (items without a key), or `{ create: [...] }`. */
function newLinesIn(lines: unknown): { line: Record<string, unknown>; prefix: string }[] {
	const isNew = (item: unknown): item is Record<string, unknown> => !!item && typeof item === 'object' && keyOf(item) === undefined;
	if (Array.isArray(lines)) return lines.flatMap((line, index) => (isNew(line) ? [{ line, prefix: `lines[${index}]` }] : []));
	const create = lines && typeof lines === 'object' ? (lines as Record<string, unknown>)['create'] : undefined;
	return Array.isArray(create) ? create.flatMap((line, index) => (isNew(line) ? [{ line, prefix: `lines.create[${index}]` }] : [])) : [];
}

/**
 * A claim created through the item API: a Draft, with its new lines checked as the intake
 * endpoint checks them and named the same way (`lines[0].quantity`), in the same two rounds:
 * every line's shape, then every line's price, dates and receipt, each round reporting all its
 * problems at once. Its number, due date and queue come with its submission, which the guard
 * and the consequences check in full.
 */
export async function checkClaimCreation(db: Knex, payload: Record<string, unknown>) {
	if (payload['status'] !== undefined && payload['status'] !== 'Draft') {
		throw new InvalidInputError({ field: 'status', problem: 'must be "Draft" for a claim created through the item API: add its lines, then set it "Submitted" (POST /insurance/claims files and submits at once)' });
	}
	refuseComputedFields(payload);
	const lines = newLinesIn(payload['lines']);
	if (lines.length > CLAIM_LIMITS.lines) throw new InvalidInputError({ field: 'lines', problem: `must contain at most ${CLAIM_LIMITS.lines} lines` });
	await checkAll(lines, ({ line, prefix }) => shaped(line, claimLineSchema, prefix));
	// An unknown or foreign policy is the access guard's refusal; the submission checks it again.
	const period = await periodOf(db, keyOf(payload['policy']));
	if (!period) return;
	const today = insurerToday(await readClaimSettings(db));
	const kinds = await activeKinds(db);
	await checkAll(lines, async ({ line, prefix }) => {
		priced(line, claimLineSchema, prefix, period, today, kinds);
		await checkClaimFile(db, line['receipt'], named(prefix, 'receipt'));
	});
}

/** A new line: on a Draft claim, priced by the server, counted in the claim's total. */
export async function checkNewLine(db: Knex, payload: Record<string, unknown>) {
	const key = keyOf(payload['claim']);
	const claim = key === undefined ? undefined : await db('claims').where('id', key).first('id', 'status', 'policy');
	if (!claim) throw new InvalidInputError({ field: 'claim', problem: key === undefined ? 'is required: a line belongs to a Draft claim' : `${key} does not exist or is not yours` });
	if (claim.status !== 'Draft') throw frozen(claim.id, claim.status);
	const line = priced(payload, claimLineSchema, '', (await periodOf(db, claim.policy))!, insurerToday(await readClaimSettings(db)), await activeKinds(db));
	await checkClaimFile(db, payload['receipt'], 'receipt');
	await syncTotalClaimed(db, claim.id, [], line.cents);
	return { ...payload, amount_claimed: line.amount_claimed };
}

interface LineRow {
	id: PrimaryKey;
	claim: PrimaryKey;
	claim_status: string;
	claim_policy: PrimaryKey;
	kind: string;
	description: string;
	service_date: string | number | Date | null;
	quantity: number;
	unit_amount: string | number;
	amount_claimed: string | number | null;
	amount_approved: string | number | null;
	rejection_reason: string | null;
	amount_benefit: string | number | null;
	adjudication: unknown;
}

/**
 * Changes to lines: their intake fields while the claim is a Draft (re-priced, the total
 * following), their decisions while it is in review (each checked against its line).
 */
export async function checkLineChange(db: Knex, keys: PrimaryKey[], payload: Record<string, unknown>) {
	const fields = Object.keys(payload);
	const intake = fields.some((field) => INTAKE_FIELDS.includes(field));
	const deciding = fields.some((field) => DECISION_FIELDS.includes(field));
	if (!intake && !deciding) return payload;
	const rows: LineRow[] = await db('claim_lines as l')
		.join('claims as c', 'l.claim', 'c.id')
		.whereIn('l.id', keys)
		.select('l.*', 'c.status as claim_status', 'c.policy as claim_policy');
	let result = payload;
	if (intake) {
		const closed = rows.find((row) => row.claim_status !== 'Draft');
		if (closed) throw frozen(closed.claim, closed.claim_status);
		if ('claim' in payload && rows.some((row) => String(row.claim) !== String(keyOf(payload['claim'])))) {
			throw new InvalidInputError({ field: 'claim', problem: 'cannot change: a line stays on the claim it was added to' });
		}
		const today = insurerToday(await readClaimSettings(db));
		const kinds = await activeKinds(db);
		const amounts = new Map<PrimaryKey, { claim: PrimaryKey; cents: number; amount: string }>();
		for (const row of rows) {
			const current = { kind: row.kind, description: row.description, service_date: row.service_date === null ? null : isoDate(row.service_date), quantity: row.quantity, unit_amount: row.unit_amount };
			const changes = Object.fromEntries(fields.filter((field) => field !== 'claim').map((field) => [field, payload[field]]));
			const line = priced({ ...current, ...changes }, claimLineChangeSchema, '', (await periodOf(db, row.claim_policy))!, today, kinds);
			amounts.set(row.id, { claim: row.claim, cents: line.cents, amount: line.amount_claimed });
		}
		await checkClaimFile(db, payload['receipt'], 'receipt');
		const distinct = new Set([...amounts.values()].map((a) => a.amount));
		if (distinct.size > 1) throw new InvalidInputError({ field: 'keys', problem: 'must name one line at a time for this change: the lines would come to different amounts' });
		for (const claim of new Set([...amounts.values()].map((a) => String(a.claim)))) {
			const ofClaim = [...amounts].filter(([, a]) => String(a.claim) === claim);
			await syncTotalClaimed(db, claim, ofClaim.map(([id]) => id), ofClaim.reduce((sum, [, a]) => sum + a.cents, 0));
		}
		if (distinct.size === 1) result = { ...payload, amount_claimed: [...distinct][0] };
	}
	if (deciding) {
		const closed = rows.find((row) => !DECIDING.includes(row.claim_status));
		if (closed) throw new WriteRefusedError({ collection: 'claim_lines', reason: `claims ${closed.claim} is ${closed.claim_status}: its lines are decided while it is ${DECIDING.join(' or ')}` });
		for (const row of rows) {
			const amountApproved = 'amount_approved' in payload ? payload['amount_approved'] : row.amount_approved;
			if (amountApproved === null || amountApproved === undefined) continue;
			const rejectionReason = 'rejection_reason' in payload ? payload['rejection_reason'] : row.rejection_reason;
			const line = { id: row.id, amount_claimed: row.amount_claimed ?? 0, amount_benefit: row.amount_benefit, adjudication: cutsOf(row.adjudication) };
			asInput(() => decideLine(line, { id: row.id, amount_approved: amountApproved as string, rejection_reason: rejectionReason as string | null }, ''));
		}
	}
	return result;
}

/** Lines leave a Draft claim only; its total follows. */
export async function checkLineRemoval(db: Knex, keys: PrimaryKey[]) {
	const rows: { id: PrimaryKey; claim: PrimaryKey; status: string }[] = await db('claim_lines as l').join('claims as c', 'l.claim', 'c.id').whereIn('l.id', keys).select('l.id', 'l.claim', 'c.status');
	const closed = rows.find((row) => row.status !== 'Draft');
	if (closed) throw frozen(closed.claim, closed.status);
	for (const claim of new Set(rows.map((row) => String(row.claim)))) await syncTotalClaimed(db, claim, keys);
}

