// Live updates: a realtime subscription that calls back for every change the client may see.
import { directus, ensureRealtime } from '../api';
import type { Page } from '../main';

type Row = Record<string, unknown> & { id: number | string };

/** What to watch: a query over the collection, narrowed to one item where the page shows one. */
type Watched = { query: Record<string, unknown>; item?: string | number };

/**
 * Subscribes while the page is shown. A collection subscription is read again for every change
 * to the collection (events of other items are filtered out by Directus' permissions); one to an
 * item only when that item changes, so a page about one claim costs nothing when others change.
 */
export async function watch(page: Page, collection: string, { query, item }: Watched, onChange: (rows: Row[], event: string) => void) {
	if (!(await ensureRealtime())) return;
	let stopped = false;
	const options = item === undefined ? { query } : { query, item: String(item) };
	const { subscription, unsubscribe } = await directus.subscribe(collection as never, options as never);
	page.onLeave(() => {
		stopped = true;
		unsubscribe();
	});
	void (async () => {
		for await (const message of subscription) {
			if (stopped) break;
			const { event, data } = message as { event?: string; data?: Row[] | Row | string };
			if (!event || event === 'init') continue;
			// An item subscription answers with the item itself (or its key once deleted).
			if (Array.isArray(data)) onChange(data, event);
			else if (data && typeof data === 'object') onChange([data], event);
		}
	})();
}
