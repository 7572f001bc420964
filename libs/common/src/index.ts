export { ERROR_STATUS, statusForCode, type ErrorCode } from './error-codes';
export { DomainError, isDomainError, notFound, type ErrorDetails } from './domain-error';
export { offsetOf, toPage, type Page, type PageRequest } from './pagination';
