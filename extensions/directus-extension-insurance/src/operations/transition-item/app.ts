import { defineOperationApp } from '@directus/extensions-sdk';
import { lifecycles } from '../../domain/lifecycles/tables';

/** Every collection with a lifecycle, from the one table. */
const LIFECYCLE_COLLECTIONS = Object.values(lifecycles).flatMap((lifecycle) => lifecycle.collections);

export default defineOperationApp({
	id: 'insurance-transition-item',
	name: 'Transition item',
	icon: 'alt_route',
	description: 'Move a policy, claim or other lifecycle item to a new status, checked against its lifecycle.',
	overview: ({ collection, item, status }) => [
		{ label: 'Collection', text: collection },
		{ label: 'Item', text: String(item ?? '') },
		{ label: 'Status', text: status },
	],
	options: [
		{
			field: 'collection',
			name: 'Collection',
			type: 'string',
			meta: {
				width: 'half',
				interface: 'select-dropdown',
				options: { choices: LIFECYCLE_COLLECTIONS.map((value) => ({ text: value, value })) },
			},
		},
		{ field: 'item', name: 'Item', type: 'string', meta: { width: 'half', interface: 'input', note: 'The key, e.g. {{$trigger.keys[0]}}' } },
		{ field: 'status', name: 'New status', type: 'string', meta: { width: 'half', interface: 'input', note: 'See GET /insurance/lifecycles' } },
		{ field: 'reason', name: 'Reason', type: 'text', meta: { width: 'full', interface: 'input-multiline' } },
	],
});
