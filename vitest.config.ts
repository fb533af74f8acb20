import { defineConfig } from 'vitest/config';

// Two projects: pure unit tests beside the code, and integration tests that start a real
// Directus (SQLite by default, Postgres when TEST_DB=postgres) once per run.
export default defineConfig({
	test: {
		projects: [
			{
				test: {
					name: 'unit',
					include: ['extensions/*/src/**/*.test.ts', 'scripts/**/*.test.ts'],
					environment: 'node',
				},
			},
			{
				test: {
					name: 'integration',
					include: ['test/**/*.test.ts'],
					// The app's requests per page do not depend on the database: the four-minute crawl of
					// every staff page runs once, on SQLite.
					exclude: process.env['TEST_DB'] === 'postgres' ? ['test/browser/staff-crawl.test.ts'] : [],
					globalSetup: ['test/setup/global.ts'],
					environment: 'node',
					testTimeout: 120_000,
					hookTimeout: 300_000,
					fileParallelism: false,
				},
			},
		],
	},
});
