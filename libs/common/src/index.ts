export { ERROR_STATUS, RETRYABLE_CODES, statusForCode, type ErrorCode } from './error-codes';
export { DomainError, isDomainError, isRetryable, notFound, type ErrorDetails } from './domain-error';
export { assertPageInRange, MAX_PAGE, offsetOf, toPage, type Page, type PageRequest } from './pagination';
export { asyncStdout } from './log-destination';
export { isSecretParameter, REDACTED, redactUrl } from './log-redaction';
export { isUuid } from './uuid';
export { seededRandom } from './seeded-random';
