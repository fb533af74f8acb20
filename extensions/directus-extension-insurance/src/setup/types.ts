import type { HookExtensionContext } from '@directus/extensions';

export type SetupContext = Pick<HookExtensionContext, 'services' | 'database' | 'getSchema' | 'env'>;
/** Prints one progress line of the setup. */
export type Say = (line: string) => void;

/** What the setup runs with: the full rights of the installation itself. */
export const SYSTEM_ADMIN = { admin: true, app: true, user: null, role: null, roles: [], ip: null } as const;
