import type { PrimaryKey } from '@directus/types';
import { allocate, deallocate } from '../../data/billing/allocation';
import { withSchedule } from '../../data/billing/schedule';
import { platformFor, type Platform } from '../../data/engine';
import { renewablePolicy, withRenewalTerms } from '../../data/servicing/renewals';
import { InvalidInputError, WriteRefusedError } from '../../errors';
import { defineInsuranceHook } from '../boundary';

// Money through the ordinary API: a new policy gets its schedule (a renewal first gets its next
// term), a new payment allocation applies the money, a deleted one gives it back, a refund
// belongs to exactly one contract. Each filter runs in the write's transaction.
export default defineInsuranceHook(({ filter }, context) => {
	const platform: Platform = context;

	filter('policies.items.create', async (payload, _meta, { database }) => withSchedule(await withRenewalTerms(payload as Record<string, unknown>, database), database));

	// Linking an existing policy as a renewal holds to the same rule as creating one.
	filter('policies.items.update', async (payload, meta, { database }) => {
		const renewing = (payload as Record<string, unknown>)['renewal_of'];
		if (renewing === undefined || renewing === null) return payload;
		for (const key of (meta['keys'] as PrimaryKey[]) ?? []) {
			const renewed = await renewablePolicy(database, renewing, Number(key));
			if (String(renewed['id']) === String(key)) throw new InvalidInputError({ field: 'renewal_of', problem: 'a policy cannot renew itself' });
		}
		return payload;
	});

	filter('payment_allocations.items.create', (payload, _meta, { database, schema, accountability }) =>
		allocate(platformFor(platform, schema), payload as Record<string, unknown>, database, accountability),
	);

	// Cancellations record refunds; one made by hand must still say whose premium it gives back.
	filter('refunds.items.create', (payload) => {
		const { policy, master_policy } = payload as Record<string, unknown>;
		if ((policy === null || policy === undefined) === (master_policy === null || master_policy === undefined)) {
			throw new InvalidInputError({ field: 'policy', problem: 'or "master_policy": a refund belongs to exactly one of them' });
		}
		return payload;
	});

	filter('payment_allocations.items.update', () => {
		throw new WriteRefusedError({ collection: 'payment_allocations', reason: 'payment_allocations cannot be changed: delete the allocation (deallocation) and create a new one' });
	});

	filter('payment_allocations.items.delete', (keys, _meta, { database, schema, accountability }) =>
		deallocate(platformFor(platform, schema), keys as PrimaryKey[], database, accountability),
	);
});
