export * from './parameters';
export * from './policy-rules';
export * from './servicing';
