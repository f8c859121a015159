// The one error type every server call throws: the server's `{"error":{"code","message"}}`
// envelope with its status, or a network failure (status 0). And the text to show for one.
import { translate } from "../i18n";

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** For a 500: the id the server's log line carries, to quote to support. */
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
    return err.requestId ? `${err.message} (${err.requestId})` : err.message;
  }
  return translate("common.networkError");
}

export function isStatus(err: unknown, status: number): boolean {
  return err instanceof ApiError && err.status === status;
}
