// A grant names a right the lifecycle tables know, on every write path (the app, REST single,
// batch and by query, GraphQL, imports): a misspelt action would grant nothing and say nothing.
import type { PrimaryKey } from '@directus/types';
import { grantProblem } from '../../domain/lifecycles';
import { InvalidInputError } from '../../errors';
import { defineInsuranceHook } from '../boundary';

type Row = Record<string, unknown>;

function check(rows: Row[]) {
	for (const row of rows) {
		const problem = grantProblem(row['lifecycle'], row['action']);
		if (problem) throw new InvalidInputError(problem);
	}
}

export default defineInsuranceHook(({ filter }) => {
	filter('transition_permissions.items.create', (payload) => {
		check([payload as Row]);
		return payload;
	});

	filter('transition_permissions.items.update', async (payload, meta, { database }) => {
		const changes = payload as Row;
		if (!('lifecycle' in changes) && !('action' in changes)) return payload;
		const stored: Row[] = await database('transition_permissions').whereIn('id', meta['keys'] as PrimaryKey[]).select('lifecycle', 'action');
		check(stored.map((row) => ({ ...row, ...changes })));
		return payload;
	});
});
