// The insurance data model, compactly. `npm run snapshot` turns it into schema.yaml, the
// Directus schema snapshot that `npm start` applies; edit this file, not the YAML.
// Status choices must equal the lifecycle tables (a unit test checks it).

const FREQUENCIES = ['monthly', 'quarterly', 'yearly'];
const POLICY_STATUSES = ['Proposal', 'Issued', 'InForce', 'Withdraw', 'Surrendered', 'WithdrawClientRequest', 'ClosedByClaim', 'DeclineScreening', 'Lapsed', 'Maturity'];
const MASTER_POLICY_STATUSES = ['Draft', 'Proposal', 'Issued', 'InForce', 'Withdraw', 'Cancelled', 'Lapsed', 'Maturity', 'WithdrawClientRequest'];
const INSTALLMENT_STATUSES = ['OnTime', 'StatementIssued', 'Paid', 'Unpaid'];
const CHANGE_REQUEST_STATUSES = ['Draft', 'Registered', 'Cancelled', 'Accepted', 'Declined'];
const CLAIM_STATUSES = ['Draft', 'Submitted', 'InReview', 'InformationRequested', 'PendingApproval', 'Approved', 'Rejected', 'Paid', 'Withdrawn'];
const REASON_TYPES = ['DeclineByScreening', 'Withdrawal', 'Surrender', 'ClosedByClaim', 'ClientRequest', 'Duplicate', 'InsurerDecision'];

export const statusChoices = {
	policies: POLICY_STATUSES,
	master_policies: MASTER_POLICY_STATUSES,
	installments: INSTALLMENT_STATUSES,
	master_installments: INSTALLMENT_STATUSES,
	policy_change_requests: CHANGE_REQUEST_STATUSES,
	claims: CLAIM_STATUSES,
};

// Field builders: each returns { field, type, meta, schema, relation? }.
const id = () => ({ field: 'id', type: 'integer', pk: true, meta: { hidden: true, readonly: true, interface: 'input' } });
const string = (field, o = {}) => ({ field, type: 'string', length: o.length ?? 255, ...o, meta: { interface: 'input', ...o.meta } });
const text = (field, o = {}) => ({ field, type: 'text', ...o, meta: { interface: 'input-multiline', ...o.meta } });
const integer = (field, o = {}) => ({ field, type: 'integer', ...o, meta: { interface: 'input', ...o.meta } });
const money = (field, o = {}) => ({ field, type: 'decimal', precision: 12, scale: 2, ...o, meta: { interface: 'input', display: 'formatted-value', options: { min: 0 }, ...o.meta } });
const boolean = (field, o = {}) => ({ field, type: 'boolean', nullable: false, default: false, ...o, meta: { interface: 'boolean', display: 'boolean', special: ['cast-boolean'], ...o.meta } });
const date = (field, o = {}) => ({ field, type: 'date', ...o, meta: { interface: 'datetime', display: 'datetime', display_options: { format: 'short' }, ...o.meta } });
const timestamp = (field, o = {}) => ({ field, type: 'timestamp', ...o, meta: { interface: 'datetime', display: 'datetime', display_options: { relative: true }, ...o.meta } });
const json = (field, o = {}) => ({ field, type: 'json', ...o, meta: { interface: 'input-code', options: { language: 'JSON' }, special: ['cast-json'], ...o.meta } });
const choice = (field, values, o = {}) =>
	string(field, {
		length: 40,
		...o,
		meta: {
			interface: 'select-dropdown',
			display: 'labels',
			options: { choices: values.map((value) => ({ text: value, value })) },
			display_options: { showAsDot: true },
			...o.meta,
		},
	});
const status = (collection, o = {}) =>
	choice('status', statusChoices[collection], {
		nullable: false,
		indexed: true,
		default: statusChoices[collection][0],
		...o,
		meta: { width: 'half', note: 'Changes only along the lifecycle (GET /insurance/lifecycles).', ...o.meta },
	});
