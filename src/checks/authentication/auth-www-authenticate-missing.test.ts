import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { startThirtyRoutesApi, THIRTY_ROUTES } from "../../../lab/rest/twins.js";
import { findingsOf, requestsOf, scanWith, specOperations, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import { MAX_INSTANCES } from "../../engine/finding.js";
import check from "./auth-www-authenticate-missing.js";

describe("auth-www-authenticate-missing", () => {
  const labs = useLab(startLabTrio);

  it("reports a bare 401 as low", async () => {
    const report = await scanWith(check, `${labs.vulnerable.origin}/api/v1/me`);
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("low");
    expect(requestsOf(report, check.meta.id)).toBe(0);
  });

  it("stays quiet on the hardened twin's Bearer challenge and on a catch-all host", async () => {
    expect(verdictOf(await scanWith(check, `${labs.hardened.origin}/api/v1/me`), check.meta.id)).toBe("pass");
    expect(verdictOf(await scanWith(check, labs.catchAll.url), check.meta.id)).toBe("pass");
  });
});

describe("auth-www-authenticate-missing on thirty routes behind one layer", () => {
  const lab = useLab(startThirtyRoutesApi);

  it("is one finding for the cause, with thirty instances, counted once by the score", async () => {
    const spec = specOperations(...THIRTY_ROUTES.map((path) => ({ method: "GET", path, parameters: [] })));
    const report = await scanWith(check, `${lab.origin}${THIRTY_ROUTES[0]}`, { enrichers: [spec] });
    const found = findingsOf(report, check.meta.id);
    expect(found).toHaveLength(1);
    expect(found[0].instanceCount).toBe(30);
    expect(found[0].instances).toHaveLength(MAX_INSTANCES);
    expect(found[0].operation.path).toBe(THIRTY_ROUTES[0]);
    const single = await scanWith(check, `${lab.origin}${THIRTY_ROUTES[0]}`);
    expect(report.score).toBe(single.score);
  });
});
