// What each role may do, as data: SPEC §6 turned into a table the permission tests check
// against the running server on every path. Letters per collection: c r u d; lower case on
// every row, upper case only on the role's own rows (clients: their own; integrators: the
// clients of the portfolios they serve). A collection not listed: nothing at all.

export const COLLECTIONS = [
	'products',
	'product_benefits',
	'claim_line_kinds',
	'portfolios',
	'insurance_settings',
	'clients',
	'policies',
	'installments',
	'master_policies',
	'master_installments',
	'payments',
	'payment_allocations',
	'policy_change_requests',
	'cancellation_requests',
	'client_notices',
	'refunds',
	'policy_documents',
	'status_history',
	'insurance_events',
	'claims',
	'claim_lines',
	'claim_messages',
	'webhook_subscriptions',
	'webhook_deliveries',
	'insurance_seeded_permissions',
	'directus_files',
] as const;
export type Collection = (typeof COLLECTIONS)[number];
/** Claim line kinds are keyed by their code; every other collection by its id. */
export const primaryKey = (collection: Collection) => (collection === 'claim_line_kinds' ? 'code' : 'id');
export const ACTIONS = ['create', 'read', 'update', 'delete'] as const;
export type Action = (typeof ACTIONS)[number];
export type Access = 'none' | 'full' | 'partial';

export const ROLES = ['Administrator', 'Business Admin', 'Claims Department', 'Call Center', 'Manager', 'Administration', 'Client', 'Integrator'] as const;
export type Role = (typeof ROLES)[number];

const CONTRACTS = { clients: 'r', policies: 'r', installments: 'r', master_policies: 'r', master_installments: 'r', policy_change_requests: 'r', cancellation_requests: 'r', client_notices: 'r', refunds: 'r', policy_documents: 'r' } as const;

const GRANTS: Record<Role, Partial<Record<Collection, string>>> = {
	Administrator: Object.fromEntries(COLLECTIONS.map((c) => [c, 'crud'])),
	'Business Admin': {
		products: 'cru',
		product_benefits: 'crud',
		claim_line_kinds: 'cru',
		portfolios: 'cru',
		insurance_settings: 'cru',
		...CONTRACTS,
		payments: 'r',
		payment_allocations: 'r',
		claims: 'r',
		claim_lines: 'r',
		claim_messages: 'r',
		status_history: 'r',
		insurance_events: 'r',
		webhook_subscriptions: 'crud',
		webhook_deliveries: 'r',
		directus_files: 'r',
	},
	'Claims Department': {
		products: 'r',
		product_benefits: 'r',
		claim_line_kinds: 'r',
		portfolios: 'r',
		insurance_settings: 'r',
		...CONTRACTS,
		claims: 'ru',
		claim_lines: 'ru',
		claim_messages: 'cr',
		status_history: 'r',
		directus_files: 'cr',
	},
	'Call Center': {
		products: 'r',
		product_benefits: 'r',
		claim_line_kinds: 'r',
		portfolios: 'r',
		insurance_settings: 'r',
		clients: 'r',
		policies: 'r',
		installments: 'r',
		policy_documents: 'r',
		master_policies: 'r',
		master_installments: 'r',
		cancellation_requests: 'r',
		policy_change_requests: 'cru',
		claims: 'cru',
		claim_lines: 'cr',
		claim_messages: 'cr',
		status_history: 'r',
		directus_files: 'cr',
	},
	Manager: {
		products: 'r',
		product_benefits: 'r',
		claim_line_kinds: 'r',
		portfolios: 'r',
		insurance_settings: 'r',
		...CONTRACTS,
		policies: 'ru',
		master_policies: 'ru',
		policy_change_requests: 'cru',
		payments: 'r',
		payment_allocations: 'r',
		claims: 'ru',
		claim_lines: 'ru',
		claim_messages: 'cr',
		status_history: 'r',
		insurance_events: 'r',
		webhook_deliveries: 'r',
		directus_files: 'r',
	},
	Administration: {
		products: 'r',
		product_benefits: 'r',
		claim_line_kinds: 'r',
		portfolios: 'r',
		insurance_settings: 'r',
		...CONTRACTS,
		policies: 'ru',
		master_policies: 'ru',
		policy_change_requests: 'cru',
		refunds: 'ru',
		payments: 'cru',
		payment_allocations: 'crd',
		claims: 'ru',
		claim_lines: 'r',
		claim_messages: 'r',
		status_history: 'r',
		directus_files: 'r',
	},
	Client: { products: 'r', product_benefits: 'R', claim_line_kinds: 'R', clients: 'R', policies: 'R', installments: 'R', client_notices: 'R', refunds: 'R', policy_documents: 'R', claims: 'cRU', claim_lines: 'cR', claim_messages: 'cR', directus_files: 'cR' },
	Integrator: { products: 'r', claim_line_kinds: 'R', clients: 'R', policies: 'R', installments: 'R', claims: 'cRU', claim_lines: 'cR', claim_messages: 'R', directus_files: 'cR' },
};

