import type { Snapshot } from '@directus/types';
import { describe, expect, it } from 'vitest';
import { fieldsToRefresh } from './0003-staff-app-metadata';

const field = (collection: string, name: string, meta: Record<string, unknown>) => ({ collection, field: name, type: 'string', meta: { collection, field: name, ...meta }, schema: null });

describe('fieldsToRefresh', () => {
	it('takes the lifecycle statuses and the references shown by related values, nothing else', () => {
		const snapshot = {
			fields: [
				field('claims', 'status', { display: 'labels' }),
				field('webhook_deliveries', 'status', { display: 'labels' }),
				field('claims', 'client', { display: 'related-values', special: ['m2o'] }),
				field('claims', 'assigned_to', { display: 'user', special: ['m2o'] }),
				field('claims', 'decision_note', {}),
			],
		} as unknown as Snapshot;
		expect(fieldsToRefresh(snapshot).map((f) => `${f.collection}.${f.field}`)).toEqual(['claims.status', 'claims.client']);
	});
});
