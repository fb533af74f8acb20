// The words and number formats of the documents we send clients, in English and French (the
// languages of the portal). The language is the client's Directus user language; any other
// falls back to English. Formats avoid characters the standard PDF fonts cannot draw.
import { DateTime } from 'luxon';
import { fromCents, toCents } from '../billing/money';
import type { Amount, IsoDate } from '../billing/types';

export { REASONS } from './reasons';

export const DOCUMENT_LANGUAGES = ['en', 'fr'] as const;
export type DocumentLanguage = (typeof DOCUMENT_LANGUAGES)[number];

/** 'fr-FR', 'fr' → fr; anything else (en-US, de-DE, null) → en. */
export function documentLanguage(directusLanguage: string | null | undefined): DocumentLanguage {
	const code = (directusLanguage ?? '').slice(0, 2).toLowerCase();
	return (DOCUMENT_LANGUAGES as readonly string[]).includes(code) ? (code as DocumentLanguage) : 'en';
}

/** 1234.5 → en "1,234.50", fr "1 234,50". */
export function formatAmount(amount: Amount, language: DocumentLanguage): string {
	const [units = '0', cents = '00'] = fromCents(toCents(amount)).split('.');
	const negative = units.startsWith('-');
	const digits = negative ? units.slice(1) : units;
	const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, language === 'fr' ? ' ' : ',');
	return `${negative ? '-' : ''}${grouped}${language === 'fr' ? ',' : '.'}${cents}`;
}

/** 2026-03-02 → en "2 Mar 2026", fr "2 mars 2026". */
export function formatDate(date: IsoDate, language: DocumentLanguage): string {
	return DateTime.fromISO(date, { zone: 'UTC' }).setLocale(language === 'fr' ? 'fr-FR' : 'en-GB').toLocaleString(DateTime.DATE_MED);
}

const EN = {
	letterTitle: 'Explanation of benefits',
	letterSubtitle: 'Decision on claim {claim}',
	issuedOn: 'Issued on {date}',
	insured: 'Insured',
	name: 'Name',
	email: 'Email',
	policy: 'Policy',
	product: 'Product',
	claim: 'Claim',
	number: 'Number',
	submittedOn: 'Submitted on',
	decision: 'Decision',
	decidedOn: 'Decided on',
	'status.Approved': 'Approved',
	'status.Rejected': 'Rejected',
	approvedSummary: 'Your claim is approved: we reimburse {approved} {currency} of the {claimed} {currency} claimed.',
	rejectedSummary: 'Your claim is rejected: the {claimed} {currency} claimed are not reimbursed.',
	lines: 'Line by line (amounts in {currency})',
	line: 'Line',
	claimed: 'Claimed',
	eligible: 'Eligible',
	deductible: 'Deductible',
	copay: 'Co-pay',
	coinsurance: 'Co-insurance',
	otherCuts: 'Other cuts',
	approved: 'Approved',
	total: 'Total',
	decisionNote: 'Note from the claims team',
	closing: 'You can follow this claim and ask the claims team any question in your client portal.',
	page: 'Page {page} of {pages}',
	'kind.medication': 'Medication',
	'kind.consultation': 'Consultation',
	'kind.hospital': 'Hospital',
	'kind.other': 'Other',
	mailSubject: 'Decision on your claim {claim}',
	mailBody: 'The decision on your claim {claim} is attached: {decision}.',
	mailLink: 'Follow the claim in your client portal',
	scheduleTitle: 'Policy schedule',
	scheduleSubtitle: 'Policy {policy}',
	holder: 'Policy holder',
	insurer: 'Insurer',
	groupContract: 'Group contract',
	beginsOn: 'Begins on',
	endsOn: 'Ends on',
	terms: 'Terms',
	premium: 'Premium for the term',
	frequency: 'Paid',
	'frequency.monthly': 'monthly',
	'frequency.quarterly': 'quarterly',
	'frequency.yearly': 'yearly',
	coverageLimit: 'Coverage limit',
	annualDeductible: 'Annual deductible',
	coolingOff: 'Cooling-off period',
	days: '{days} days',
	installments: 'Installments (amounts in {currency})',
	dueDate: 'Due on',
	amount: 'Amount',
	benefits: 'Benefits (amounts in {currency})',
	care: 'Care',
	coverage: 'Covered',
	perClaimLimit: 'Per claim',
	annualLimit: 'Per year',
	waitingDays: 'Waiting days',
	noBenefits: 'This product lists no benefits.',
	scheduleClosing: 'Keep this schedule with your policy documents. Your client portal shows your installments, claims and documents at any time.',
	scheduleMailSubject: 'Your policy {policy} is issued',
	scheduleMailBody: 'Your policy {policy} is issued: its schedule is attached.',
	scheduleMailLink: 'See the policy in your client portal',
};
export type LabelKey = keyof typeof EN;

