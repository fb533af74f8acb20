// Item page action bar: an alias field ("actions") on each lifecycle collection shows what the
// signed-in user may do to the item now (GET /insurance/:collection/:id/actions) as buttons, asks
// for the inputs in a dialog and performs the action through the lifecycle. An interface rather
// than a panel or module because it lives in the item form itself, in every theme and language,
// beside the fields it changes; on claims it also shows the lines with their proposal and the
// handler's decision, and the conversation with the client.
import { defineInterface } from '@directus/extensions-sdk';
import InterfaceActions from './interface.vue';

export default defineInterface({
	id: 'insurance-actions',
	name: 'Insurance actions',
	icon: 'bolt',
	description: 'The lifecycle actions the signed-in user may perform on this item, as buttons.',
	component: InterfaceActions,
	types: ['alias'],
	localTypes: ['presentation'],
	group: 'presentation',
	options: null,
	hideLabel: true,
	hideLoader: true,
});
