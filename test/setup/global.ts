// One Directus for the whole integration run, started by the project's own start code on a
// scratch database (SQLite, or Postgres with TEST_DB=postgres).
import type { TestProject } from 'vitest/node';
import { scratchDatabase, startInstance } from '../helpers/instance';

declare module 'vitest' {
	export interface ProvidedContext {
		directusUrl: string;
		directusEnv: Record<string, string>;
	}
}

export default async function setup(project: TestProject) {
	const database = await scratchDatabase('suite');
	// An owner named at bootstrap: Directus asks an administrator without one to register the project first.
	const instance = await startInstance({ ...database.env, ...smtpEnv(), PROJECT_OWNER: 'admin@example.com' });
	project.provide('directusUrl', instance.url);
	project.provide('directusEnv', instance.env);
	return async () => {
		await instance.stop();
		await database.drop();
	};
}

function smtpEnv(): Record<string, string> {
	return process.env['TEST_SMTP_PORT'] ? { EMAIL_SMTP_PORT: process.env['TEST_SMTP_PORT'] } : {};
}
