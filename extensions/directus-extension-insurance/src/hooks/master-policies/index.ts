import { proposeMasterOfMember } from '../../data/master-proposal';
import { platformFor, type Platform } from '../../data/engine';
import { defineInsuranceHook } from '../boundary';

// A group contract leaves Draft when its members are generated: a policy created with a
// master policy, or attached to one, by REST (single, batch, nested under the master),
// GraphQL, an import or a Flow. The filters run in the member's write transaction.
export default defineInsuranceHook(({ filter }, context) => {
	const platform: Platform = context;
	for (const event of ['policies.items.create', 'policies.items.update']) {
		filter(event, async (payload, _meta, { database, schema, accountability }) => {
			await proposeMasterOfMember(platformFor(platform, schema), payload as Record<string, unknown>, database, accountability);
			return payload;
		});
	}
});
