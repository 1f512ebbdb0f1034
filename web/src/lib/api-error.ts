/** A failed API call, carrying the contract's error body so forms can show `details` at their fields. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Per-field messages of a 422 (or the field of a 409), keyed by field path. */
  get fieldErrors(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    if (this.code === 'conflict' && typeof this.details?.field === 'string') {
      out[this.details.field] = [this.message];
      return out;
    }
    if (this.code !== 'validation_failed' || !this.details) return out;
    for (const [field, messages] of Object.entries(this.details)) {
      if (Array.isArray(messages)) out[field] = messages.map(String);
    }
    return out;
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; details?: Record<string, unknown>; requestId?: string };
}

/** The part of a Response (or of a hono/client ClientResponse) that reading an answer needs. */
export interface JsonAnswer {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}

/** Reads a response body as JSON, turning non-2xx answers into ApiError. */
export async function readJson<T>(response: JsonAnswer): Promise<T> {
  if (response.ok) {
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
  let body: ErrorBody = {};
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    // A proxy or a crash may answer with HTML; the status still says enough.
  }
  const error = body.error ?? {};
  throw new ApiError(
    response.status,
    error.code ?? 'http_error',
    error.message ?? `Request failed (${response.status})`,
    error.details,
    error.requestId,
  );
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}
