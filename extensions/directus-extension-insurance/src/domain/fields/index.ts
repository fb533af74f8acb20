// Fields a Business Admin adds: to which collections, of which types, with which interface.
// Shared by the endpoint that creates them and the app page that offers them.

/** Business collections; system, engine-written and history collections are not extended. */
export const EXTENSIBLE_COLLECTIONS = [
	'products',
	'portfolios',
	'clients',
	'policies',
	'installments',
	'master_policies',
	'master_installments',
	'payments',
	'policy_change_requests',
	'cancellation_requests',
	'claims',
	'claim_lines',
	'claim_messages',
] as const;

/** Directus field types an admin may choose, with the interface a new field gets and its name in the app. */
export const FIELD_TYPES = {
	string: { interface: 'input', label: 'Text (one line)' },
	text: { interface: 'input-multiline', label: 'Long text' },
	integer: { interface: 'input', label: 'Whole number' },
	decimal: { interface: 'input', label: 'Decimal (amounts)' },
	boolean: { interface: 'boolean', label: 'Yes / no' },
	date: { interface: 'datetime', label: 'Date' },
	timestamp: { interface: 'datetime', label: 'Date and time' },
} as const satisfies Record<string, { interface: string; label: string }>;

export type FieldType = keyof typeof FIELD_TYPES;
