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
