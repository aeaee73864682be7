// Errors the sandbox answers on purpose, as Intercom's `error.list` (its `request_id` a UUID,
// as the official 2.7 spec declares).
import type { DocumentedErrorCode } from "@intercom-toolkit/types";
// The codes the spec documents, and `conflict` for the sandbox's own additions.
export type ErrorCode = DocumentedErrorCode | "conflict";

/** An answer the sandbox gives on purpose: becomes an `error.list` with this status. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: ErrorCode,
    message: string,
    field?: string,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.headers = headers;
  }
}

export interface ErrorList {
  type: "error.list";
  request_id: string;
  errors: { code: string; message: string; field?: string }[];
}

export function errorList(requestId: string, error: ApiError): ErrorList {
  return {
    type: "error.list",
    request_id: requestId,
    errors: [
      {
        code: error.code,
        message: error.message,
        ...(error.field === undefined ? {} : { field: error.field }),
      },
    ],
  };
}

export const companyNotFound = (): ApiError =>
  new ApiError(404, "company_not_found", "Company Not Found");
export const contactNotFound = (): ApiError => new ApiError(404, "not_found", "User Not Found");
