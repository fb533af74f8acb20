// "Insurance setup" in the module bar: Business Admins add fields to the business collections
// (POST /insurance/fields/:collection, as Directus keeps its data model screen for
// administrators) and administrators grant the lifecycle actions to access policies
// (transition_permissions, a matrix of actions × policies). A module, because both are
// pages of their own, not parts of an item.
import { defineModule } from '@directus/extensions-sdk';
import FieldsPage from './fields.vue';
import RightsPage from './rights.vue';

export default defineModule({
	id: 'insurance-admin',
	name: 'Insurance setup',
	icon: 'tune',
	routes: [
		{ path: '', component: FieldsPage },
		{ path: 'rights', component: RightsPage },
	],
	// Administrators, and whoever may add fields (a directus_fields create permission, as the
	// endpoint asks: Business Admin).
	preRegisterCheck(user, permissions) {
		if ((user as { admin_access?: boolean }).admin_access) return true;
		const create = (permissions as unknown as Record<string, Record<string, { access?: string }>> | undefined)?.['directus_fields']?.['create']?.access;
		return create === 'partial' || create === 'full';
	},
});
