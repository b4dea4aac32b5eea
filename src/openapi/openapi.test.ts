import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LabServer, sendJson, sendText, startLab } from "../../lab/kit.js";
import { type RestApi, startRestApi } from "../../lab/rest/index.js";
import { labSpecPath } from "../../lab/rest/openapi.js";
import { findingsOf, scanWith } from "../../test/harness.js";
import { CHECKS } from "../checks/index.js";
import { main } from "../cli/main.js";
import type { ScanReport } from "../engine/finding.js";
import { discoveryPaths, SPEC_LOCATIONS, specUrlsInConfig } from "./discover.js";
import { openapiEnricher } from "./enricher.js";
import { SpecError } from "./errors.js";
import { openapiExtension } from "./extension.js";
import { loadSpecFile } from "./load.js";
import { toSpecModel } from "./normalise.js";
import { chooseBasePath } from "./operations.js";
import { createValidator } from "./validate.js";

/** The OpenAPI layer's coverage; every test here expects the layer to have run and published it whole. */
function coverageOf(report: ScanReport) {
  const ext = openapiExtension.read(report);
  if (!ext) throw new Error("no valid extensions.openapi in the report");
  return { ...ext, counts: ext.counts ?? { found: 0, tested: 0, skipped: 0 }, operations: ext.operations ?? [] };
}
const SAFE = new Set(["GET", "HEAD"]);
const inventoryCheck = CHECKS.find((c) => c.meta.id === "openapi-spec-exposed")!;

async function specErrorOf(load: Promise<unknown>): Promise<SpecError> {
  const err = await load.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SpecError);
  return err as SpecError;
}

