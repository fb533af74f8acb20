// Flow operations get no event emitter in their context; the job-scheduler hook hands it over
// when the extension loads, so job runs started by a Flow announce their transitions too.
import type { ApiExtensionContext } from '@directus/types';
import type { Platform } from '../engine';

let emitter: Platform['emitter'] | undefined;

export function registerEmitter(value: Platform['emitter']) {
	emitter = value;
}

export function platformOf(context: Pick<ApiExtensionContext, 'services' | 'getSchema' | 'database'>): Platform {
	if (!emitter) throw new Error('insurance jobs: the job-scheduler hook is not loaded');
	return { services: context.services, getSchema: context.getSchema, database: context.database, emitter };
}
