import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lifecycles, lifecycleForCollection } from '../extensions/directus-extension-insurance/src/domain/lifecycles';
import { statusChoices } from '../snapshots/model.mjs';
import { DELETE_RULES } from '../extensions/directus-extension-insurance/src/migrations/0001-delete-rules';
import { buildSnapshot, renderSnapshot, snapshotPath } from './generate-snapshot.mjs';
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

	it('offers exactly the lifecycles as the lifecycles of transition permissions', () => {
		const field = buildSnapshot().fields.find((f) => f.collection === 'transition_permissions' && f.field === 'lifecycle');
		expect(field.meta.options.choices.map((c: { value: string }) => c.value)).toEqual(Object.keys(lifecycles));
	});

	it('never clears a required foreign key on delete (the database would refuse with a 500)', () => {
		const { fields, relations } = buildSnapshot();
		const required = new Set(fields.filter((f) => f.schema && f.schema.is_nullable === false).map((f) => `${f.collection}.${f.field}`));
		expect(relations.filter((r) => r.schema.on_delete === 'SET NULL' && required.has(`${r.collection}.${r.field}`))).toEqual([]);
	});

	it('has the delete rules migration 0001 gives an existing database', () => {
		const rules = new Map(buildSnapshot().relations.map((r) => [`${r.collection}.${r.field}`, r.schema.on_delete]));
		for (const rule of DELETE_RULES) expect(rules.get(`${rule.collection}.${rule.field}`), `${rule.collection}.${rule.field}`).toBe(rule.onDelete);
	});
});

describe('runtime check', () => {
	it('accepts Node 22 and newer and names the problem otherwise', () => {
		expect(runtimeProblem('22.23.3')).toBeNull();
		expect(runtimeProblem('24.1.0')).toBeNull();
		expect(runtimeProblem('20.20.2')).toMatch(/needs Node\.js 22 or newer, this is Node\.js 20\.20\.2/);
	});
});
