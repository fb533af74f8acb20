export * from './errors';
export * from './types';
export * from './money';
export * from './dates';
export * from './schedule';
export * from './allocation';
export * from './master-aggregation';
export * from './refund';
