// The benchmark's table on stdout and its JSON file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const fmt = (value) => (typeof value === 'number' ? String(value) : (value ?? '—'));
/** Ratios far below 1 (a share of a larger cost) keep two significant digits. */
const times = (ratio) => `${ratio < 0.1 ? ratio.toPrecision(2) : ratio.toFixed(2)}×`;

export function printTable(rows) {
	const headers = ['comparison', 'measured', 'baseline', 'ratio', 'spread (min–max)', 'target', 'met'];
	const cells = rows.map((r) =>
		[r.name, r.measured, r.baseline, r.ratio === undefined ? '—' : times(r.ratio), r.spread ? `${times(r.spread.min).slice(0, -1)}–${times(r.spread.max)}` : r.spread_ms ? `${r.spread_ms.min.toFixed(1)}–${r.spread_ms.max.toFixed(1)} ms` : '—', r.target ? `≤ ${r.target}×` : r.bound ? `≤ ${r.bound}` : '—', r.met ?? '—'].map(fmt),
	);
	const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
	const line = (values) => `| ${values.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
	console.log(line(headers));
	console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
	for (const c of cells) console.log(line(c));
}

export function writeText(path, text) {
	mkdirSync(dirname(path), { recursive: true });
	writeFileSync(path, text);
}

export const writeJson = (path, report) => writeText(path, `${JSON.stringify(report, null, '\t')}\n`);
