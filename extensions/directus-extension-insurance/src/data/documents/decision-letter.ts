// The decision letter as PDF bytes: the letter's content (domain/documents) drawn as a document.
import { decisionLetter, type LetterClaim, type LetterClient, type LetterLine, type LetterPolicy } from '../../domain/documents/decision-letter';
import { documentLanguage } from '../../domain/documents/i18n';
import type { IsoDate } from '../../domain/billing/types';
import { renderDocument } from './pdf';

export interface LetterOptions {
	/** Who sends it: the insurer's name. */
	issuer: string;
	issuedOn: IsoDate;
}

/** `locale` is the client's Directus user language (e.g. fr-FR); any we do not write is English. */
export function decisionLetterPdf(claim: LetterClaim, lines: readonly LetterLine[], policy: LetterPolicy, client: LetterClient, locale: string | null | undefined, options: LetterOptions): Promise<Uint8Array> {
	return renderDocument(decisionLetter({ claim, lines, policy, client, language: documentLanguage(locale), issuer: options.issuer, issuedOn: options.issuedOn }));
}
