import { DomainError } from './domain-error';

/** 0-based page request, as the mobile client sends it. */
export interface PageRequest {
  page: number;
  perPage: number;
}

/** The paged list body of the contract. */
export interface Page<T> {
  data: T[];
  total_count: number;
  has_next: boolean;
}

/**
 * The highest 0-based page any list answers. A page past the data is simply empty; a page number
 * above this is refused (422) — it could only come from a client bug or a probe, and its offset
 * would overflow PostgreSQL's OFFSET (`page=99999999999999999999` used to answer 500).
 */
export const MAX_PAGE = 1_000_000;

/** Refuses a page number no list can answer (not an integer, negative, above MAX_PAGE). */
export function assertPageInRange(request: PageRequest): void {
  if (!Number.isSafeInteger(request.page) || request.page < 0 || request.page > MAX_PAGE) {
    throw new DomainError('VALIDATION_ERROR', 'Invalid request: page', {
      fields: [{ field: 'page', messages: [`page must be an integer from 0 to ${MAX_PAGE}`] }],
    });
  }
}

export function offsetOf(request: PageRequest): number {
  assertPageInRange(request);
  return request.page * request.perPage;
}

export function toPage<T>(data: T[], totalCount: number, request: PageRequest): Page<T> {
  return {
    data,
    total_count: totalCount,
    has_next: (request.page + 1) * request.perPage < totalCount,
  };
}
