// What the insurance panels share: periodic reloads (counts stay live on an open dashboard)
// and the Directus query strings they send.
import { onMounted, onUnmounted, ref, type Ref } from 'vue';

export const REFRESH_MS = 30_000;

/** Loads now and every REFRESH_MS while the panel is on screen. */
export function usePolling<T>(load: () => Promise<T>): { data: Ref<T | null>; error: Ref<string | null> } {
	const data = ref(null) as Ref<T | null>;
	const error = ref<string | null>(null);
	let timer: ReturnType<typeof setInterval> | undefined;
	const run = async () => {
		try {
			data.value = await load();
			error.value = null;
		} catch (failure) {
			const response = (failure as { response?: { data?: { errors?: { message: string }[] } } }).response;
			error.value = response?.data?.errors?.[0]?.message ?? String(failure);
		}
	};
	onMounted(() => {
		void run();
		timer = setInterval(run, REFRESH_MS);
	});
	onUnmounted(() => clearInterval(timer));
	return { data, error };
}

/** ?filter=…&… for GET /items: JSON filter, aggregates and groups as Directus reads them. */
export function itemsQuery(query: { filter?: object; fields?: string[]; aggregate?: Record<string, string>; groupBy?: string[]; limit?: number; sort?: string[] }) {
	const params = new URLSearchParams();
	if (query.filter) params.set('filter', JSON.stringify(query.filter));
	if (query.fields) params.set('fields', query.fields.join(','));
	for (const [fn, field] of Object.entries(query.aggregate ?? {})) params.set(`aggregate[${fn}]`, field);
	if (query.groupBy) params.set('groupBy', query.groupBy.join(','));
	if (query.sort) params.set('sort', query.sort.join(','));
	params.set('limit', String(query.limit ?? -1));
	return params.toString();
}

export const money = (value: number) => value.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const todayIso = () => new Date().toISOString().slice(0, 10);
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** The panels' styles, in the app's theme variables so light and dark themes both read well. */
export const PANEL_STYLE = `
.insurance-panel { height: 100%; overflow: auto; padding: 8px 12px; font-size: 14px; color: var(--theme--foreground); }
.insurance-panel table { width: 100%; border-collapse: collapse; }
.insurance-panel caption { text-align: left; color: var(--theme--foreground-subdued); padding-bottom: 4px; }
.insurance-panel th, .insurance-panel td { text-align: left; padding: 4px 6px; border-bottom: 1px solid var(--theme--border-color-subdued); }
.insurance-panel .num { text-align: right; font-variant-numeric: tabular-nums; }
.insurance-panel .figure { font-size: 32px; font-weight: 700; line-height: 1.2; }
.insurance-panel .sub { color: var(--theme--foreground-subdued); }
.insurance-panel .late { color: var(--theme--danger); font-weight: 600; }
.insurance-panel .error { color: var(--theme--danger); }
.insurance-panel svg text { fill: var(--theme--foreground); font-family: var(--theme--fonts--sans--font-family, sans-serif); }
`;
