/**
 * The core lab's contract: the vulnerable flavour carries every transport, header, CORS, cache and
 * inventory issue the section-3 checks look for; the hardened twin (over HTTP, and over HTTPS with
 * HSTS and a trusted certificate) gets nothing at low or above from any of them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import cacheControlSensitive from "../../src/checks/data-exposure/cache-control-sensitive.js";
import cookieAttributes from "../../src/checks/encryption/cookie-attributes.js";
import tlsCertificate from "../../src/checks/encryption/tls-certificate.js";
import tlsLegacyProtocols from "../../src/checks/encryption/tls-legacy-protocols.js";
import transportHsts from "../../src/checks/encryption/transport-hsts.js";
import transportPlainHttp from "../../src/checks/encryption/transport-plain-http.js";
import corsNullOrigin from "../../src/checks/input-validation/cors-null-origin.js";
import corsOriginReflected from "../../src/checks/input-validation/cors-origin-reflected.js";
import corsWildcard from "../../src/checks/input-validation/cors-wildcard.js";
import headersContentTypeOptions from "../../src/checks/input-validation/headers-content-type-options.js";
import headersHtmlCsp from "../../src/checks/input-validation/headers-html-csp.js";
import headersHtmlFraming from "../../src/checks/input-validation/headers-html-framing.js";
import inventoryDangerousMethods from "../../src/checks/inventory/inventory-dangerous-methods.js";
import inventoryNoVersioning from "../../src/checks/inventory/inventory-no-versioning.js";
import inventoryVersionHeaders from "../../src/checks/inventory/inventory-version-headers.js";
import type { Check } from "../../src/engine/check.js";
import { atLeast } from "../../src/engine/finding.js";
import { trustedCaOption } from "../../src/engine/tls-trust.js";
import { scanWith } from "../../test/harness.js";
import { STRONG_HSTS, startTlsLab, type TlsLab } from "../servers/tls.js";
import { type RestApi, startRestApi } from "./index.js";

const SECTION3: Check[] = [
  cacheControlSensitive,
  cookieAttributes,
  tlsCertificate,
  tlsLegacyProtocols,
  transportHsts,
  transportPlainHttp,
  corsNullOrigin,
  corsOriginReflected,
  corsWildcard,
  headersContentTypeOptions,
  headersHtmlCsp,
  headersHtmlFraming,
  inventoryDangerousMethods,
  inventoryNoVersioning,
  inventoryVersionHeaders,
];
const IDS = new Set(SECTION3.map((c) => c.meta.id));

/** Paths a user might give: the API, its session endpoint, a public status endpoint, the HTML root. */
const PATHS = ["/api/v1/users", "/api/v1/session", "/api/v1/status", "/"];

describe("core lab flavours against the section-3 checks", () => {
  let vulnerable: RestApi;
  let hardened: RestApi;
  let hardenedTls: TlsLab;
  beforeAll(async () => {
    [vulnerable, hardened, hardenedTls] = await Promise.all([
      startRestApi({ hardened: false }),
      startRestApi({ hardened: true }),
      startTlsLab({ hardened: true, hsts: STRONG_HSTS }),
    ]);
  });
  afterAll(() => Promise.all([vulnerable, hardened, hardenedTls].map((s) => s.close())));

  it("gives the hardened twin nothing at low or above, over HTTP and over HTTPS", async () => {
    for (const origin of [hardened.origin, hardenedTls.origin]) {
      for (const path of PATHS) {
        const report = await scanWith(SECTION3, origin + path, {
          layers: trustedCaOption.entry({ ca: [hardenedTls.caPem] }),
        });
        const serious = report.findings.filter((f) => IDS.has(f.ruleId) && atLeast(f.severity, "low"));
        expect(serious.map((f) => `${origin}${path} ${f.ruleId}: ${f.message}`)).toEqual([]);
        expect(report.coverage.filter((c) => c.verdict === "error")).toEqual([]);
      }
    }
  });

  it("lets a URL-only scan of the vulnerable API find the CORS, cookie-free header, cache and inventory issues within a small budget", async () => {
    const report = await scanWith(SECTION3, vulnerable.apiUrl);
    const found = new Set(report.findings.map((f) => f.ruleId));
    for (const id of [
      "cors-origin-reflected",
      "cors-null-origin",
      "headers-content-type-options",
      "headers-html-framing",
      "headers-html-csp",
      "cache-control-sensitive",
      "inventory-dangerous-methods",
      "inventory-version-headers",
      "transport-plain-http",
    ])
      expect(found, id).toContain(id);
    const mine = Object.entries(report.stats.byCheck).filter(([id]) => IDS.has(id));
    expect(mine.reduce((sum, [, n]) => sum + n, 0)).toBeLessThanOrEqual(20);
  });

  it("reports the same findings on a repeated scan (stable keys, no randomness outside the seed)", async () => {
    const stable = async () =>
      (await scanWith(SECTION3, vulnerable.apiUrl)).findings
        .filter((f) => IDS.has(f.ruleId))
        .map((f) => ({ ...f, message: f.message.replace(/127\.0\.0\.1:\d+/g, "") }));
    expect(await stable()).toEqual(await stable());
  });

  it("carries the remaining issues on their own paths: cookies, wildcard CORS, an unversioned alias", async () => {
    const expectations: [string, string][] = [
      ["/api/v1/session", "cookie-attributes"],
      ["/api/v1/status", "cors-wildcard"],
      ["/api/users", "inventory-no-versioning"],
    ];
    for (const [path, id] of expectations) {
      const report = await scanWith(SECTION3, vulnerable.origin + path);
      expect(report.findings.map((f) => f.ruleId)).toContain(id);
    }
  });
});
