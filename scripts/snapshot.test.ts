import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lifecycles, lifecycleForCollection } from '../extensions/directus-extension-insurance/src/domain/lifecycles';
import { statusChoices } from '../snapshots/model.mjs';
import { renderSnapshot, snapshotPath } from './generate-snapshot.mjs';
import { runtimeProblem } from './lib/environment.mjs';

describe('schema snapshot', () => {
	it('is what the model generates (run "npm run snapshot" after editing the model)', () => {
		expect(readFileSync(snapshotPath, 'utf8')).toBe(renderSnapshot());
	});

	it('offers exactly the lifecycle statuses as status choices', () => {
		for (const [collection, choices] of Object.entries(statusChoices)) {
			const lifecycle = lifecycleForCollection(collection);
			expect(lifecycle, collection).toBeDefined();
			expect(choices, collection).toEqual([...lifecycle!.statuses]);
			expect(choices[0], `${collection} default`).toBe(lifecycle!.initial);
		}
		expect(Object.keys(lifecycles)).toHaveLength(5);
	});
});

describe('runtime check', () => {
	it('accepts Node 22 and newer and names the problem otherwise', () => {
		expect(runtimeProblem('22.23.3')).toBeNull();
		expect(runtimeProblem('24.1.0')).toBeNull();
		expect(runtimeProblem('20.20.2')).toMatch(/needs Node\.js 22 or newer, this is Node\.js 20\.20\.2/);
	});
});
