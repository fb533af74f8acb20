// Hooks are where every write path passes (REST, GraphQL, imports, Flows, other extensions'
// ItemsService calls): what a filter throws leaves through toDirectusError, so a refusal of
// the pure core reaches each of those callers as the same 400 naming its field.
import { defineHook } from '@directus/extensions-sdk';
import type { FilterHandler, HookConfig } from '@directus/types';
import { toDirectusError } from '../errors';

export function defineInsuranceHook(register: HookConfig): HookConfig {
	return defineHook((events, context) =>
		register(
			{
				...events,
				filter: <T>(event: string, handler: FilterHandler<T>) =>
					events.filter<T>(event, async (payload, meta, eventContext) => {
						try {
							return await handler(payload, meta, eventContext);
						} catch (error) {
							throw toDirectusError(error);
						}
					}),
			},
			context,
		),
	);
}