const m2o = (field, related, o = {}) => ({
	field,
	type: related.startsWith('directus_') ? 'uuid' : 'integer',
	indexed: true,
	...o,
	meta: {
		interface: related === 'directus_files' ? 'file' : related === 'directus_users' ? 'select-dropdown-m2o' : 'select-dropdown-m2o',
		display: related === 'directus_files' ? 'file' : related === 'directus_users' ? 'user' : 'related-values',
		special: related === 'directus_files' ? ['file'] : ['m2o'],
		...o.meta,
	},
	relation: { related, onDelete: o.onDelete ?? 'SET NULL', oneField: o.oneField ?? null },
});
const o2m = (field, meta = {}) => ({ field, type: 'alias', alias: true, meta: { interface: 'list-o2m', special: ['o2m'], ...meta } });
const userCreated = () => ({ field: 'user_created', type: 'uuid', meta: { special: ['user-created'], interface: 'select-dropdown-m2o', display: 'user', readonly: true, hidden: true, width: 'half' }, relation: { related: 'directus_users', onDelete: 'SET NULL' } });
const dateCreated = () => ({ field: 'date_created', type: 'timestamp', meta: { special: ['date-created'], interface: 'datetime', display: 'datetime', display_options: { relative: true }, readonly: true, hidden: true, width: 'half' } });
const group = (field, o = {}) => ({ field, type: 'alias', alias: true, ...o, meta: { interface: 'group-detail', special: ['alias', 'no-data', 'group'], options: { start: 'open' }, ...o.meta } });

const half = { width: 'half' };
const req = { required: true };

