/** Policies whose schedule is still billed: statements and unpaid marks apply to them only. */
export const LIVE_POLICY_STATUSES = ['Proposal', 'Issued', 'InForce'];

/** Master policies whose schedule is still aggregated from their members. */
export const LIVE_MASTER_STATUSES = ['Draft', 'Proposal', 'Issued', 'InForce'];
