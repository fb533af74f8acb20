// Billing vocabulary. The status strings are public interface (SPEC section 4) and must match
// the installment lifecycle table in domain/lifecycles; they are repeated here so the billing
// core stays independent of how the lifecycle tables are laid out.

export const INSTALLMENT_STATUSES = ['OnTime', 'StatementIssued', 'Paid', 'Unpaid'] as const;
export type InstallmentStatus = (typeof INSTALLMENT_STATUSES)[number];

export function isInstallmentStatus(value: unknown): value is InstallmentStatus {
	return typeof value === 'string' && (INSTALLMENT_STATUSES as readonly string[]).includes(value);
}

export const PREMIUM_FREQUENCIES = ['monthly', 'quarterly', 'yearly'] as const;
export type PremiumFrequency = (typeof PREMIUM_FREQUENCIES)[number];

/** Months between two due dates of a schedule. */
export const MONTHS_PER_PERIOD: Readonly<Record<PremiumFrequency, number>> = {
	monthly: 1,
	quarterly: 3,
	yearly: 12,
};

/** A money amount as the database (decimal(12,2)) or an API client hands it over. */
export type Amount = string | number;

/** Calendar date 'YYYY-MM-DD'. */
export type IsoDate = string;

/** Primary key of a Directus item (integer or uuid). */
export type ItemId = string | number;
