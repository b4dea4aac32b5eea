import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { startSwaggerUiExpressApi } from "../../../lab/rest/twins.js";
import { testCheck } from "../../../test/check-tester.js";
import { findingsOf, scanWith } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check from "./inventory-version-headers.js";

testCheck(check, {
  labs: startLabTrio,
  finds: [
    {
      name: "each version-revealing header once, at low severity",
      url: (labs) => labs.vulnerable.apiUrl,
      finds: [
        { severity: "low", key: "server" },
        { severity: "low", key: "x-powered-by" },
      ],
      only: true,
    },
  ],
  quiet: [
    { name: "the hardened twin", url: (labs) => labs.hardened.apiUrl },
    { name: "a catch-all host", url: (labs) => labs.catchAll.url },
  ],
});

describe("inventory-version-headers on X-Powered-By without a version", () => {
  const lab = useLab(startSwaggerUiExpressApi);

  it("notes the framework fingerprint at info", async () => {
    const [finding, ...rest] = findingsOf(await scanWith(check, `${lab.origin}/api/products`), check.meta.id);
    expect(rest).toEqual([]);
    expect(finding.severity).toBe("info");
    expect(finding.message).toContain("x-powered-by: Express names the framework");
  });
});
