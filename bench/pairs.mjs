// Robust comparisons: A and B measured in pairs, interleaved (the order alternates from pair to
// pair), so a busy moment of the machine falls on both sides. Each pair gives a ratio A/B; the
// figure is the median ratio, with the spread (min and max) beside it; where the order
// alternates, of neighbouring pairs taken together (orderBalanced).
import { freemem, loadavg, totalmem } from 'node:os';
import { median, round } from './measure.mjs';

/**
 * Runs `pairs` pairs of `a()` and `b()`; each returns a number (seconds or milliseconds).
 * `between` runs after every measurement (e.g. to put the data back).
 */
export async function measurePairs({ pairs, a, b, between = async () => {}, log = () => {} }) {
	const rows = [];
	for (let pair = 0; pair < pairs; pair++) {
		const values = {};
		for (const side of pair % 2 === 0 ? ['a', 'b'] : ['b', 'a']) {
			values[side] = await (side === 'a' ? a : b)(pair);
			await between(side, pair);
		}
		rows.push({ a: values.a, b: values.b, ratio: values.a / values.b });
		log(pair, values);
	}
	return rows;
}

/**
 * Each two neighbouring pairs of an alternating series, one run A first and one B first, as one
 * ratio: the geometric mean of theirs. What the order itself costs (the second run of a pair
 * finding the machine still busy with the first's clean-up) then falls once on each side and
 * cancels, where a single pair's ratio carries it in full. Neighbouring estimates share a pair.
 */
export function orderBalanced(rows) {
	const balanced = [];
	for (let i = 1; i < rows.length; i++) {
		const [first, second] = [rows[i - 1], rows[i]];
		balanced.push({ a: Math.sqrt(first.a * second.a), b: Math.sqrt(first.b * second.b), ratio: Math.sqrt(first.ratio * second.ratio) });
	}
	return balanced.length > 0 ? balanced : rows;
}

/**
 * A comparison's verdict against its target: met when even the worst pair is within it, missed
 * when even the best pair is above it, and otherwise undecided: the spread straddles the target.
 */
export function verdict(rows, target) {
	const ratios = rows.map((r) => r.ratio).filter(Number.isFinite);
	const spread = { min: round(Math.min(...ratios), 4), median: round(median(ratios), 4), max: round(Math.max(...ratios), 4) };
	if (target === undefined) return { spread };
	const met = spread.max <= target ? 'yes' : spread.min > target ? 'NO' : spread.median <= target ? 'likely (spread straddles the target)' : 'unlikely (spread straddles the target)';
	return { spread, met };
}

/**
 * The machine's 1-minute load average and its memory in use (GiB, what the kernel counts as not
 * available), sampled every `everyMs` until stopped.
 */
export function sampleLoad(everyMs = 5000) {
	const samples = [];
	const memory = [];
	const take = () => {
		samples.push(round(loadavg()[0], 2));
		memory.push(round((totalmem() - freemem()) / 2 ** 30, 2));
	};
	take();
	const timer = setInterval(take, everyMs);
	timer.unref();
	return {
		stop() {
			clearInterval(timer);
			take();
			return { samples: samples.length, min: Math.min(...samples), median: median(samples), max: Math.max(...samples), memory_used_gib: { median: median(memory), max: Math.max(...memory) } };
		},
	};
}
