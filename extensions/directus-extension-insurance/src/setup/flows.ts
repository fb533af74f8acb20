// seed/flows.yaml: the composite indexes of the job queries (some unique), and the Flows that
// schedule the jobs. Both idempotent: an index is created if missing, a Flow only if none has
// its name.
import { randomUUID } from 'node:crypto';
import type { SetupContext, Say } from './types';

export interface FlowsSeed {
	flows: {
		name: string;
		icon: string;
		color: string;
		description: string;
		cron: string;
		operation: { key: string; name: string; type: string; options: Record<string, unknown> };
	}[];
	indexes: Record<string, string[][]>;
}

export async function seedFlows(ctx: SetupContext, seed: FlowsSeed, say: Say) {
	const db = ctx.database;
	for (const [table, indexes] of Object.entries(seed.indexes)) {
		for (const columns of indexes) {
			const name = `${table}_${columns.join('_')}_jobs_index`;
			await db.raw(`create index if not exists ?? on ?? (${columns.map(() => '??').join(', ')})`, [name, table, ...columns]);
		}
	}

	for (const flow of seed.flows) {
		if (await db('directus_flows').where('name', flow.name).first('id')) continue;
		const flowId = randomUUID();
		const operationId = randomUUID();
		await db.transaction(async (trx) => {
			await trx('directus_flows').insert({
				id: flowId,
				name: flow.name,
				icon: flow.icon,
				color: flow.color,
				description: flow.description,
				status: 'active',
				trigger: 'schedule',
				accountability: 'all',
				options: JSON.stringify({ cron: flow.cron }),
			});
			await trx('directus_operations').insert({
				id: operationId,
				flow: flowId,
				key: flow.operation.key,
				name: flow.operation.name,
				type: flow.operation.type,
				position_x: 19,
				position_y: 1,
				options: JSON.stringify(flow.operation.options),
			});
			await trx('directus_flows').where('id', flowId).update({ operation: operationId });
		});
		say(`flows: "${flow.name}" created (${flow.cron})`);
	}
}
