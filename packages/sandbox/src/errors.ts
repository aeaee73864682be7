import { randomFillSync } from "node:crypto";

export type ErrorCode =
  | "unauthorized"
  | "bad_request"
  | "parameter_not_found"
  | "company_not_found"
  | "not_found"
  | "conflict"
  | "rate_limit_exceeded"
  | "server_error";

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

const ALPHABET = "0123456789abcdefghijklmnopqrstuv";
const ID_LENGTH = 20;
// Random bytes are drawn in blocks: one call to the CSPRNG per 200 ids instead of one per id.
const pool = Buffer.alloc(ID_LENGTH * 200);
let used = pool.length;

/** A fresh request id in Intercom's style: 20 lowercase base-32 characters. */
export function newRequestId(): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  let id = "";
  for (let i = used; i < used + ID_LENGTH; i++) id += ALPHABET[(pool[i] as number) & 31];
  used += ID_LENGTH;
  return id;
}

export const companyNotFound = (): ApiError =>
  new ApiError(404, "company_not_found", "Company Not Found");
export const contactNotFound = (): ApiError => new ApiError(404, "not_found", "User Not Found");
