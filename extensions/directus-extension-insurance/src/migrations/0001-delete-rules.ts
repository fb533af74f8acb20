// Release 0.2.0: the delete rules an insurer expects. Release 0.1.0 left most foreign keys on
// SET NULL, so deleting a policy with claims failed inside the database (claims.policy is NOT
// NULL) and deleting a payment silently dropped its allocations without giving the money back.
//
// RESTRICT: a record that others document stays until they are gone (the delete-guard hook
// answers 409 naming them). CASCADE (unchanged): parts that exist only inside their parent,
// i.e. a policy's installment schedule, an installment's allocations (the lapse and schedule
// changes rely on it), a master policy's schedule, a claim's lines and messages, a webhook's
// deliveries. SET NULL (unchanged): optional links (portfolio, users, teams).
import type { Migration } from '../setup/migrate';
import { setDeleteRules, type DeleteRule } from '../setup/schema';

export const DELETE_RULES: { collection: string; field: string; onDelete: DeleteRule }[] = [
	// Products and clients with contracts, claims or payments.
	{ collection: 'policies', field: 'product', onDelete: 'RESTRICT' },
	{ collection: 'master_policies', field: 'product', onDelete: 'RESTRICT' },
	{ collection: 'policies', field: 'client', onDelete: 'RESTRICT' },
	{ collection: 'master_policies', field: 'client', onDelete: 'RESTRICT' },
	{ collection: 'claims', field: 'client', onDelete: 'RESTRICT' },
	{ collection: 'payments', field: 'client', onDelete: 'RESTRICT' },
	// A group contract with members; a contract with claims, endorsements or cancellations.
	{ collection: 'policies', field: 'master_policy', onDelete: 'RESTRICT' },
	{ collection: 'claims', field: 'policy', onDelete: 'RESTRICT' },
	{ collection: 'policy_change_requests', field: 'policy', onDelete: 'RESTRICT' },
	{ collection: 'cancellation_requests', field: 'policy', onDelete: 'RESTRICT' },
	{ collection: 'cancellation_requests', field: 'master_policy', onDelete: 'RESTRICT' },
	// Money applied to installments: delete the allocations first (that gives the money back).
	{ collection: 'payment_allocations', field: 'payment', onDelete: 'RESTRICT' },
	// A receipt is the evidence of a claim line.
	{ collection: 'claim_lines', field: 'receipt', onDelete: 'RESTRICT' },
];

export const deleteRules: Migration = {
	version: '0001',
	name: 'delete-rules',
	async up(ctx, say) {
		const changed = await setDeleteRules(ctx, DELETE_RULES);
		say(`migration 0001 delete-rules: ${changed} relations changed`);
	},
};
