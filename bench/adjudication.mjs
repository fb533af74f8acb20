// Adjudication in the pure domain module, without Directus: a 100-line claim against the demo
// product's terms and a year of prior claims. The module is bundled from its TypeScript source
// with esbuild (the extension's own build tool), so the benchmark runs what the extension runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../scripts/lib/environment.mjs';
import { demoTerms } from './benefits.mjs';
import { median } from './measure.mjs';

const KINDS = ['consultation', 'medication', 'hospital', 'other', 'dental'];

async function loadDomain() {
	const { build } = await import('esbuild');
	const dir = mkdtempSync(join(tmpdir(), 'insurance-bench-domain-'));
	const outfile = join(dir, 'claims.mjs');
	await build({
		entryPoints: [join(projectRoot, 'extensions', 'directus-extension-insurance', 'src', 'domain', 'claims', 'index.ts')],
		outfile,
		bundle: true,
		format: 'esm',
		platform: 'node',
		logLevel: 'silent',
	});
	try {
		return await import(pathToFileURL(outfile).href);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

const dayOf = (begin, offset) => new Date(Date.parse(`${begin}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);

/** A claim of `lines` lines over a policy year with `prior` decided lines before it. */
export function adjudicationCase({ lines = 100, prior = 200, others = 200 } = {}) {
	const { benefits, annual_deductible } = demoTerms();
	const begin = '2026-01-01';
	const contract = { benefits, annual_deductible, begin_date: begin, end_date: '2026-12-31', coverage_limit: '50000.00' };
	const line = (i) => ({ kind: KINDS[i % KINDS.length], service_date: dayOf(begin, 200 + (i % 60)), quantity: 1 + (i % 3), unit_amount: (20 + (i % 7) * 5).toFixed(2), receipt_hash: `hash-${i}` });
	return {
		contract,
		lines: Array.from({ length: lines }, (_, i) => line(i)),
		prior: Array.from({ length: prior }, (_, i) => ({ kind: KINDS[i % 4], service_date: dayOf(begin, i % 190), units: 1, amount_approved: '15.00', amount_deductible: '0.00' })),
		others: Array.from({ length: others }, (_, i) => ({ claim: `C-${i}`, kind: KINDS[i % 4], service_date: dayOf(begin, i % 190), amount_claimed: '31.00', receipt_hash: `other-${i}` })),
	};
}

/**
 * Milliseconds per claim (median of `rounds` rounds of `perRound` claims), adjudicating and, as
 * the baseline, pricing the same lines (what intake did before benefits existed).
 */
export async function measureAdjudication({ rounds = 15, perRound = 50 } = {}) {
	const domain = await loadDomain();
	const input = adjudicationCase();
	const kinds = [...KINDS];
	const period = { begin_date: input.contract.begin_date, end_date: input.contract.end_date };
	const time = (work) => {
		const started = performance.now();
		for (let i = 0; i < perRound; i++) work();
		return (performance.now() - started) / perRound;
	};
	const adjudicate = () => domain.adjudicateClaim(input);
	const price = () => domain.priceClaim(input.lines, period, '2026-12-31', kinds);
	for (let i = 0; i < 3; i++) time(adjudicate), time(price); // warm-up
	const adjudication = [];
	const pricing = [];
	for (let round = 0; round < rounds; round++) {
		adjudication.push(time(adjudicate));
		pricing.push(time(price));
	}
	return { lines: input.lines.length, prior_lines: input.prior.length, adjudication_ms: median(adjudication), pricing_ms: median(pricing), rounds: { adjudication, pricing } };
}
