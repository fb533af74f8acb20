import { describe, expect, it } from 'vitest';
import { asKey, manyToOneReference, oneToManyKeys, relationsOf, type RelationInfo } from './references';

const relations: RelationInfo[] = [
	{ collection: 'claims', field: 'policy', related_collection: 'policies', meta: { one_field: 'claims' } },
	{ collection: 'claim_lines', field: 'claim', related_collection: 'claims', meta: { one_field: 'lines' } },
	{ collection: 'claim_lines', field: 'receipt', related_collection: 'directus_files', meta: { one_field: null } },
	{ collection: 'claim_messages', field: 'claim', related_collection: 'claims', meta: { one_field: 'messages' } },
	{ collection: 'notes', field: 'item', related_collection: null, meta: null },
];

describe('relationsOf', () => {
	it('lists the many-to-one fields and the one-to-many aliases of a collection', () => {
		expect(relationsOf(relations, 'claims')).toEqual({
			manyToOne: [{ field: 'policy', related: 'policies' }],
			oneToMany: [
				{ field: 'lines', child: 'claim_lines', childField: 'claim' },
				{ field: 'messages', child: 'claim_messages', childField: 'claim' },
			],
		});
		expect(relationsOf(relations, 'claim_lines').manyToOne.map((r) => r.field)).toEqual(['claim', 'receipt']);
		expect(relationsOf(relations, 'notes').manyToOne).toEqual([]);
	});
});

describe('asKey', () => {
	it.each([
		[12, 'integer', 12],
		['12', 'integer', 12],
		['-3', 'integer', -3],
		[12.5, 'integer', undefined],
		['12.0', 'integer', undefined],
		['12abc', 'integer', undefined],
		[1e20, 'integer', undefined],
		['99999999999999999999', 'integer', undefined],
		[true, 'integer', undefined],
		['', 'string', undefined],
		['3f0a7c1e-8b2d-4c5e-9f10-1a2b3c4d5e6f', 'uuid', '3f0a7c1e-8b2d-4c5e-9f10-1a2b3c4d5e6f'],
		['not-a-uuid', 'uuid', undefined],
		['x', 'string', 'x'],
	] as const)('%j as %s is %j', (value, type, key) => {
		expect(asKey(value, type)).toBe(key);
	});
});

describe('manyToOneReference', () => {
	it('reads every form Directus accepts', () => {
		expect(manyToOneReference(undefined, 'id', 'integer')).toBeNull();
		expect(manyToOneReference(null, 'id', 'integer')).toBeNull();
		expect(manyToOneReference(12, 'id', 'integer')).toEqual({ form: 'key', key: 12 });
		expect(manyToOneReference('12', 'id', 'integer')).toEqual({ form: 'key', key: 12 });
		expect(manyToOneReference({ id: 12 }, 'id', 'integer')).toEqual({ form: 'key', key: 12 });
		expect(manyToOneReference({ id: '12', status: 'Withdrawn' }, 'id', 'integer')).toEqual({ form: 'update', key: 12 });
		expect(manyToOneReference({ policy: 4 }, 'id', 'integer')).toEqual({ form: 'create', item: { policy: 4 } });
	});

	it('calls anything else invalid, so that no form slips past unread', () => {
		for (const value of [[12], [{ id: 12 }], true, 1.5, { id: { id: 12 } }, { id: null }, { id: [12] }]) {
			expect(manyToOneReference(value, 'id', 'integer')?.form, JSON.stringify(value)).toBe('invalid');
		}
	});
});

describe('oneToManyKeys', () => {
	it('names every existing item of the list form', () => {
		expect(oneToManyKeys([5, '6', { id: 7 }, { id: 8, description: 'x' }, { description: 'new' }], 'id', 'integer')).toEqual({ keys: [5, 6, 7, 8] });
	});

	it('names every existing item of the detailed form, new items included when they carry a key', () => {
		expect(oneToManyKeys({ create: [{ description: 'new' }, { id: 9 }], update: [{ id: 10, description: 'x' }], delete: [11, '12'] }, 'id', 'integer')).toEqual({ keys: [9, 10, 11, 12] });
		expect(oneToManyKeys({ create: [], update: [], delete: [] }, 'id', 'integer')).toEqual({ keys: [] });
	});

	it('names nothing for an absent value', () => {
		expect(oneToManyKeys(undefined, 'id', 'integer')).toEqual({ keys: [] });
		expect(oneToManyKeys(null, 'id', 'integer')).toEqual({ keys: [] });
	});

	it.each([
		[5, 'must be a list'],
		['5', 'must be a list'],
		[[true], 'neither a key nor an item'],
		[[[5]], 'neither a key nor an item'],
		[{ create: {} }, '"create" must be a list'],
		[{ create: [5] }, 'not an item'],
		[{ update: [5] }, 'not an item'],
		[{ update: [{ description: 'x' }] }, 'without "id"'],
		[{ delete: [{ id: 5 }] }, 'not a key'],
		[{ delete: [1.5] }, 'neither a key nor an item'],
		[{ remove: [5] }, 'only "create", "update" and "delete"'],
	])('refuses %j', (value, problem) => {
		const result = oneToManyKeys(value, 'id', 'integer');
		expect('problem' in result && result.problem).toContain(problem);
	});
});
