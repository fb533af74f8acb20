// GET /insurance/policies/:id/benefits[?year_of=YYYY-MM-DD]: what the policy year has used and
// has left, per kind of care, of the deductible and of the coverage (SPEC §9). The caller must
// see the policy with their own permissions: a client asking for another's gets 404.
import Joi from 'joi';
import type { Router } from 'express';
import type { EndpointExtensionContext } from '@directus/extensions';
import { benefitBalances } from '../../domain/claims';
import { readContract, readPriorLines } from '../../data/claims/benefit-usage';
import { asInput, insurerToday, readClaimSettings } from '../../data/claims/records';
import { InvalidInputError, ItemNotFoundError } from '../../errors';
import { idParams, isoDay, requireUser, route, validate } from './http';

export const benefitsQuery = Joi.object({
	year_of: isoDay.description('A day of the policy year to report; default: today, within the contract'),
});

export function registerBenefits(router: Router, context: EndpointExtensionContext) {
	const { database, services } = context;
	router.get(
		'/policies/:id/benefits',
		route(async (req, res) => {
			const { id } = validate(idParams, req.params);
			const { year_of } = validate<{ year_of?: string }>(benefitsQuery, req.query);
			const visible = await new services.ItemsService('policies', { knex: database, schema: req.schema, accountability: requireUser(req) }).readByQuery({
				filter: { id: { _eq: id } },
				fields: ['id'],
				limit: 1,
			});
			const contract = visible.length > 0 ? await readContract(database, id) : null;
			if (!contract) throw new ItemNotFoundError({ collection: 'policies', item: String(id) });

			let asOf = year_of;
			if (asOf === undefined) {
				// Today, or the nearest day of the contract: a matured policy shows its last year.
				const today = insurerToday(await readClaimSettings(database));
				asOf = today < contract.begin_date ? contract.begin_date : today > contract.end_date ? contract.end_date : today;
			} else if (asOf < contract.begin_date || asOf > contract.end_date) {
				throw new InvalidInputError({ field: 'year_of', problem: `must be within the policy's term, ${contract.begin_date} to ${contract.end_date}` });
			}
			const prior = await readPriorLines(database, id);
			const balances = asInput(() => benefitBalances(contract, prior, asOf));
			res.json({ data: { policy: id, currency: contract.currency, ...balances } });
		}),
	);
}
