// Why part of a claim line is not reimbursed, in the client's words: shared by the decision
// letter and the portal, so this module imports no library (the portal bundle stays small).
import type { AdjudicationCode } from '../claims/adjudication';

/** Why part of a line is not reimbursed, as the client reads it. */
export const REASONS: Record<'en' | 'fr', Record<AdjudicationCode, string>> = {
	en: {
		NOT_COVERED: 'Not covered by your product',
		WAITING_PERIOD: 'Care during the waiting period after the policy began',
		QUANTITY_LIMIT: 'Beyond the number of units covered per policy year',
		DEDUCTIBLE: 'Annual deductible',
		COPAY: 'Co-payment per line',
		COINSURANCE: 'Your share after the reimbursement rate',
		PER_CLAIM_LIMIT: 'Above the limit per claim for this kind of care',
		ANNUAL_LIMIT: 'Above the annual limit for this kind of care',
		COVERAGE_LIMIT: "Above what is left of the policy's coverage",
		DUPLICATE_SUSPECTED: 'Already claimed on another claim',
		PREAUTHORISATION_REQUIRED: 'Needs the insurer’s prior authorisation',
		MANUAL_ADJUSTMENT: 'Adjusted by the claims team',
	},
	fr: {
		NOT_COVERED: 'Non couvert par votre produit',
		WAITING_PERIOD: 'Soins pendant le délai de carence après le début du contrat',
		QUANTITY_LIMIT: 'Au-delà du nombre d’unités couvertes par année de contrat',
		DEDUCTIBLE: 'Franchise annuelle',
		COPAY: 'Participation forfaitaire par ligne',
		COINSURANCE: 'Votre part après le taux de remboursement',
		PER_CLAIM_LIMIT: 'Au-delà du plafond par demande pour ce type de soins',
		ANNUAL_LIMIT: 'Au-delà du plafond annuel pour ce type de soins',
		COVERAGE_LIMIT: 'Au-delà de ce qui reste de la garantie du contrat',
		DUPLICATE_SUSPECTED: 'Déjà demandé sur une autre demande',
		PREAUTHORISATION_REQUIRED: 'Nécessite l’accord préalable de l’assureur',
		MANUAL_ADJUSTMENT: 'Ajusté par le service des sinistres',
	},
};
