import { describe, expect, it } from 'vitest';
import { permissionChecksum, planPermissionSync, type PermissionContent } from './permission-sync';

const own: PermissionContent = { fields: ['*'], permissions: { client: { user: { _eq: '$CURRENT_USER' } } }, validation: {}, presets: null };
const all: PermissionContent = { fields: ['*'], permissions: {}, validation: {}, presets: null };
const want = (content: PermissionContent, collection = 'claims', action = 'read') => ({ collection, action, content });
const row = (id: number, content: PermissionContent, collection = 'claims', action = 'read') => ({ id, collection, action, content });
const record = (id: number, content: PermissionContent, collection = 'claims', action = 'read') => ({ id, collection, action, checksum: permissionChecksum(content) });

describe('permissionChecksum', () => {
	it('ignores key order, field order and empty versus null', () => {
		expect(permissionChecksum({ fields: ['b', 'a'], permissions: { x: 1, y: { b: 2, a: 1 } }, validation: null, presets: {} })).toBe(
			permissionChecksum({ fields: ['a', 'b'], permissions: { y: { a: 1, b: 2 }, x: 1 }, validation: {}, presets: null }),
		);
	});
	it('tells different rules apart', () => {
		expect(permissionChecksum(own)).not.toBe(permissionChecksum(all));
		expect(permissionChecksum({ ...all, fields: ['id'] })).not.toBe(permissionChecksum(all));
	});
});

describe('planPermissionSync', () => {
	it('creates what is missing on a fresh install', () => {
		expect(planPermissionSync([want(own)], [], [])).toEqual([{ kind: 'create', collection: 'claims', action: 'read', content: own }]);
	});
	it('does nothing when the seeded row is as the seed wants it', () => {
		expect(planPermissionSync([want(own)], [row(1, own)], [record(7, own)])).toEqual([]);
	});
	it('brings an untouched seeded row up to date with a new seed', () => {
		expect(planPermissionSync([want(own)], [row(1, all)], [record(7, all)])).toEqual([
			{ kind: 'update', collection: 'claims', action: 'read', permissionId: 1, recordId: 7, content: own },
		]);
	});
	it('leaves a row the administrator changed and stops managing it', () => {
		const tuned = { ...own, fields: ['id', 'status'] };
		expect(planPermissionSync([want(all)], [row(1, tuned)], [record(7, own)])).toEqual([{ kind: 'forget', collection: 'claims', action: 'read', recordId: 7 }]);
		expect(planPermissionSync([want(all)], [row(1, tuned)], [])).toEqual([{ kind: 'keep', collection: 'claims', action: 'read' }]);
	});
	it('does not recreate a seeded row the administrator deleted', () => {
		expect(planPermissionSync([want(own)], [], [record(7, own)])).toEqual([{ kind: 'keep', collection: 'claims', action: 'read' }]);
	});
	it('adopts an identical unrecorded row and keeps a different one', () => {
		expect(planPermissionSync([want(own)], [row(1, own)], [])).toEqual([{ kind: 'adopt', collection: 'claims', action: 'read', content: own }]);
	});
	it('removes an untouched row the seed no longer grants, but not a changed one', () => {
		expect(planPermissionSync([], [row(1, all, 'status_history')], [record(7, all, 'status_history')])).toEqual([
			{ kind: 'delete', collection: 'status_history', action: 'read', permissionId: 1, recordId: 7 },
		]);
		expect(planPermissionSync([], [row(1, own, 'status_history')], [record(7, all, 'status_history')])).toEqual([
			{ kind: 'forget', collection: 'status_history', action: 'read', recordId: 7 },
		]);
		expect(planPermissionSync([], [], [record(7, all, 'status_history')])).toEqual([{ kind: 'forget', collection: 'status_history', action: 'read', recordId: 7 }]);
	});
	it('never touches rows the seed never wrote', () => {
		expect(planPermissionSync([], [row(1, all, 'directus_flows', 'create')], [])).toEqual([]);
	});
});
