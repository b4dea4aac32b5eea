import { describe, expect, it } from "vitest";
import { startLabTrio } from "../../../lab/rest/index.js";
import { describeGraphqlCheck } from "../../../test/graphql-check-suite.js";
import { scanWith } from "../../../test/harness.js";
import { useLab } from "../../../test/lab-hooks.js";
import check from "./graphql-introspection.js";

describeGraphqlCheck(check, "low");

describe("GraphQL discovery", () => {
  const labs = useLab(startLabTrio);

  it("is done once per scan for all GraphQL checks", async () => {
    const { default: suggestions } = await import("./graphql-field-suggestions.js");
    const { default: ide } = await import("./graphql-ide-exposed.js");
    const { default: getQueries } = await import("../input-validation/graphql-get-queries.js");
    const { default: batching } = await import("../resource-consumption/graphql-array-batching.js");
    const { default: aliases } = await import("../resource-consumption/graphql-alias-amplification.js");
    const report = await scanWith([check, suggestions, ide, getQueries, batching, aliases], labs.vulnerable.apiUrl);
    const discovery = labs.vulnerable.requests.filter(
      (r) => r.method === "POST" && r.body === '{"query":"{__typename}"}',
    );
    expect(discovery).toHaveLength(2);
    expect(report.stats.requests).toBeLessThanOrEqual(1 + 2 + 7);
    expect(report.findings).toHaveLength(6);
  });
});
