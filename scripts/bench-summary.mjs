// npm run bench:summary [-- file]: the summary of a saved run, built again from its measured
// pairs (bench/summary.mjs), printed and written back; bench/results/latest.json by default.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { summaryRows } from '../bench/summary.mjs';
import { printTable, writeJson } from '../bench/report.mjs';
import { projectRoot } from './lib/environment.mjs';

const file = process.argv[2] ?? join(projectRoot, 'bench', 'results', 'latest.json');
const report = JSON.parse(readFileSync(file, 'utf8'));
report.summary = summaryRows(report.config, report.results);
printTable(report.summary);
writeJson(file, report);
console.log(`\nWrote ${file}.`);
