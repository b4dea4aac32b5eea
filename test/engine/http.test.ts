import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LabServer, sendJson, startLab } from "../../lab/kit.js";
import { startHostile } from "../../lab/servers/hostile.js";
import {
  DEFAULT_LIMITS,
  HttpClient,
  HttpError,
  type HttpLimits,
  parseRetryAfter,
  textOf,
} from "../../src/engine/http.js";

function client(origin: string, limits: Partial<HttpLimits> = {}) {
  return new HttpClient(origin, { ...DEFAULT_LIMITS, deadlineAt: Date.now() + 10_000, ...limits });
}

async function expectHttpError(p: Promise<unknown>, code: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HttpError);
  expect((err as HttpError).code).toBe(code);
}

describe("HttpClient safety rails", () => {
  let api: LabServer;
  let rateLimited = 0;
  beforeAll(async () => {
    api = await startLab((req, res) => {
      if (req.path === "/limited") {
        rateLimited++;
        if (rateLimited % 2 === 1) {
          res.writeHead(429, { "retry-after": "1" });
          res.end();
          return;
        }
      }
      if (req.path === "/slow") {
        setTimeout(() => sendJson(res, 200, { ok: true }), 2000);
        return;
      }
      if (req.path === "/to-b") {
        res.writeHead(302, { location: "/b" });
        res.end();
        return;
      }
      sendJson(res, 200, { path: req.path, method: req.method, auth: req.headers.authorization ?? null });
    });
  });
  afterAll(() => api.close());

  it("refuses any URL outside the target origin without sending it", async () => {
    const c = client(api.origin);
    const http = c.forCheck("t", 10);
    await expectHttpError(http.get("http://127.0.0.2:9/x"), "scope");
    await expectHttpError(http.get(`http://localhost:${api.port}/x`), "scope");
    expect(c.requestsSent).toBe(0);
    await c.close();
  });

  it("keeps a path that starts with // on the origin instead of reading it as a host", async () => {
    const c = client(api.origin);
    const x = await c.forCheck("t", 1).get("//api/items");
    expect(x.status).toBe(200);
    expect(x.request.url).toBe(`${api.origin}//api/items`);
    expect(api.requests.at(-1)?.url).toBe("//api/items");
    await c.close();
  });

  it("allows only GET, HEAD and OPTIONS unless a check declares POST; never PUT or DELETE", async () => {
    const c = client(api.origin);
    const plain = c.forCheck("plain", 10);
    await expectHttpError(plain.request({ method: "POST", url: "/x", body: "{}" }), "method");
    const poster = c.forCheck("poster", 10, ["POST"]);
    expect((await poster.request({ method: "POST", url: "/x", body: "{}" })).status).toBe(200);
    await expectHttpError(poster.request({ method: "DELETE", url: "/x" }), "method");
    await expectHttpError(poster.request({ method: "PUT", url: "/x" }), "method");
    expect(api.requests.filter((r) => r.method === "DELETE" || r.method === "PUT")).toEqual([]);
    await c.close();
  });

  it("enforces the scan budget and each check's own cap", async () => {
    const c = client(api.origin, { budget: 3 });
    const a = c.forCheck("a", 2);
    await a.get("/1");
    await a.get("/2");
    await expectHttpError(a.get("/3"), "check-budget");
    const b = c.forCheck("b", 10);
    await b.get("/4");
    await expectHttpError(b.get("/5"), "budget");
    expect(c.requestsSent).toBe(3);
    await c.close();
  });

  it("times out a slow request with a timeout error, and aborts everything at the deadline", async () => {
    const c = client(api.origin, { timeoutMs: 200 });
    await expectHttpError(c.forCheck("t", 5).get("/slow"), "timeout");
    await c.close();
    const d = client(api.origin, { deadlineAt: Date.now() + 300 });
    const started = Date.now();
    await expectHttpError(d.forCheck("t", 5).get("/slow"), "deadline");
    expect(Date.now() - started).toBeLessThan(1500);
    await expectHttpError(d.forCheck("t", 5).get("/"), "deadline");
    await d.close();
  });

  it("waits for Retry-After on 429 and retries, counting both requests", async () => {
    rateLimited = 0;
    const c = client(api.origin);
    const started = Date.now();
    const x = await c.forCheck("t", 5).get("/limited");
    expect(x.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(c.requestsSent).toBe(2);
    rateLimited = 0;
    const raw = await c.forCheck("burst", 5).get("/limited", { retryOnRateLimit: false, fresh: true });
    expect(raw.status).toBe(429);
    await c.close();
  });

  it("parses Retry-After as seconds or an HTTP date", () => {
    expect(parseRetryAfter("3", 0)).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
  });

  it("follows same-origin redirects only when asked", async () => {
    const c = client(api.origin);
    const http = c.forCheck("t", 5);
    expect((await http.get("/to-b")).status).toBe(302);
    const followed = await http.get("/to-b", { followRedirects: true });
    expect(followed.status).toBe(200);
    expect(followed.redirects).toEqual([`${api.origin}/b`]);
    await c.close();
  });

  it("sends credentials of the chosen identity only, and none when anonymous", async () => {
    const c = new HttpClient(
      api.origin,
      { ...DEFAULT_LIMITS, deadlineAt: Date.now() + 5000 },
      {
        primary: { headers: { authorization: "Bearer primary-token" }, query: {} },
      },
    );
    const http = c.forCheck("t", 5);
    expect(JSON.parse(textOf(await http.get("/"))).auth).toBe("Bearer primary-token");
    expect(JSON.parse(textOf(await http.get("/", { identity: "anonymous" }))).auth).toBeNull();
    await c.close();
  });
});

describe("HttpClient against hostile hosts", () => {
  it("cuts an endless body at the cap", async () => {
    const host = await startHostile("endless");
    const c = client(host.origin, { maxBodyBytes: 256 * 1024 });
    const x = await c.forCheck("t", 1).get("/");
    expect(x.truncated).toBe(true);
    expect(x.body.length).toBe(256 * 1024);
    await c.close();
    await host.close();
  });

  it("drops the default body cap after a host fills it four times, but honours an explicit cap", async () => {
    const host = await startHostile("endless");
    const c = client(host.origin, { maxBodyBytes: 512 * 1024 });
    const http = c.forCheck("t", 10);
    for (let i = 0; i < 4; i++) expect((await http.get(`/${i}`)).body.length).toBe(512 * 1024);
    expect((await http.get("/after")).body.length).toBe(64 * 1024);
    expect((await http.get("/explicit", { maxBodyBytes: 300 * 1024 })).body.length).toBe(300 * 1024);
    await c.close();
    await host.close();
  });

  it("cuts a gzip bomb at the cap after decompression", async () => {
    const host = await startHostile("gzip-bomb");
    const c = client(host.origin);
    const before = process.memoryUsage().rss;
    const x = await c.forCheck("t", 1).get("/");
    expect(x.truncated).toBe(true);
    expect(x.body.length).toBe(DEFAULT_LIMITS.maxBodyBytes);
    expect(x.wireBytes).toBeLessThanOrEqual(DEFAULT_LIMITS.maxBodyBytes + 64 * 1024);
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
    await c.close();
    await host.close();
  });

  it("stops a redirect loop after 5 hops and never follows an off-origin redirect", async () => {
    const loop = await startHostile("redirect-loop");
    const c = client(loop.origin);
    const x = await c.forCheck("t", 10).get("/a", { followRedirects: true });
    expect(x.redirects).toHaveLength(5);
    // /a and /b are each sent once; the later hops repeat identical GETs and come from the scan's cache.
    expect(c.requestsSent).toBe(2);
    await c.close();
    await loop.close();

    const off = await startHostile("off-origin-redirect");
    const d = client(off.origin);
    const y = await d.forCheck("t", 10).get("/start", { followRedirects: true });
    expect(y.status).toBe(302);
    expect(y.offOriginRedirect).toMatch(/^http:\/\/127\.0\.0\.2:9\//);
    expect(d.requestsSent).toBe(1);
    await d.close();
    await off.close();
  });

  it("sends an identical GET once per scan unless asked for a fresh one, charging each check", async () => {
    const host = await startLab((_q, r) => {
      r.end("ok");
    });
    const c = client(host.origin);
    const a = c.forCheck("a", 5);
    const b = c.forCheck("b", 1);
    await Promise.all([a.get("/same"), b.get("/same"), a.get("/same")]);
    expect(host.requests).toHaveLength(1);
    expect(c.requestsSent).toBe(1);
    expect([c.requestsBy("a"), c.requestsBy("b")]).toEqual([2, 1]);
    await expectHttpError(b.get("/same"), "check-budget");
    await a.get("/same", { fresh: true });
    expect(host.requests).toHaveLength(2);
    await c.close();
    await host.close();
  });

  it("reports a refused connection as a network error", async () => {
    const host = await startLab((_q, r) => {
      r.end();
    });
    const origin = host.origin;
    await host.close();
    const c = client(origin);
    await expectHttpError(c.forCheck("t", 1).get("/"), "network");
    await c.close();
  });
});
