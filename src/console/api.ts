/**
 * The console's one way to the service: fetch on the same origin, the API key in
 * X-API-Key, and the API's own error message when a call fails. Nothing else is called.
 */
import type { ApiErrorBody } from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Params = Record<string, string | number | undefined>;

export function withQuery(path: string, params: Params = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') query.set(name, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

async function failure(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as ApiErrorBody;
    if (body?.error?.message) return new ApiError(response.status, body.error.code, body.error.message);
  } catch {
    // Not the API's JSON error (a proxy page, say): fall through to the status line.
  }
  return new ApiError(response.status, 'http_error', `服务返回 ${response.status} ${response.statusText}`);
}

export interface Download {
  blob: Blob;
  filename: string;
}

export class Api {
  constructor(private readonly key: string) {}

  private async send(path: string, init: RequestInit = {}, accept = 'application/json'): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(path, {
        ...init,
        headers: { 'X-API-Key': this.key, Accept: accept, ...(init.headers ?? {}) },
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError(0, 'network', '无法连接服务，请检查网络或服务是否在运行。');
    }
    if (!response.ok) throw await failure(response);
    return response;
  }

  async get<T>(path: string, params?: Params, signal?: AbortSignal): Promise<T> {
    return (await (await this.send(withQuery(path, params), { signal })).json()) as T;
  }

  async post<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const init: RequestInit = {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json' },
      signal,
    };
    return (await (await this.send(path, init)).json()) as T;
  }

  /** A CSV export: the API names the file in Content-Disposition. */
  async csv(path: string, params?: Params, fallbackName = 'export.csv'): Promise<Download> {
    const response = await this.send(withQuery(path, { ...params, format: 'csv' }), {}, 'text/csv');
    const disposition = response.headers.get('Content-Disposition') ?? '';
    const name = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1] ?? /filename="?([^";]+)"?/i.exec(disposition)?.[1];
    return { blob: await response.blob(), filename: name ? decodeURIComponent(name) : fallbackName };
  }
}

/** Hands a downloaded file to the browser as a download. */
export function saveDownload({ blob, filename }: Download): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
