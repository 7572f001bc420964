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

export function offsetOf(request: PageRequest): number {
  return request.page * request.perPage;
}

export function toPage<T>(data: T[], totalCount: number, request: PageRequest): Page<T> {
  return {
    data,
    total_count: totalCount,
    has_next: (request.page + 1) * request.perPage < totalCount,
  };
}
