import { describe, expect, it } from "vitest";
import { labIdentities } from "../../../lab/rest/auth.js";
import { startLabTrio } from "../../../lab/rest/index.js";
import { membersIdentities, startMembersApi } from "../../../lab/rest/twins.js";
import { expectNotCutAtCap } from "../../../test/check-tester.js";
import { findingsOf, scanWith, specOperations, verdictOf } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check from "./bola-listed-keys.js";

/** What an OpenAPI layer would give: the public list and the item keyed by slug. */
const notesSpec = specOperations(
  { method: "GET", path: "/api/v1/notes", parameters: [] },
  {
    method: "GET",
    path: "/api/v1/notes/{slug}",
    parameters: [{ name: "slug", in: "path", required: true }],
    sampleUrl: "/api/v1/notes/example",
  },
);

describe("bola-listed-keys", () => {
  const labs = useLab(startLabTrio);

  it("reads another owner's note by the slug the API lists: high and firm, its owner differs from the token's sub", async () => {
    const report = await scanWith(check, labs.vulnerable.apiUrl, {
      identities: labIdentities(false, 1),
      enrichers: [notesSpec],
    });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("high");
    expect(finding.confidence).toBe("firm");
    expect(finding.message).toContain("/api/v1/notes/bob-plans");
    expect(finding.message).toMatch(/owner 2 differs from the caller's 1/);
    expectNotCutAtCap(report, check);
  });

  it("stays quiet on the hardened twin, without --auth, and on a catch-all host", async () => {
    const hardened = await scanWith(check, labs.hardened.apiUrl, {
      identities: labIdentities(true, 1),
      enrichers: [notesSpec],
    });
    expect(findingsOf(hardened, check.meta.id)).toEqual([]);
    expect(verdictOf(hardened, check.meta.id)).toBe("pass");
    expect(verdictOf(await scanWith(check, labs.vulnerable.apiUrl, { enrichers: [notesSpec] }), check.meta.id)).toBe(
      "skipped",
    );
    const caught = await scanWith(check, labs.catchAll.url, {
      identities: labIdentities(false, 1),
      enrichers: [notesSpec],
    });
    expect(findingsOf(caught, check.meta.id)).toEqual([]);
  });
});

describe("bola-listed-keys with a key in the query", () => {
  const members = useLab(startMembersApi);
  const spec = specOperations(
    { method: "GET", path: "/api/directory", parameters: [] },
    {
      method: "GET",
      path: "/api/profile",
      parameters: [{ name: "username", in: "query", required: true }],
      sampleUrl: "/api/profile?username=ann",
    },
  );

  it("tries listed usernames in ?username=: high and firm where the profile's username is not the caller's", async () => {
    const report = await scanWith(check, `${members.origin}/api/directory`, {
      identities: membersIdentities(),
      enrichers: [spec],
    });
    const [finding] = findingsOf(report, check.meta.id);
    expect(finding.severity).toBe("high");
    expect(finding.confidence).toBe("firm");
    expect(finding.message).toMatch(/username ben differs from the caller's ann \(token claim/);
    expectNotCutAtCap(report, check);
  });
});
