import { describe, expect, it } from 'vitest';
import { retrying, workPages } from './pages';

/** One turn of the event loop and a little more: another page may start meanwhile. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('workPages', () => {
	it('works every page once, in order of start, never more at once than the workers', async () => {
		const started: number[] = [];
		let running = 0;
		let most = 0;
		await workPages([1, 2, 3, 4, 5], 2, async (page) => {
			started.push(page);
			most = Math.max(most, ++running);
			await tick();
			running--;
		});
		expect(started).toEqual([1, 2, 3, 4, 5]);
		expect(most).toBe(2);
	});

	it('works one page at a time with one worker, and nothing without pages', async () => {
		let running = 0;
		let most = 0;
		await workPages([1, 2, 3], 1, async () => {
			most = Math.max(most, ++running);
			await tick();
			running--;
		});
		expect(most).toBe(1);
		await expect(workPages([], 2, async () => Promise.reject(new Error('no page to work')))).resolves.toBeUndefined();
	});

	it('starts no page after a failure and throws it once the page under way has ended', async () => {
		const ended: number[] = [];
		const run = workPages([1, 2, 3, 4], 2, async (page) => {
			if (page === 1) throw new Error('page 1 failed');
			await tick();
			await tick();
			ended.push(page);
		});
		await expect(run).rejects.toThrow('page 1 failed');
		// Page 2 was under way when page 1 failed: it ended before the failure was thrown; 3 and 4 never started.
		expect(ended).toEqual([2]);
	});

	it('throws the first failure when two pages fail', async () => {
		await expect(
			workPages([1, 2], 2, async (page) => {
				await tick();
				throw new Error(`page ${page} failed`);
			}),
		).rejects.toThrow('page 1 failed');
	});
});

describe('retrying', () => {
	const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
	const isDeadlock = (error: unknown) => (error as { code?: string }).code === '40P01';

	it('works again after a retryable failure and returns what the attempt that succeeded returned', async () => {
		let attempts = 0;
		const result = await retrying(3, isDeadlock, async () => {
			attempts++;
			if (attempts < 3) throw deadlock;
			return 'committed';
		});
		expect(result).toBe('committed');
		expect(attempts).toBe(3);
	});

	it('gives up after the attempts allowed, with the last failure', async () => {
		let attempts = 0;
		await expect(
			retrying(3, isDeadlock, async () => {
				attempts++;
				throw deadlock;
			}),
		).rejects.toBe(deadlock);
		expect(attempts).toBe(3);
	});

	it('never works again after a failure that is not retryable', async () => {
		let attempts = 0;
		await expect(
			retrying(3, isDeadlock, async () => {
				attempts++;
				throw new Error('check constraint violated');
			}),
		).rejects.toThrow('check constraint violated');
		expect(attempts).toBe(1);
	});
});
