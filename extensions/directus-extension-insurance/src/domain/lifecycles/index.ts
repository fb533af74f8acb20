// Lifecycles of policies, master policies, installments, change requests and claims:
// the transition tables as data and the pure rules over them. No Directus, no I/O.
export * from './types';
export * from './tables';
export * from './rules';
export * from './actions';
