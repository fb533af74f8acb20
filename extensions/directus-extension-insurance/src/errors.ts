// The errors our adapters raise; Directus answers {errors:[{message, extensions:{code, ...}}]}
// with their status, so integrators get both a sentence and the structured facts.
import { createError } from '@directus/errors';
import { isDomainError } from './domain/billing/errors';
import { describeRefusedDelete, type Blocker } from './domain/deletes';
import { describeRefusal } from './domain/lifecycles';

export interface RefusedTransition {
	collection: string;
	item: string;
	from: string;
	to: string;
	allowed: string[];
}

/** A status change the lifecycle table or the actor's rights do not allow. */
export const TransitionNotAllowedError = createError<RefusedTransition>(
	'TRANSITION_NOT_ALLOWED',
	({ collection, item, from, to, allowed }) => describeRefusal(collection, item, from, to, allowed),
	400,
);

/** An action the item's status does not offer now (the same code as a refused status change). */
export const ActionNotAllowedError = createError<{ collection: string; item: string; from: string; action: string; possible: string[] }>(
	'TRANSITION_NOT_ALLOWED',
	({ collection, item, from, action, possible }) => `${collection} ${item} is ${from}: "${action}" is not possible now; possible: ${possible.length ? possible.join(', ') : 'none'}`,
	400,
);

/** An action of the lifecycle the caller's access policies hold no grant for (transition_permissions). */
export const ActionNotGrantedError = createError<{ collection: string; item: string; action: string }>(
	'FORBIDDEN',
	({ collection, item, action }) => `${collection} ${item}: you hold no grant for the action "${action}"`,
	403,
);

/** No such action on the collection's lifecycle. */
export const UnknownActionError = createError<{ collection: string; action: string; actions: string[] }>(
	'UNKNOWN_ACTION',
	({ collection, action, actions }) => `${collection} has no action "${action}"; its actions: ${actions.length ? actions.join(', ') : 'none'}`,
	404,
);

/** Another request changed the item between reading and writing it. */
export const TransitionConflictError = createError<{ collection: string; item: string; expected: string; actual: string }>(
	'TRANSITION_CONFLICT',
	({ collection, item, expected, actual }) =>
		`${collection} ${item}: its status changed from "${expected}" to "${actual}" while this request ran; nothing was written, read it again and retry`,
	409,
);

/** The business state refuses the request (e.g. accepting a change on a lapsed policy). */
export const BusinessRuleError = createError<{ reason: string }>('BUSINESS_RULE_VIOLATION', ({ reason }) => reason, 409);

export const ItemNotFoundError = createError<{ collection: string; item: string }>(
	'ITEM_NOT_FOUND',
	({ collection, item }) => `${collection} ${item} does not exist or is not visible to you`,
	404,
);

/** Bad input: the message names the field and the problem. */
export const InvalidInputError = createError<{ field: string; problem: string }>('INVALID_PAYLOAD', ({ field, problem }) => `"${field}" ${problem}`, 400);

/**
 * Bad input named in the message only: /utils/import collects errors that carry a field and, when
 * a row fails before the file has been read to its end, never answers (Directus 11.17), holding
 * its transaction; an error without one ends the import at once.
 */
export const InvalidReferenceError = createError<{ reason: string }>('INVALID_PAYLOAD', ({ reason }) => reason, 400);

/** A write nobody may make through the API (history is append-only, decided records are frozen). */
export const WriteRefusedError = createError<{ collection: string; reason: string }>('WRITE_REFUSED', ({ reason }) => reason, 403);

/** Another run of the insurance jobs holds the cluster-wide run lock. */
export const JobRunBusyError = createError<{ run: number; job: string; leaseUntil: string }>(
	'JOB_RUN_IN_PROGRESS',
	({ run, job, leaseUntil }) => `insurance jobs: run ${run} (${job}) is in progress (lock held until ${leaseUntil}); nothing was run, try again later`,
	409,
);

/**
 * A refusal of the pure core (a `DomainError` thrown or a `Refusal` returned, both naming a
 * field) as the 400 an adapter answers; the message names the field once.
 */
export function invalidField(field: string, message: string) {
	return new InvalidInputError({ field, problem: message.startsWith(`${field} `) ? message.slice(field.length + 1) : message });
}

/**
 * The one place where errors of the pure core become Directus errors: hooks (every write
 * path) and endpoints pass what they throw through here, so bad data met deep in a
 * calculation answers 400 naming its field rather than a 500.
 */
export function toDirectusError(error: unknown): unknown {
	return isDomainError(error) ? invalidField(error.field, error.message) : error;
}

/** Rows that refer to an item keep it from being deleted (the schema's delete rules). */
export const DeleteRestrictedError = createError<{ collection: string; item: string; references: Blocker[]; alsoBlocked: number }>(
	'DELETE_RESTRICTED',
	({ collection, item, references, alsoBlocked }) => describeRefusedDelete(collection, item, references, alsoBlocked),
	409,
);
