// Claims: arithmetic, decisions, approval limit, coverage, service level, benefits and
// adjudication. No Directus, no I/O.
export * from './adjudication';
export * from './benefits';
export * from './claims';
