import type { HookExtensionContext } from '@directus/extensions';
import type { Accountability } from '@directus/types';

export type SetupContext = Pick<HookExtensionContext, 'services' | 'database' | 'getSchema' | 'env'>;
/** Prints one progress line of the setup. */
export type Say = (line: string) => void;

/** What the setup runs with: the full rights of the installation itself. */
export const SYSTEM_ADMIN: Accountability = { admin: true, app: true, user: null, role: null, roles: [], ip: null };
