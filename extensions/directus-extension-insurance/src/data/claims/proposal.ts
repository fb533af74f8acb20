// The proposal on a claim's lines (SPEC §9), at intake and again when a person decides: the
// product's benefits and deductible, the policy's dates and coverage, what the policy year's
// Approved and Paid claims used, and the client's other claims for duplicate suspicion.
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { adjudicateClaim, type ClaimProposal, type OtherClaimLine } from '../../domain/claims';
import type { TransitionSession } from '../transitions';
import { isoDate } from '../values';
import { readContract, readPriorLines } from './benefit-usage';

/** Claims a duplicate is looked for on: filed and not given up or refused. */
const NOT_COMPARED = ['Draft', 'Rejected', 'Withdrawn'];

const jsonOf = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);

/** SHA-256 of a file's content, read through Directus' storage as the asset route does. */
async function contentHash(session: TransitionSession, file: string): Promise<string> {
	const assets = new session.services.AssetsService({ knex: session.trx, schema: session.schema, accountability: null });
	const { stream } = (await assets.getAsset(file)) as { stream: Readable };
	const hash = createHash('sha256');
	await pipeline(stream, hash);
	return hash.digest('hex');
}

/**
 * Adjudicates the claim's lines and stores the proposal on each (amounts, cuts and the terms
 * used); receipts are hashed once, at intake. Returns the proposal and which lines have a receipt.
 */
export async function proposeClaim(session: TransitionSession, claimId: number | string): Promise<{ proposal: ClaimProposal; receipts: boolean[] }> {
	const { trx } = session;
	const claim = await trx('claims').where('id', claimId).first('policy', 'client');
	const contract = (await readContract(trx, claim.policy))!;
	const rows: Record<string, any>[] = await trx('claim_lines')
		.where('claim', claimId)
		.orderBy('id')
		.select('id', 'kind', 'service_date', 'quantity', 'unit_amount', 'amount_claimed', 'receipt', 'receipt_hash');
	for (const row of rows) {
		if (!row.receipt || row.receipt_hash) continue;
		row.receipt_hash = await contentHash(session, row.receipt);
		await trx('claim_lines').where('id', row.id).update({ receipt_hash: row.receipt_hash });
	}
	const others: OtherClaimLine[] = (
		await trx('claim_lines as l')
			.join('claims as c', 'l.claim', 'c.id')
			.where('c.client', claim.client)
			.whereNot('c.id', claimId)
			.whereNotIn('c.status', NOT_COMPARED)
			.select('c.claim_number', 'c.id as claim', 'l.kind', 'l.service_date', 'l.amount_claimed', 'l.receipt_hash')
	).map((row: Record<string, any>) => ({ claim: row.claim_number ?? row.claim, kind: row.kind, service_date: isoDate(row.service_date), amount_claimed: row.amount_claimed ?? 0, receipt_hash: row.receipt_hash }));

	const proposal = adjudicateClaim({
		contract,
		prior: await readPriorLines(trx, claim.policy, claimId),
		others,
		lines: rows.map((row) => ({
			kind: row.kind,
			service_date: isoDate(row.service_date),
			quantity: Number(row.quantity),
			unit_amount: row.unit_amount,
			amount_claimed: row.amount_claimed,
			receipt_hash: row.receipt_hash,
		})),
	});
	for (const [index, line] of proposal.lines.entries()) {
		const row = rows[index]!;
		const benefit = contract.benefits.find((candidate) => candidate.kind === row.kind) ?? null;
		await trx('claim_lines')
			.where('id', row.id)
			.update({
				amount_eligible: line.amount_eligible,
				amount_deductible: line.amount_deductible,
				amount_copay: line.amount_copay,
				amount_benefit: line.amount_benefit,
				adjudication: JSON.stringify(line.adjudication),
				benefit_terms: JSON.stringify({ benefit, annual_deductible: contract.annual_deductible ?? null, coverage_limit: contract.coverage_limit ?? null, policy_year: line.policy_year }),
			});
	}
	return { proposal, receipts: rows.map((row) => !!row.receipt) };
}

/** A line's stored cuts, as JSON columns come back from SQLite (text) or Postgres (parsed). */
export const cutsOf = (value: unknown) => (jsonOf(value) ?? null) as ClaimProposal['lines'][number]['adjudication'] | null;