/** Writes limited to some fields; every other grant is on all fields ('*'). */
const CLAIM_INTAKE = ['policy', 'client', 'lines'];
const LINE_INTAKE = ['claim', 'kind', 'description', 'service_date', 'quantity', 'unit_amount', 'receipt', 'amount_claimed'];
const CLAIM_DECISION = ['status', 'assigned_to', 'decision_note'];
const LINE_DECISION = ['amount_approved', 'rejection_reason'];
const MESSAGE = ['claim', 'kind', 'body', 'attachment'];
const SERVICING = ['status', 'status_reason', 'end_date'];
export const FIELD_LIMITS: Partial<Record<Role, Partial<Record<`${Collection}.${Action}`, string[]>>>> = {
	'Claims Department': { 'claims.update': CLAIM_DECISION, 'claim_lines.update': LINE_DECISION, 'claim_messages.create': MESSAGE },
	'Call Center': { 'claims.create': CLAIM_INTAKE, 'claims.update': ['status'], 'claim_lines.create': LINE_INTAKE, 'claim_messages.create': MESSAGE },
	Manager: { 'policies.update': SERVICING, 'master_policies.update': SERVICING, 'claims.update': CLAIM_DECISION, 'claim_lines.update': LINE_DECISION, 'claim_messages.create': MESSAGE },
	Administration: { 'policies.update': SERVICING, 'master_policies.update': SERVICING, 'claims.update': ['status', 'payment_reference'], 'refunds.update': ['status', 'payment_reference'] },
	Client: {
		'products.read': ['id', 'code', 'name', 'currency', 'description', 'annual_deductible', 'benefits'],
		'policies.read': ['id', 'policy_number', 'status', 'client', 'product', 'master_policy', 'contract_dates', 'proposal_date', 'begin_date', 'end_date', 'contract_terms', 'premium_amount', 'coverage_limit', 'currency', 'status_reason', 'installments', 'claims'],
		'claims.read': ['id', 'claim_number', 'status', 'policy', 'client', 'submitted_at', 'decision_due_date', 'total_claimed', 'total_approved', 'decision_note', 'decided_at', 'decision_letter', 'payment_reference', 'paid_at', 'lines', 'messages', 'date_created'],
		'claims.create': CLAIM_INTAKE,
		'claims.update': ['status'],
		'claim_lines.read': ['id', 'claim', 'kind', 'description', 'service_date', 'quantity', 'unit_amount', 'amount_claimed', 'proposal', 'amount_eligible', 'amount_deductible', 'amount_copay', 'adjudication', 'amount_approved', 'rejection_reason', 'receipt'],
		'claim_lines.create': LINE_INTAKE,
		'claim_messages.create': ['claim', 'kind', 'body', 'attachment'],
	},
	Integrator: { 'claims.create': CLAIM_INTAKE, 'claims.update': ['status'], 'claim_lines.create': LINE_INTAKE },
};

/**
 * The insurer's working fields on rows a client reads: queue and escalation, channel, lapse
 * delay, portfolio, the proposal before a decision, receipt fingerprints. Staff only, on every path.
 */
export const STAFF_ONLY_FIELDS: Partial<Record<Collection, string[]>> = {
	policies: ['days_after_unpaid_due_date', 'portfolio'],
	claims: ['channel', 'assigned_to', 'assigned_team', 'overdue', 'escalated_at', 'user_created'],
	claim_lines: ['amount_benefit', 'benefit_terms', 'receipt_hash'],
};

const LETTER: Record<Action, string> = { create: 'c', read: 'r', update: 'u', delete: 'd' };

/** The access /permissions/me must report: none, full (every row) or partial (a row filter). */
export function expectedAccess(role: Role, collection: Collection, action: Action): Access {
	const grant = GRANTS[role][collection] ?? '';
	if (grant.includes(LETTER[action])) return 'full';
	if (grant.includes(LETTER[action].toUpperCase())) return 'partial';
	return 'none';
}

export function expectedFields(role: Role, collection: Collection, action: Action): string[] {
	return [...(FIELD_LIMITS[role]?.[`${collection}.${action}`] ?? ['*'])].sort();
}

/**
 * Who reads the decision letter of a claim of the demo client (SPEC §9: the claim's client; staff
 * read every file). Integrators read the receipts of the claims they file, not the letters.
 */
export const DECISION_LETTER_READERS: readonly Role[] = ['Administrator', 'Business Admin', 'Claims Department', 'Call Center', 'Manager', 'Administration', 'Client'];

/** Our /insurance endpoints that change a policy, and the roles that may call them. */
export const POLICY_ENDPOINTS: { name: string; path: (policy: number) => string; body: Record<string, unknown>; roles: Role[]; to: string }[] = [
	{ name: 'transition', path: (id) => `/insurance/policies/${id}/transition`, body: { to: 'Withdraw' }, roles: ['Administrator', 'Manager', 'Administration'], to: 'Withdraw' },
	{
		name: 'cancel',
		path: (id) => `/insurance/policies/${id}/cancel`,
		body: { reason_type: 'Surrender', effective_date: '2026-12-01' },
		roles: ['Administrator', 'Manager', 'Administration'],
		to: 'Surrendered',
	},
];
