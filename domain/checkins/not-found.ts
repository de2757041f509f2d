import { DEFAULT_MESSAGES, DomainError } from '../model/envelope';

/**
 * "Does not exist" and "exists but is not yours" answer alike: NOT_FOUND with the same
 * message the dispatcher gives a hidden refusal, and no details — so probing ids of
 * shifts, stations, registrations, sessions or redemptions tells nothing.
 */
export const NOT_FOUND_MESSAGE = DEFAULT_MESSAGES.NOT_FOUND;

export const notFound = (): DomainError => new DomainError('NOT_FOUND', NOT_FOUND_MESSAGE);