describe("OpenAPI layer", () => {
  let vulnerable: RestApi;
  let hardened: RestApi;
  let bystander: LabServer;
  beforeAll(async () => {
    [vulnerable, hardened, bystander] = await Promise.all([
      startRestApi({ hardened: false }),
      startRestApi({ hardened: true }),
      startLab((_req, res) => {
        res.writeHead(200, { "content-type": "application/yaml" });
        res.end("Remote:\n  type: string\n");
      }),
    ]);
  });
  afterAll(() => Promise.all([vulnerable.close(), hardened.close(), bystander.close()]));

  it.each([
    ["lab-api.openapi30.yaml", "3.0"],
    ["lab-api.openapi31.yaml", "3.1"],
    ["lab-api.swagger20.json", "2.0"],
  ])("loads %s (OpenAPI %s) and requests every GET/HEAD operation with filled parameters", async (file, version) => {
    const before = vulnerable.requests.length;
    const report = await scanWith([], `${vulnerable.origin}/`, {
      enrichers: [openapiEnricher({ spec: labSpecPath(file) })],
    });
    const coverage = coverageOf(report);
    const model = toSpecModel(await loadSpecFile(labSpecPath(file)));
    expect(model.version).toBe(version);
    const safe = coverage.operations.filter((o) => SAFE.has(o.method));
    expect(safe.length).toBe(model.operations.filter((o) => SAFE.has(o.method)).length);
    expect(safe.every((o) => o.status === "tested")).toBe(true);
    expect(coverage.operations.filter((o) => !SAFE.has(o.method)).every((o) => o.status === "skipped")).toBe(true);
    const seen = vulnerable.requests.slice(before).map((r) => `${r.method} ${r.url}`);
    for (const op of safe) expect(seen).toContain(`${op.method} ${op.url}`);
    expect(safe.some((o) => !o.url?.includes("{"))).toBe(true);
    expect(seen.every((line) => /^(GET|HEAD|OPTIONS) /.test(line))).toBe(true);
  });

  it("sends required header parameters, but never made-up credentials", async () => {
    const before = vulnerable.requests.length;
    await scanWith([], `${vulnerable.origin}/`, {
      enrichers: [openapiEnricher({ spec: labSpecPath("lab-api.openapi31.yaml") })],
    });
    const invoice = vulnerable.requests.slice(before).find((r) => r.url === "/api/v1/invoices/1");
    expect(invoice?.headers["x-request-id"]).toBe("00000000-0000-4000-8000-000000000001");
    expect(invoice?.headers.authorization).toBeUndefined();
  });

  it("fills parameters from examples, enums and schemas (ids start at 1)", async () => {
    const report = await scanWith([], `${vulnerable.origin}/`, {
      enrichers: [openapiEnricher({ spec: labSpecPath("lab-api.swagger20.json") })],
    });
    const urls = coverageOf(report).operations.map((o) => o.url);
    expect(urls).toContain("/api/v1/users/1");
    expect(urls).toContain("/api/v1/invoices/1");
    expect(urls).toContain("/api/v1/search?q=ada");
  });

  it("resolves circular references and validates bodies against them", async () => {
    const model = toSpecModel(await loadSpecFile(labSpecPath("circular.yaml")));
    const schema = model.operations[0].responses[0].schema!;
    expect(JSON.stringify(schema).length).toBeLessThan(200_000);
    const validate = createValidator();
    expect(validate(schema, { id: 1, children: [{ id: 2, children: [] }] })).toEqual([]);
    expect(validate(schema, { id: "x", children: [] })[0].at).toBe("/id");
    const report = await scanWith(
      CHECKS.filter((c) => c.meta.id === "openapi-schema-drift"),
      `${vulnerable.origin}/`,
      {
        enrichers: [openapiEnricher({ spec: labSpecPath("circular.yaml") })],
      },
    );
    expect(coverageOf(report).counts.tested).toBe(1);
    expect(report.coverage.find((c) => c.check === "openapi-schema-drift")?.verdict).toBe("pass");
  });

  it("reads external $refs from files beside the spec", async () => {
    const model = toSpecModel(await loadSpecFile(labSpecPath("external/api.yaml")));
    expect(model.operations[0].parameters[0]).toMatchObject({ name: "id", in: "path", required: true });
    expect(model.operations[0].responses[0].schema).toMatchObject({ required: ["id", "name"] });
  });

  it("refuses external $refs over the network without fetching them, and files outside the spec's folder", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rampart-spec-"));
    const spec = (ref: string) =>
      `openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /x:\n    get:\n      responses:\n        "200":\n          description: ok\n          content: {application/json: {schema: {$ref: "${ref}"}}}\n`;
    writeFileSync(path.join(dir, "remote.yaml"), spec(`${bystander.origin}/schemas.yaml#/Remote`));
    const remote = await specErrorOf(loadSpecFile(path.join(dir, "remote.yaml")));
    expect(remote.message).toContain("never from the network");
    expect(remote.message).toContain("remote.yaml");
    expect(bystander.requests).toEqual([]);
    writeFileSync(path.join(dir, "outside.yaml"), spec("../../etc/passwd#/x"));
    expect((await specErrorOf(loadSpecFile(path.join(dir, "outside.yaml")))).message).toContain("refused");
  });

  it("gives a one-line SpecError with the location for a broken spec", async () => {
    const syntax = await specErrorOf(loadSpecFile(labSpecPath("broken-spec.txt")));
    expect(syntax.message).toMatch(/broken-spec\.txt:12:\d+: cannot parse the spec/);
    expect(syntax.message).not.toContain("\n");
    const ref = await specErrorOf(loadSpecFile(labSpecPath("broken-ref.yaml")));
    expect(ref.message).toContain('$ref "#/components/schemas/Missing" points at nothing');
    const missing = await specErrorOf(loadSpecFile(labSpecPath("no-such-spec.yaml")));
    expect(missing.message).toContain("no such file");
  });

  it("exits 64 (usage) with one line on a broken spec or a spec URL on another origin", async () => {
    for (const spec of [labSpecPath("broken-spec.txt"), `${bystander.origin}/openapi.json`]) {
      const err: string[] = [];
      const code = await main(["scan", `${vulnerable.origin}/`, "--spec", spec, "-q"], {
        stdout: () => undefined,
        stderr: (s) => err.push(s),
        isTTY: false,
      });
      expect(code).toBe(64);
      expect(err.join("").trim().split("\n")).toHaveLength(1);
    }
    expect(bystander.requests).toEqual([]);
  });

  it("fetches a spec URL on the scanned origin through the scan's client, and fails cleanly when it is missing", async () => {
    const report = await scanWith(inventoryCheck, `${vulnerable.origin}/`, {
      enrichers: [openapiEnricher({ spec: `${vulnerable.origin}/openapi.json` })],
    });
    expect(coverageOf(report).source).toEqual({ kind: "url", location: `${vulnerable.origin}/openapi.json` });
    expect(report.stats.byCheck.openapi).toBe(1);
    expect(findingsOf(report, "openapi-spec-exposed")).toHaveLength(1);
    const missing = await specErrorOf(
      scanWith([], `${hardened.origin}/`, {
        enrichers: [openapiEnricher({ spec: `${hardened.origin}/openapi.json` })],
      }),
    );
    expect(missing.message).toBe(`${hardened.origin}/openapi.json: cannot fetch the spec: HTTP 404`);
  });

  it("uses only the path of servers on other hosts and honours --server", async () => {
    const elsewhere = await scanWith([], `${vulnerable.origin}/`, {
      enrichers: [openapiEnricher({ spec: labSpecPath("servers-elsewhere.yaml") })],
    });
    expect(coverageOf(elsewhere).operations.map((o) => o.url)).toEqual(["/api/v1/users", "/api/v1/users/1"]);
    const overridden = await scanWith([], `${vulnerable.origin}/`, {
      enrichers: [openapiEnricher({ spec: labSpecPath("servers-elsewhere.yaml"), server: "/api/v2" })],
    });
    expect(coverageOf(overridden).operations.map((o) => o.url)).toEqual(["/api/v2/users", "/api/v2/users/1"]);
  });

  it("discovers the published spec, reports it as exposed, and finds nothing on the hardened twin", async () => {
    const report = await scanWith(inventoryCheck, `${vulnerable.origin}/`, { enrichers: [openapiEnricher()] });
    expect(coverageOf(report).source).toEqual({ kind: "discovered", location: `${vulnerable.origin}/openapi.json` });
    expect(findingsOf(report, "openapi-spec-exposed")).toHaveLength(1);
    const quiet = await scanWith(inventoryCheck, `${hardened.origin}/`, { enrichers: [openapiEnricher()] });
    expect(coverageOf(quiet).source).toBeNull();
    expect(findingsOf(quiet, "openapi-spec-exposed")).toEqual([]);
  });

  it("finds a spec published under a camel-case name (`/openAPI-spec.json`) with --discover-deep only", async () => {
    const text = readFileSync(labSpecPath("lab-api.openapi30.yaml"), "utf8");
    const api = await startLab((req, res) =>
      req.path === "/openAPI-spec.json" ? sendText(res, 200, text, "application/yaml") : sendJson(res, 404, {}),
    );
    try {
      const deep = await scanWith(inventoryCheck, `${api.origin}/`, {
        enrichers: [openapiEnricher({ discoverDeep: true })],
      });
      expect(coverageOf(deep).source).toEqual({ kind: "discovered", location: `${api.origin}/openAPI-spec.json` });
      const plain = await scanWith(inventoryCheck, `${api.origin}/`, { enrichers: [openapiEnricher()] });
      expect(plain.extensions?.openapi).toMatchObject({ source: null });
    } finally {
      await api.close();
    }
  });

  it("never sends a non-GET request to a spec operation during a full scan", async () => {
    const before = vulnerable.requests.length;
    const report = await scanWith(CHECKS, `${vulnerable.origin}/`, {
      enrichers: [openapiEnricher()],
      limits: { budget: 2000 },
      deadlineMs: undefined,
    } as never);
    expect(coverageOf(report).counts.tested).toBeGreaterThan(5);
    const postDeclared = new Set(CHECKS.filter((c) => c.meta.methods.includes("POST")).map((c) => c.meta.id));
    const sent = vulnerable.requests.slice(before);
    expect(sent.filter((r) => !["GET", "HEAD", "OPTIONS", "POST"].includes(r.method))).toEqual([]);
    // POSTs can only come from checks that declared a benign POST: never more than those checks sent.
    const postsAllowed = report.coverage
      .filter((c) => postDeclared.has(c.check))
      .reduce((sum, c) => sum + c.requests, 0);
    expect(sent.filter((r) => r.method === "POST").length).toBeLessThanOrEqual(postsAllowed);
    // Discovery and the path hints finished within the enricher's allowance (the client refuses more).
    expect(report.stats.byCheck.openapi).toBeLessThan(openapiEnricher().maxRequests);
    expect(report.stats.byCheck.baseline).toBeLessThanOrEqual(100);
  });

  it("knows at least 40 spec locations and reads Swagger UI and ReDoc configurations", () => {
    expect(SPEC_LOCATIONS.length).toBeGreaterThanOrEqual(40);
    expect(discoveryPaths("/api/v1/")).toContain("/api/v1/openapi.json");
    expect(specUrlsInConfig('{"configUrl":"/x","url":"/v3/api-docs"}')).toEqual(["/v3/api-docs"]);
    expect(specUrlsInConfig('[{"name":"default","location":"/v2/api-docs?group=x"}]')).toEqual([
      "/v2/api-docs?group=x",
    ]);
    expect(specUrlsInConfig('window.ui = SwaggerUIBundle({ url: "/specs/main.yaml", dom_id: "#ui" })')).toEqual([
      "/specs/main.yaml",
    ]);
    expect(specUrlsInConfig('<redoc spec-url="/openapi.json"></redoc>')).toEqual(["/openapi.json"]);
  });

  it("follows a Swagger UI configuration to a spec on the same origin, never to another one", async () => {
    const yamlSpec = readFileSync(labSpecPath("lab-api.openapi31.yaml"), "utf8");
    const api = await startLab((req, res) => {
      // Asked first, names a spec on another origin: must not be followed.
      if (req.path === "/v3/api-docs/swagger-config")
        return sendJson(res, 200, { url: `${bystander.origin}/spec.yaml` });
      if (req.path === "/swagger-resources")
        return sendJson(res, 200, [{ name: "main", location: "/internal/spec.yaml" }]);
      if (req.path === "/internal/spec.yaml") return sendText(res, 200, yamlSpec, "application/yaml");
      sendJson(res, 404, { error: "not found" });
    });
    try {
      const report = await scanWith([], `${api.origin}/`, { enrichers: [openapiEnricher()] });
      expect(coverageOf(report).source).toEqual({ kind: "discovered", location: `${api.origin}/internal/spec.yaml` });
      expect(bystander.requests).toEqual([]);
    } finally {
      await api.close();
    }
  });

  it("takes --spec, --server and --no-discover on the command line", async () => {
    const scan = async (...args: string[]) => {
      const out: string[] = [];
      const code = await main(
        ["scan", `${vulnerable.origin}/`, "-f", "json", "-q", "--only", "openapi-deprecated-live", ...args],
        {
          stdout: (s) => out.push(s),
          stderr: () => undefined,
          isTTY: false,
        },
      );
      return { code, report: JSON.parse(out.join("")) as ScanReport };
    };
    const given = await scan(
      "--spec",
      labSpecPath("servers-elsewhere.yaml"),
      "--server",
      `${vulnerable.origin}/api/v1`,
    );
    expect(coverageOf(given.report).source?.kind).toBe("file");
    expect(coverageOf(given.report).operations.map((o) => o.url)).toEqual(["/api/v1/users", "/api/v1/users/1"]);
    const none = await scan("--no-discover");
    expect(none.report.extensions?.openapi).toBeUndefined();
    const discovered = await scan();
    expect(coverageOf(discovered.report).source?.kind).toBe("discovered");
    expect(findingsOf(discovered.report, "openapi-deprecated-live")).toHaveLength(1);
  });

  it("gives the same report for the same spec and seed", async () => {
    const once = () =>
      scanWith(
        CHECKS.filter((c) => c.meta.id.startsWith("openapi-")),
        `${vulnerable.origin}/`,
        {
          enrichers: [openapiEnricher({ spec: labSpecPath("lab-api.openapi30.yaml") })],
        },
      );
    const [a, b] = [await once(), await once()];
    expect(b.findings).toEqual(a.findings);
    expect(b.extensions).toEqual(a.extensions);
  });

  it("chooses the base path from --server, same-origin servers, the scanned URL, then other servers", () => {
    const target = { url: new URL("http://127.0.0.1:1/api/v1/users") };
    const base = (servers: string[], opts: { server?: string; specUrl?: string } = {}) =>
      chooseBasePath({ servers }, target, opts).basePath;
    expect(base(["https://api.example.com/v2"], { server: "/v3" })).toBe("/v3");
    expect(base(["https://api.example.com/v2", "http://127.0.0.1:1/api/v1"])).toBe("/api/v1");
    expect(base(["https://api.example.com/api/v1/"])).toBe("/api/v1");
    expect(base(["https://api.example.com/v2"])).toBe("/api/v1/users");
    expect(base([], { specUrl: "http://127.0.0.1:1/openapi.json" })).toBe("/");
    // Empty and relative server URLs resolve against where the spec was served, never to the spec itself.
    expect(base([""], { specUrl: "http://127.0.0.1:1/openapi.json" })).toBe("/");
    expect(base(["./v1"], { specUrl: "http://127.0.0.1:1/docs/openapi.json" })).toBe("/docs/v1");
    expect(base([""], { specUrl: "http://127.0.0.1:1/docs/openapi.json" })).toBe("/docs");
    expect(
      chooseBasePath({ servers: ["https://api.example.com/v2"] }, { url: new URL("http://127.0.0.1:1/") }, {}).basePath,
    ).toBe("/v2");
  });
});
