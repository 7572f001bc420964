import type { ErrorCode, ErrorDetails } from '@runvs/common';

/** The contract's one error body. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
}

export function errorBody(code: ErrorCode, message: string, details?: ErrorDetails): ErrorBody {
  return details === undefined ? { code, message } : { code, message, details };
}
