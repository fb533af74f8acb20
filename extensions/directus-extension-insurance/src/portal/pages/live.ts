// Live updates: a realtime subscription that calls back for every change the client may see.
import { directus, ensureRealtime } from '../api';
import type { Page } from '../main';

type Row = Record<string, unknown> & { id: number | string };

/** Subscribes while the page is shown; events of other items are filtered out by Directus' permissions. */
export async function watch(page: Page, collection: string, query: Record<string, unknown>, onChange: (rows: Row[], event: string) => void) {
	if (!(await ensureRealtime())) return;
	let stopped = false;
	const { subscription, unsubscribe } = await directus.subscribe(collection as never, { query: query as never });
	page.onLeave(() => {
		stopped = true;
		unsubscribe();
	});
	void (async () => {
		for await (const message of subscription) {
			if (stopped) break;
			const { event, data } = message as { event?: string; data?: Row[] };
			if (event && event !== 'init' && Array.isArray(data)) onChange(data, event);
		}
	})();
}
