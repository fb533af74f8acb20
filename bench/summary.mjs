// The benchmark's summary: one row per comparison, with its target and verdict, built from the
// measured pairs alone, so that a saved run (bench/results/*.json) can be summarised again.
import { median } from './measure.mjs';
import { orderBalanced, verdict } from './pairs.mjs';

/**
 * A summary row: medians of both sides and the median ratio with its spread. Pairs measured in
 * alternating order (`alternating`) are judged by their order-balanced ratios (pairs.mjs); the
 * spread of the raw per-pair ratios is kept beside them.
 */
function row(name, pairs, target, unit, { digits = 1, alternating = false } = {}) {
	const judged = alternating ? orderBalanced(pairs) : pairs;
	const { spread, met } = verdict(judged, target);
	return {
		name,
		measured: `${median(pairs.map((p) => p.a)).toFixed(digits)} ${unit}`,
		baseline: `${median(pairs.map((p) => p.b)).toFixed(digits)} ${unit}`,
		ratio: spread.median,
		spread,
		...(alternating ? { pairs_spread: verdict(pairs).spread } : {}),
		target,
		met,
	};
}

const withRatio = (pairs) => pairs.map((p) => ({ ...p, ratio: p.a / p.b }));

/** The rows of a run, from its configuration and results as the JSON records them. */
export function summaryRows(config, results) {
	const n = results.nightly;
	const sizes = [config.policies, config.smallPolicies];
	// Guard runs are not alternated: each request pair sends the status PATCH first.
	const g = results.guard.map((r) => ({ p50: { a: r.guarded_p50_ms, b: r.plain_p50_ms }, p99: { a: r.guarded_p99_ms, b: r.plain_p99_ms } }));
	const c = results.claims.map((r) => ({ p50: { a: r.insurance.p50_ms, b: r.plain.p50_ms }, p99: { a: r.insurance.p99_ms, b: r.plain.p99_ms }, throughput: { a: r.plain.throughput_per_s, b: r.insurance.throughput_per_s } }));
	const { adjudication } = results;
	const intakeP50 = median(results.claims.map((r) => r.insurance.p50_ms));
	const alternating = { alternating: true };
	const rows = [
		...sizes.map((size) =>
			row(`nightly, ${size} policies, ${n.transitions} transitions, ${n.reminders} reminders, ${n.renewals} renewals: product vs raw SQL`, n.versus_sql[size], 1.5, 's', { digits: 2, ...alternating }),
		),
		row(`the same night: ${config.policies} vs ${config.smallPolicies} policies`, n.by_size, 1.2, 's', { digits: 2, ...alternating }),
		row(`guarded status PATCH vs field PATCH, p50 (${config.patchRequests} each)`, withRatio(g.map((p) => p.p50)), 1.1, 'ms'),
		row('guarded status PATCH vs field PATCH, p99', withRatio(g.map((p) => p.p99)), 1.3, 'ms'),
		row(`claim intake, adjudicated (5 lines, ${config.concurrency} clients) vs POST /items/claims, p50`, withRatio(c.map((p) => p.p50)), 1.3, 'ms', alternating),
		row('claim intake, adjudicated, vs POST /items/claims, p99', withRatio(c.map((p) => p.p99)), 1.3, 'ms', alternating),
		row('claim intake throughput (plain / product)', withRatio(c.map((p) => p.throughput)), 1.3, '/s', alternating),
		row('adjudicating a 100-line claim in the domain module vs pricing it', adjudication.rounds.adjudication.map((a, i) => ({ a, b: adjudication.rounds.pricing[i], ratio: a / adjudication.rounds.pricing[i] })), undefined, 'ms', { digits: 2 }),
		row('adjudicating a 100-line claim vs one claim intake p50 over HTTP', adjudication.rounds.adjudication.map((a) => ({ a, b: intakeP50, ratio: a / intakeP50 })), 0.1, 'ms', { digits: 2 }),
	];
	const p = results.portal;
	rows.push(row(`portal policy page, all its calls (${p.clients} clients at once) vs the same reads through /items, p95`, p.pages, 1.3, 'ms', alternating));
	// An absolute bound: the verdict reads each run's p99 itself.
	const websocket = verdict(p.updates.map((u) => ({ ratio: u.p99_ms })), 250);
	rows.push({ name: `claim status change reaching its client's websocket under that load, p99 (${p.clients} subscribers)`, measured: `${websocket.spread.median.toFixed(1)} ms`, baseline: '—', spread_ms: websocket.spread, bound: '250 ms', met: websocket.met });
	// The handler's PATCH waits for the loaded server too: its time is shown, with no bound of its own.
	const fromRequest = verdict(p.updates.map((u) => ({ ratio: u.from_request_p99_ms })));
	rows.push({ name: 'the same, from the handler sending its PATCH, p99', measured: `${fromRequest.spread.median.toFixed(1)} ms`, baseline: '—', spread_ms: fromRequest.spread });
	const errors = results.claims.reduce((sum, r) => sum + r.insurance.errors + r.plain.errors, 0);
	rows.push({ name: 'claim submission errors (both paths, all runs)', measured: String(errors), baseline: '0', met: errors === 0 ? 'yes' : 'NO' });
	return rows;
}