/** The labels of the documents, per language: every language has every key. */
export const LABELS: Record<DocumentLanguage, Record<LabelKey, string>> = {
	en: EN,
	fr: {
		letterTitle: 'Décompte de remboursement',
		letterSubtitle: 'Décision sur la demande {claim}',
		issuedOn: 'Émis le {date}',
		insured: 'Assuré',
		name: 'Nom',
		email: 'E-mail',
		policy: 'Contrat',
		product: 'Produit',
		claim: 'Demande',
		number: 'Numéro',
		submittedOn: 'Déposée le',
		decision: 'Décision',
		decidedOn: 'Décidée le',
		'status.Approved': 'Acceptée',
		'status.Rejected': 'Refusée',
		approvedSummary: 'Votre demande est acceptée : nous remboursons {approved} {currency} sur les {claimed} {currency} demandés.',
		rejectedSummary: 'Votre demande est refusée : les {claimed} {currency} demandés ne sont pas remboursés.',
		lines: 'Ligne par ligne (montants en {currency})',
		line: 'Ligne',
		claimed: 'Demandé',
		eligible: 'Éligible',
		deductible: 'Franchise',
		copay: 'Participation',
		coinsurance: 'Ticket mod.',
		otherCuts: 'Autres',
		approved: 'Remboursé',
		total: 'Total',
		decisionNote: 'Note du service des sinistres',
		closing: 'Vous pouvez suivre cette demande et poser vos questions au service des sinistres dans votre portail client.',
		page: 'Page {page} sur {pages}',
		'kind.medication': 'Médicaments',
		'kind.consultation': 'Consultation',
		'kind.hospital': 'Hospitalisation',
		'kind.other': 'Autre',
		mailSubject: 'Décision sur votre demande {claim}',
		mailBody: 'La décision sur votre demande {claim} est jointe : {decision}.',
		mailLink: 'Suivre la demande dans votre portail client',
		scheduleTitle: 'Conditions particulières',
		scheduleSubtitle: 'Contrat {policy}',
		holder: 'Souscripteur',
		insurer: 'Assureur',
		groupContract: 'Contrat collectif',
		beginsOn: 'Prend effet le',
		endsOn: 'Prend fin le',
		terms: 'Conditions',
		premium: 'Prime pour la période',
		frequency: 'Payée',
		'frequency.monthly': 'mensuellement',
		'frequency.quarterly': 'trimestriellement',
		'frequency.yearly': 'annuellement',
		coverageLimit: 'Plafond de garantie',
		annualDeductible: 'Franchise annuelle',
		coolingOff: 'Délai de renonciation',
		days: '{days} jours',
		installments: 'Échéancier (montants en {currency})',
		dueDate: 'Échéance',
		amount: 'Montant',
		benefits: 'Garanties (montants en {currency})',
		care: 'Soins',
		coverage: 'Remboursé',
		perClaimLimit: 'Par demande',
		annualLimit: 'Par an',
		waitingDays: 'Carence (j)',
		noBenefits: 'Ce produit ne liste aucune garantie.',
		scheduleClosing: 'Conservez ces conditions avec vos documents contractuels. Votre portail client montre à tout moment vos échéances, demandes et documents.',
		scheduleMailSubject: 'Votre contrat {policy} est émis',
		scheduleMailBody: 'Votre contrat {policy} est émis : ses conditions particulières sont jointes.',
		scheduleMailLink: 'Voir le contrat dans votre portail client',
	},
};

/** A label with {name} placeholders filled. */
export function label(language: DocumentLanguage, key: LabelKey, values: Record<string, string | number> = {}): string {
	return LABELS[language][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** A kind of care by its name: ours for the seeded kinds, else the name a business admin gave it. */
export function kindName(language: DocumentLanguage, code: string, configuredName?: string | null): string {
	const key = `kind.${code}` as LabelKey;
	return key in LABELS[language] ? label(language, key) : configuredName || code;
}