export const collections = [
	{
		collection: 'insurance_settings',
		singleton: true,
		icon: 'tune',
		note: 'Defaults for every insurance parameter, the time zone and the hour of the daily jobs.',
		fields: [
			id(),
			string('time_zone', { default: 'Europe/Paris', nullable: false, meta: { ...half, note: 'IANA time zone of the insurer; dates and the daily jobs follow it.' } }),
			integer('job_hour', { default: 4, nullable: false, meta: { ...half, note: 'Local hour (0–23) at which the daily jobs run.', options: { min: 0, max: 23 } } }),
			string('currency', { length: 3, default: 'EUR', nullable: false, meta: half }),
			integer('days_after_unpaid_due_date', { default: 30, nullable: false, meta: { ...half, note: 'Days an installment may stay Unpaid before the policy lapses.' } }),
			integer('proposal_withdraw_days', { default: 30, nullable: false, meta: { ...half, note: 'PWDAY: days a proposal waits for its first premium before it is withdrawn.' } }),
			integer('master_proposal_withdraw_days', { default: 30, nullable: false, meta: { ...half, note: 'Days a master policy may stay in Proposal before it is withdrawn.' } }),
			integer('statement_lead_days', { default: 15, nullable: false, meta: { ...half, note: 'Statements are issued this many days before the due date.' } }),
			integer('cooling_off_days', { default: 14, nullable: false, meta: { ...half, note: 'Default cooling-off period of products.' } }),
			money('claim_approval_limit', { default: 1000, nullable: false, meta: { ...half, note: 'Default approved total above which a Manager decides.' } }),
			integer('claim_service_level_days', { default: 10, nullable: false, meta: { ...half, note: 'Business days within which an open claim must be decided.' } }),
			integer('webhook_max_attempts', { default: 8, nullable: false, meta: { ...half, note: 'Delivery attempts before a webhook event is dead-lettered.' } }),
		],
	},
	{
		collection: 'products',
		icon: 'inventory_2',
		display_template: '{{code}} · {{name}}',
		note: 'Insurance products and their parameters.',
		sort: 1,
		fields: [
			id(),
			string('code', { length: 40, nullable: false, unique: true, meta: { ...half, ...req, note: 'Short unique code, e.g. HEALTH-IND.' } }),
			string('name', { nullable: false, meta: { ...half, ...req } }),
			boolean('automatic_inforce', { meta: { ...half, note: 'Issued policies go InForce by themselves on their begin date.' } }),
			choice('premium_frequency', FREQUENCIES, { default: 'monthly', nullable: false, meta: { ...half, display_options: { showAsDot: false } } }),
			money('coverage_limit', { meta: { ...half, note: 'Default coverage of new policies; paid claims count against it.' } }),
			money('claim_approval_limit', { meta: { ...half, note: 'Claims approved above this total need a Manager.' } }),
			integer('cooling_off_days', { meta: { ...half, note: 'Days after the begin date in which a client may withdraw.' } }),
			string('currency', { length: 3, default: 'EUR', nullable: false, meta: half }),
			text('description'),
		],
	},
	{
		collection: 'portfolios',
		icon: 'folder_special',
		display_template: '{{name}}',
		note: 'Groups of contracts sharing collection parameters.',
		sort: 2,
		fields: [
			id(),
			string('name', { nullable: false, unique: true, meta: req }),
			integer('days_after_unpaid_due_date', { meta: { ...half, note: 'Overrides the setting for contracts of this portfolio.' } }),
			integer('proposal_withdraw_days', { meta: { ...half, note: 'PWDAY for proposals of this portfolio.' } }),
		],
	},
	{
		collection: 'clients',
		icon: 'badge',
		display_template: '{{name}}',
		note: 'Policy holders: individuals and enterprises.',
		sort: 3,
		fields: [
			id(),
			choice('type', ['individual', 'enterprise'], { default: 'individual', nullable: false, meta: { ...half, display_options: { showAsDot: false } } }),
			string('name', { nullable: false, meta: { ...half, ...req } }),
			string('email', { nullable: false, unique: true, meta: { ...half, ...req, interface: 'input', options: { iconRight: 'alternate_email' } } }),
			string('phone', { length: 40, meta: half }),
			m2o('user', 'directus_users', { unique: true, meta: { ...half, note: 'The account this client signs in to the portal with.', options: { template: '{{email}}' } } }),
			m2o('portfolio', 'portfolios', { meta: { ...half, options: { template: '{{name}}' } } }),
			o2m('policies', { options: { template: '{{policy_number}} · {{status}}' } }),
			o2m('claims', { options: { template: '{{claim_number}} · {{status}}' } }),
		],
	},
	{
		collection: 'master_policies',
		icon: 'account_tree',
		display_template: '{{master_policy_number}} · {{status}}',
		note: 'Group contracts of enterprise clients; their members are policies.',
		sort: 5,
		fields: [
			id(),
			string('master_policy_number', { length: 40, nullable: false, unique: true, meta: { ...half, ...req } }),
			status('master_policies'),
			m2o('client', 'clients', { nullable: false, meta: { ...half, ...req } }),
			m2o('product', 'products', { nullable: false, meta: { ...half, ...req } }),
			m2o('portfolio', 'portfolios', { meta: half }),
			date('proposal_date', { meta: half }),
			date('begin_date', { nullable: false, meta: { ...half, ...req } }),
			date('end_date', { nullable: false, meta: { ...half, ...req } }),
			money('premium_amount', { meta: { ...half, readonly: true, note: 'Sum of the member policies.' } }),
			integer('days_after_unpaid_due_date', { meta: { ...half, note: 'Contract-level override of the lapse delay.' } }),
			string('status_reason', { meta: { readonly: true } }),
			o2m('policies', { options: { template: '{{policy_number}} · {{status}}' } }),
			o2m('installments', { options: { template: '{{sequence}} · {{due_date}} · {{status}}' }, readonly: true }),
		],
	},
	{
		collection: 'policies',
		icon: 'description',
		display_template: '{{policy_number}} · {{status}}',
		note: 'Insurance contracts and their lifecycle.',
		sort: 4,
		archive: true,
		fields: [
			id(),
			string('policy_number', { length: 40, nullable: false, unique: true, meta: { ...half, ...req } }),
			status('policies'),
			m2o('client', 'clients', { nullable: false, meta: { ...half, ...req } }),
			m2o('product', 'products', { nullable: false, meta: { ...half, ...req } }),
			m2o('portfolio', 'portfolios', { meta: half }),
			m2o('master_policy', 'master_policies', { meta: { ...half, note: 'Set for members of a group contract.' } }),
			group('contract_dates', { meta: { note: 'Proposal, begin and end of the contract.' } }),
			date('proposal_date', { meta: { ...half, group: 'contract_dates' } }),
			date('begin_date', { nullable: false, meta: { ...half, ...req, group: 'contract_dates' } }),
			date('end_date', { nullable: false, indexed: true, meta: { ...half, ...req, group: 'contract_dates' } }),
			group('contract_terms'),
			money('premium_amount', { nullable: false, meta: { ...half, ...req, group: 'contract_terms', note: 'Premium for the whole term; the schedule splits it.' } }),
			money('coverage_limit', { meta: { ...half, group: 'contract_terms' } }),
			string('currency', { length: 3, default: 'EUR', nullable: false, meta: { ...half, group: 'contract_terms' } }),
			integer('days_after_unpaid_due_date', { meta: { ...half, group: 'contract_terms', note: 'Contract-level override of the lapse delay.' } }),
			string('status_reason', { meta: { readonly: true } }),
			o2m('installments', { options: { template: '{{sequence}} · {{due_date}} · {{amount}} · {{status}}' } }),
			o2m('claims', { options: { template: '{{claim_number}} · {{status}}' }, readonly: true }),
			o2m('change_requests', { options: { template: '{{status}} · {{effective_date}}' } }),
		],
	},
	{
		collection: 'installments',
		icon: 'event_repeat',
		display_template: '{{policy.policy_number}} #{{sequence}} · {{due_date}}',
		note: 'The payment schedule of each policy.',
		sort: 6,
		fields: [
			id(),
			m2o('policy', 'policies', { nullable: false, onDelete: 'CASCADE', meta: { ...half, ...req } }),
			integer('sequence', { nullable: false, meta: { ...half, ...req } }),
			date('due_date', { nullable: false, indexed: true, meta: { ...half, ...req } }),
			status('installments'),
			money('amount', { nullable: false, meta: { ...half, ...req } }),
			money('paid_amount', { nullable: false, default: 0, meta: { ...half, readonly: true, note: 'Sum of the payment allocations.' } }),
			date('statement_date', { meta: { ...half, readonly: true } }),
			m2o('master_installment', 'master_installments', { meta: { ...half, readonly: true } }),
		],
	},
	{
		collection: 'master_installments',
		icon: 'event_note',
		display_template: '{{master_policy.master_policy_number}} #{{sequence}} · {{due_date}}',
		note: 'Master policy schedule, aggregated from the member installments due the same day.',
		sort: 7,
		fields: [
			id(),
			m2o('master_policy', 'master_policies', { nullable: false, onDelete: 'CASCADE', meta: { ...half, ...req } }),
			integer('sequence', { nullable: false, meta: half }),
			date('due_date', { nullable: false, indexed: true, meta: half }),
			status('master_installments'),
			money('amount', { nullable: false, default: 0, meta: { ...half, readonly: true } }),
			money('paid_amount', { nullable: false, default: 0, meta: { ...half, readonly: true } }),
			o2m('member_installments', { readonly: true, options: { template: '{{policy.policy_number}} · {{status}}' } }),
		],
	},
	{
		collection: 'payments',
		icon: 'payments',
		display_template: '{{reference}} · {{amount}}',
		note: 'Money received from clients.',
		sort: 8,
		fields: [
			id(),
			m2o('client', 'clients', { nullable: false, meta: { ...half, ...req } }),
			money('amount', { nullable: false, meta: { ...half, ...req } }),
			string('currency', { length: 3, default: 'EUR', nullable: false, meta: half }),
			timestamp('received_at', { nullable: false, meta: { ...half, ...req } }),
			string('reference', { length: 80, nullable: false, unique: true, meta: { ...half, ...req } }),
			o2m('allocations', { options: { template: '{{installment.due_date}} · {{amount}}' } }),
			userCreated(),
			dateCreated(),
		],
	},
	{
		collection: 'payment_allocations',
		icon: 'call_split',
		display_template: '{{payment.reference}} → #{{installment.sequence}} · {{amount}}',
		note: 'Creating one applies money to an installment; deleting one deallocates it.',
		sort: 9,
		fields: [
			id(),
			m2o('payment', 'payments', { nullable: false, onDelete: 'CASCADE', meta: { ...half, ...req } }),
			m2o('installment', 'installments', { nullable: false, onDelete: 'CASCADE', meta: { ...half, ...req } }),
			money('amount', { nullable: false, meta: { ...half, ...req } }),
			userCreated(),
			dateCreated(),
		],
	},
	{
		collection: 'policy_change_requests',
		icon: 'edit_note',
		display_template: '{{policy.policy_number}} · {{status}}',
		note: 'Mid-term adjustments (endorsements); read-only once out of Draft.',
		sort: 10,
		fields: [
			id(),
			m2o('policy', 'policies', { nullable: false, meta: { ...half, ...req } }),
			status('policy_change_requests'),
			date('effective_date', { nullable: false, meta: { ...half, ...req } }),
			money('premium_amount', { meta: { ...half, note: 'New premium for the whole term, if it changes.' } }),
			date('end_date', { meta: { ...half, note: 'New end date, if it changes.' } }),
			money('coverage_limit', { meta: { ...half, note: 'New coverage limit, if it changes.' } }),
			text('note'),
			string('status_reason', { meta: { readonly: true } }),
			userCreated(),
			dateCreated(),
		],
	},
	{
		collection: 'cancellation_requests',
		icon: 'cancel',
		display_template: '{{reason_type}} · {{effective_date}}',
		note: 'Cancellations of policies and master policies, with the status they led to.',
		sort: 11,
		fields: [
			id(),
			m2o('policy', 'policies', { meta: half }),
			m2o('master_policy', 'master_policies', { meta: half }),
			choice('reason_type', REASON_TYPES, { nullable: false, meta: { ...half, ...req } }),
			date('effective_date', { nullable: false, meta: { ...half, ...req } }),
			string('resulting_status', { length: 40, meta: { ...half, readonly: true } }),
			text('note'),
			userCreated(),
			dateCreated(),
		],
	},
	{
		collection: 'status_history',
		icon: 'history',
		display_template: '{{collection}} {{item}}: {{from_status}} → {{to_status}}',
		note: 'Every lifecycle transition, append-only.',
		sort: 12,
		fields: [
			id(),
			string('collection', { length: 64, nullable: false, meta: { ...half, readonly: true } }),
			string('item', { length: 64, nullable: false, meta: { ...half, readonly: true } }),
			string('from_status', { length: 40, meta: { ...half, readonly: true, display: 'labels' } }),
			string('to_status', { length: 40, nullable: false, meta: { ...half, readonly: true, display: 'labels' } }),
			string('trigger', { length: 64, nullable: false, meta: { ...half, readonly: true, note: 'manual, automatic, cancellation or the job name.' } }),
			string('actor', { length: 64, meta: { ...half, readonly: true, note: 'The user id, or the job.' } }),
			text('reason', { meta: { readonly: true } }),
			timestamp('occurred_at', { nullable: false, indexed: true, meta: { ...half, readonly: true } }),
		],
	},
	{
		collection: 'insurance_events',
		icon: 'outbox',
		display_template: '{{type}} {{collection}} {{item}}: {{from_status}} → {{to_status}}',
		note: 'Outbox: every status change, written with it, delivered to webhook subscribers.',
		sort: 16,
		fields: [
			id(),
			string('type', { length: 64, nullable: false, indexed: true, meta: { ...half, readonly: true, note: 'e.g. policies.status_changed' } }),
			string('collection', { length: 64, nullable: false, meta: { ...half, readonly: true } }),
			string('item', { length: 64, nullable: false, meta: { ...half, readonly: true } }),
			string('from_status', { length: 40, meta: { ...half, readonly: true } }),
			string('to_status', { length: 40, meta: { ...half, readonly: true } }),
			string('trigger', { length: 64, meta: { ...half, readonly: true } }),
			timestamp('occurred_at', { nullable: false, meta: { ...half, readonly: true } }),
			json('payload', { meta: { readonly: true } }),
		],
	},
	{
		collection: 'claims',
		icon: 'medical_services',
		display_template: '{{claim_number}} · {{status}}',
		note: 'Medical reimbursement claims.',
		sort: 13,
		fields: [
			id(),
			string('claim_number', { length: 40, unique: true, meta: { ...half, readonly: true, note: 'Generated on submission.' } }),
			status('claims'),
			m2o('policy', 'policies', { nullable: false, meta: { ...half, ...req } }),
			m2o('client', 'clients', { nullable: false, meta: { ...half, ...req } }),
			choice('channel', ['portal', 'call_center', 'api'], { default: 'portal', nullable: false, meta: { ...half, readonly: true, display_options: { showAsDot: false } } }),
			timestamp('submitted_at', { indexed: true, meta: { ...half, readonly: true } }),
			date('decision_due_date', { meta: { ...half, readonly: true, note: 'Service level: decided by this date.' } }),
			m2o('assigned_to', 'directus_users', { meta: { ...half, options: { template: '{{first_name}} {{last_name}}' } } }),
			money('total_claimed', { default: 0, meta: { ...half, readonly: true } }),
			money('total_approved', { meta: { ...half, readonly: true } }),
			text('decision_note'),
			timestamp('decided_at', { meta: { ...half, readonly: true } }),
			string('payment_reference', { length: 80, meta: half }),
			timestamp('paid_at', { meta: { ...half, readonly: true } }),
			o2m('lines', { options: { template: '{{kind}} · {{description}} · {{amount_claimed}}' } }),
			o2m('messages', { options: { template: '{{kind}} · {{body}}' } }),
			userCreated(),
			dateCreated(),
		],
	},
	{
		collection: 'claim_lines',
		icon: 'receipt_long',
		display_template: '{{kind}} · {{description}}',
		note: 'Medications and fees of a claim, decided line by line.',
		sort: 14,
		fields: [
			id(),
			m2o('claim', 'claims', { nullable: false, onDelete: 'CASCADE', meta: { ...half, ...req } }),
			choice('kind', ['medication', 'consultation', 'hospital', 'other'], { nullable: false, meta: { ...half, ...req, display_options: { showAsDot: false } } }),
			string('description', { nullable: false, meta: { ...req } }),
			date('service_date', { nullable: false, meta: { ...half, ...req } }),
			integer('quantity', { nullable: false, default: 1, meta: { ...half, ...req, options: { min: 1 } } }),
			money('unit_amount', { nullable: false, meta: { ...half, ...req } }),
			money('amount_claimed', { meta: { ...half, readonly: true, note: 'Quantity × unit amount.' } }),
			money('amount_approved', { meta: half }),
			string('rejection_reason', { meta: { ...half, note: 'Required whenever less than claimed is approved.' } }),
			m2o('receipt', 'directus_files', { meta: { note: 'Scan or photo of the receipt.' } }),
		],
	},
	{
		collection: 'claim_messages',
		icon: 'forum',
		display_template: '{{kind}} · {{date_created}}',
		note: 'The conversation between the client and the claims team.',
		sort: 15,
		fields: [
			id(),
			m2o('claim', 'claims', { nullable: false, onDelete: 'CASCADE', meta: { ...half, ...req } }),
			choice('kind', ['information_request', 'answer', 'note'], { default: 'note', nullable: false, meta: { ...half, display_options: { showAsDot: false } } }),
			text('body', { nullable: false, meta: req }),
			userCreated(),
			dateCreated(),
		],
	},
];

// One-to-many aliases: alias field on the "one" side ← foreign key on the "many" side.
export const oneToMany = [
	['clients', 'policies', 'policies', 'client'],
	['clients', 'claims', 'claims', 'client'],
	['master_policies', 'policies', 'policies', 'master_policy'],
	['master_policies', 'installments', 'master_installments', 'master_policy'],
	['master_installments', 'member_installments', 'installments', 'master_installment'],
	['policies', 'installments', 'installments', 'policy'],
	['policies', 'claims', 'claims', 'policy'],
	['policies', 'change_requests', 'policy_change_requests', 'policy'],
	['payments', 'allocations', 'payment_allocations', 'payment'],
	['claims', 'lines', 'claim_lines', 'claim'],
	['claims', 'messages', 'claim_messages', 'claim'],
];
