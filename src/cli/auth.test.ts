import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LAB_API_KEY, labToken } from "../../lab/rest/auth.js";
import { type LabTrio, startLabTrio } from "../../lab/rest/index.js";
import { parseScanRequest, scanConfigOf } from "../api/scan.js";
import { burstOption } from "../checks/resource-consumption/resource-rate-limit-burst.js";
import { RENDERERS } from "../report/index.js";
import { createAuthLayer, identitySpecs, mergeIdentities, parseAuth, parseAuthFile } from "./auth.js";
import { UsageError } from "./io.js";
import type { ScanRequestDraft } from "./layers.js";
import { main } from "./main.js";

describe("parseAuth", () => {
  it("turns each kind into headers or query parameters", () => {
    expect(parseAuth("bearer:abc.def")).toEqual({ headers: { authorization: "Bearer abc.def" }, query: {} });
    expect(parseAuth("basic:ada:pa:ss")).toEqual({
      headers: { authorization: `Basic ${Buffer.from("ada:pa:ss").toString("base64")}` },
      query: {},
    });
    expect(parseAuth("header:X-Api-Key:k:1")).toEqual({ headers: { "x-api-key": "k:1" }, query: {} });
    expect(parseAuth("query:api_key:s3cr=t")).toEqual({ headers: {}, query: { api_key: "s3cr=t" } });
    expect(parseAuth("cookie:sid=a=b")).toEqual({ headers: { cookie: "sid=a=b" }, query: {} });
  });

  it("merges several specs into one identity", () => {
    expect(mergeIdentities([parseAuth("cookie:a=1"), parseAuth("cookie:b=2"), parseAuth("query:k:v")])).toEqual({
      headers: { cookie: "a=1; b=2" },
      query: { k: "v" },
    });
  });

  it("rejects bad specs without ever echoing the value", () => {
    for (const spec of [
      "bearer:",
      "bearer:two words-SECRETVALUE",
      "basic:SECRETVALUE",
      "header:bad name:SECRETVALUE",
      "cookie:SECRETVALUE",
      "SECRETVALUE",
      "token:SECRETVALUE",
    ]) {
      let error: unknown;
      try {
        parseAuth(spec);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).not.toContain("SECRET");
    }
  });
});

describe("identity sources", () => {
  it("takes flags first, then --auth-file, then RAMPART_AUTH / RAMPART_AUTH2", () => {
    const env = { RAMPART_AUTH: "bearer:fromenv", RAMPART_AUTH2: "bearer:fromenv2" };
    const file = 'auth: ["header:X-Key:fromfile", "cookie:sid=1"]\n';
    expect(identitySpecs({}, env)).toEqual({ primary: ["bearer:fromenv"], secondary: ["bearer:fromenv2"] });
    expect(identitySpecs({ authFile: "a.yaml" }, env, () => file)).toEqual({
      primary: ["header:X-Key:fromfile", "cookie:sid=1"],
      secondary: ["bearer:fromenv2"],
    });
    expect(identitySpecs({ auth: ["bearer:flag"], authFile: "a.yaml" }, env, () => file).primary).toEqual([
      "bearer:flag",
    ]);
  });

  it("reads JSON too and refuses unknown keys", () => {
    expect(parseAuthFile('{"auth": "bearer:x", "auth2": "bearer:y"}', "a.json")).toEqual({
      auth: ["bearer:x"],
      auth2: ["bearer:y"],
    });
    expect(() => parseAuthFile("token: x", "a.yaml")).toThrow(UsageError);
  });

  it("fills identities, opt-in flags and the burst size into the scan request", async () => {
    const layer = createAuthLayer({ RAMPART_AUTH: "bearer:fromenv" });
    const request: ScanRequestDraft = { target: "http://127.0.0.1:1/" };
    await layer.apply({ auth2: ["bearer:second"], ssrfProbe: true, burst: false }, request);
    const config = scanConfigOf(parseScanRequest(request));
    expect(config.identities?.primary?.headers.authorization).toBe("Bearer fromenv");
    expect(config.identities?.secondary?.headers.authorization).toBe("Bearer second");
    expect([...(config.enabled ?? [])]).toEqual(["ssrf-probe"]);
    expect(burstOption.read(config.layers ?? {})).toEqual({ size: 0 });
    expect(() => createAuthLayer({}).apply({ auth2: ["bearer:x"] }, { target: "" })).toThrow(/needs --auth/);
  });
});

describe("rampart scan --auth", () => {
  let labs: LabTrio;
  let dir: string;
  beforeAll(async () => {
    labs = await startLabTrio();
    dir = mkdtempSync(path.join(tmpdir(), "rampart-auth-"));
  });
  afterAll(async () => {
    await labs.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("never writes a credential in any output format, stdout or stderr", async () => {
    const token = labToken(false, 1);
    const secondToken = labToken(false, 2);
    const password = "hunter2-correct-horse";
    const cookieValue = "sess-9c1b7e55aa01";
    const queryValue = "qk_5f2e8d1c0b9a7766";
    const out: string[] = [];
    const code = await main(
      [
        "scan",
        `${labs.vulnerable.origin}/api/v1/accounts/1?api_key=${LAB_API_KEY}`,
        "--auth",
        `bearer:${token}`,
        "--auth",
        `cookie:sid=${cookieValue}`,
        "--auth",
        `query:access_key:${queryValue}`,
        "--auth2",
        `header:X-Second-Token:${secondToken}`,
        "--auth2",
        `basic:bob:${password}`,
        "--only",
        "authentication,bola,bfla,property-authorization,resource-consumption,ssrf",
        "--burst",
        "5",
        "--ssrf-probe",
        "--format",
        Object.keys(RENDERERS).join(","),
        "--output-dir",
        dir,
      ],
      { stdout: (s) => out.push(s), stderr: (s) => out.push(s), isTTY: false },
    );
    expect(code).toBe(1);
    const outputs = [...readdirSync(dir).map((f) => readFileSync(path.join(dir, f), "utf8")), out.join("")];
    expect(readdirSync(dir)).toHaveLength(Object.keys(RENDERERS).length);
    const raw = [
      token,
      secondToken,
      password,
      `bob:${password}`,
      Buffer.from(`bob:${password}`).toString("base64"),
      cookieValue,
      queryValue,
    ];
    for (const text of outputs) for (const secret of raw) expect(text).not.toContain(secret);
    const json = JSON.parse(readFileSync(path.join(dir, "rampart.json"), "utf8"));
    expect(
      json.findings.some((f: { ruleId: string }) => f.ruleId === "jwt-weak-secret"),
      JSON.stringify(json.coverage.find((c: { check: string }) => c.check === "jwt-weak-secret")),
    ).toBe(true);
    // Credentials went only to the lab (the one origin), on GET, HEAD, OPTIONS or a declared POST.
    const withToken = labs.vulnerable.requests.filter((r) => String(r.headers.authorization ?? "").includes(token));
    expect(withToken.length).toBeGreaterThan(0);
    expect(labs.vulnerable.requests.some((r) => r.url.includes(`access_key=${queryValue}`))).toBe(true);
    expect(labs.vulnerable.requests.some((r) => String(r.headers.cookie ?? "").includes(cookieValue))).toBe(true);
    expect(labs.vulnerable.requests.some((r) => String(r.headers["x-second-token"] ?? "") === secondToken)).toBe(true);
  });
});
