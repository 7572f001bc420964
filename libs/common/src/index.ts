export { ERROR_STATUS, statusForCode, type ErrorCode } from './error-codes';
export { DomainError, isDomainError, notFound, type ErrorDetails } from './domain-error';
export { assertPageInRange, MAX_PAGE, offsetOf, toPage, type Page, type PageRequest } from './pagination';
