// The one error type every server call throws: the server's `{"error":{"code","message"}}`
// envelope with its status, or a network failure (status 0). And the text to show for one.
import { translate } from "../i18n";

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The request's id, which its log lines carry; shown to quote to support for a 5xx only. */
  readonly requestId: string | null;
  constructor(status: number, code: string, message: string, requestId: string | null = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }
}

/** The text to show for a failed call: the server's own (Portuguese) message, or a network one. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 0 || !err.message) return translate("common.networkError");
    // A refusal (4xx) says what to fix; only a server failure needs an id for support.
    return err.requestId && err.status >= 500 ? `${err.message} (${err.requestId})` : err.message;
  }
  return translate("common.networkError");
}

export function isStatus(err: unknown, status: number): boolean {
  return err instanceof ApiError && err.status === status;
}
