/** The scan service's REST API, typed; every call sends the bearer token and reads `{error}` bodies. */
import { readEventStream } from "./sse";
import type {
  AuthProfile,
  Delivery,
  Domain,
  Finding,
  Page,
  Report,
  Scan,
  ScanDiff,
  ScanEvent,
  ScanOptions,
  ScanStatus,
  Schedule,
  TriageItem,
  TriageStatus,
  Webhook,
  WebhookEvent,
} from "./types";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface NewScan {
  target: string;
  spec?: string;
  options: ScanOptions;
}

export interface ScanQuery {
  target?: string;
  status?: ScanStatus;
  limit?: number;
  cursor?: string;
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== "") search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : "";
}

async function errorOf(response: Response): Promise<ApiError> {
  let code = `http_${response.status}`;
  let message = response.statusText || `HTTP ${response.status}`;
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.code) code = body.error.code;
    if (body.error?.message) message = body.error.message;
  } catch {
    // Not JSON: keep the status line.
  }
  return new ApiError(response.status, code, message);
}

export class Api {
  constructor(
    private readonly token: string,
    /** Called on a 401 so the app can sign out. */
    private readonly onUnauthorized: () => void = () => {},
  ) {}

  private async send(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      credentials: "same-origin",
    });
    if (response.status === 401) this.onUnauthorized();
    if (!response.ok) throw await errorOf(response);
    return response;
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.send(method, path, body);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  startScan(scan: NewScan): Promise<{ id: string; status: ScanStatus }> {
    return this.json("POST", "/v1/scans", scan);
  }
  scan(id: string): Promise<Scan> {
    return this.json("GET", `/v1/scans/${encodeURIComponent(id)}`);
  }
  scans(q: ScanQuery = {}): Promise<Page<Scan>> {
    return this.json("GET", `/v1/scans${query({ ...q })}`);
  }
  cancelScan(id: string): Promise<unknown> {
    return this.json("DELETE", `/v1/scans/${encodeURIComponent(id)}`);
  }
  report(id: string): Promise<Report> {
    return this.json("GET", `/v1/scans/${encodeURIComponent(id)}/report?format=json`);
  }
  /** A report in another format, as a Blob the page can offer for download. */
  async reportFile(id: string, format: "sarif" | "html" | "markdown" | "junit"): Promise<Blob> {
    const response = await this.send("GET", `/v1/scans/${encodeURIComponent(id)}/report?format=${format}`);
    return response.blob();
  }
  /** Follows a scan's progress until the stream ends or `signal` aborts; `onActivity` per chunk. */
  async events(
    id: string,
    onEvent: (event: ScanEvent) => void,
    signal: AbortSignal,
    onActivity?: () => void,
  ): Promise<void> {
    const response = await this.send("GET", `/v1/scans/${encodeURIComponent(id)}/events`, undefined, signal);
    if (!response.body) return;
    await readEventStream(
      response.body,
      (message) => {
        let data: ScanEvent["data"] = {};
        try {
          data = JSON.parse(message.data) as ScanEvent["data"];
        } catch {
          return;
        }
        onEvent({ event: message.event, data });
      },
      signal,
      onActivity,
    );
  }
  diff(base: string, head: string): Promise<ScanDiff> {
    return this.json("GET", `/v1/diff${query({ base, head })}`);
  }
  schedules(): Promise<Page<Schedule>> {
    return this.json("GET", "/v1/schedules");
  }
  createSchedule(schedule: { target: string; cron: string; options: ScanOptions }): Promise<Schedule> {
    return this.json("POST", "/v1/schedules", schedule);
  }
  deleteSchedule(id: string): Promise<unknown> {
    return this.json("DELETE", `/v1/schedules/${encodeURIComponent(id)}`);
  }
  webhooks(): Promise<Page<Webhook>> {
    return this.json("GET", "/v1/webhooks");
  }
  createWebhook(webhook: { url: string; events: WebhookEvent[] }): Promise<Webhook> {
    return this.json("POST", "/v1/webhooks", webhook);
  }
  deliveries(id: string): Promise<Page<Delivery>> {
    return this.json("GET", `/v1/webhooks/${encodeURIComponent(id)}/deliveries`);
  }
  deleteWebhook(id: string): Promise<unknown> {
    return this.json("DELETE", `/v1/webhooks/${encodeURIComponent(id)}`);
  }
  domains(): Promise<Page<Domain>> {
    return this.json("GET", "/v1/domains");
  }
  addDomain(host: string): Promise<Domain> {
    return this.json("POST", "/v1/domains", { host });
  }
  verifyDomain(host: string): Promise<Domain & { method: string }> {
    return this.json("POST", `/v1/domains/${encodeURIComponent(host)}/verify`);
  }
  authProfiles(): Promise<Page<AuthProfile>> {
    return this.json("GET", "/v1/auth-profiles");
  }
  triage(): Promise<Page<TriageItem>> {
    return this.json("GET", "/v1/triage");
  }
  setTriage(finding: Pick<Finding, "fingerprint" | "ruleId">, status: TriageStatus, reason: string): Promise<unknown> {
    return this.json("PUT", `/v1/triage/${encodeURIComponent(finding.fingerprint)}`, {
      ruleId: finding.ruleId,
      status,
      reason,
    });
  }
  clearTriage(fingerprint: string): Promise<unknown> {
    return this.json("DELETE", `/v1/triage/${encodeURIComponent(fingerprint)}`);
  }
}
