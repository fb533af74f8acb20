// How a job's pages are worked: a few at once, and a page the database rolled back to break a
// deadlock worked again. Plain control flow, apart from the transactions it is given.

/**
 * Works `pages` with up to `workers` at once, each worker taking the next page in order. After a
 * failure no page starts; the failure is thrown once the pages under way have ended, so nothing
 * still writes when the caller records the run as failed.
 */
export async function workPages<T>(pages: readonly T[], workers: number, work: (page: T) => Promise<void>): Promise<void> {
	let next = 0;
	let failed = false;
	let failure: unknown;
	const worker = async () => {
		while (!failed && next < pages.length) {
			const page = pages[next++]!;
			try {
				await work(page);
			} catch (error) {
				if (!failed) failure = error;
				failed = true;
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, pages.length)) }, worker));
	if (failed) throw failure;
}

/** `attempt` again while it fails with an error `retryable` accepts, `attempts` times in all. */
export async function retrying<T>(attempts: number, retryable: (error: unknown) => boolean, attempt: () => Promise<T>): Promise<T> {
	for (let tried = 1; ; tried++) {
		try {
			return await attempt();
		} catch (error) {
			if (tried >= attempts || !retryable(error)) throw error;
		}
	}
}
