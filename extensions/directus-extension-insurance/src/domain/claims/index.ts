// Claims: arithmetic, decisions, approval limit, coverage and service level. No Directus, no I/O.
export * from './claims';
