import { describe, expect, it } from "vitest";
import { normalise, sameAnswer, similarity } from "./compare.js";

describe("the differential noise model", () => {
  it("blanks echoes of the sent values in every usual escaping, and volatile values", () => {
    const sent = ["x' and '4'='4"];
    expect(normalise('{"query":"x\' and \'4\'=\'4","at":"2026-12-04T19:00:00Z"}', sent)).toBe(
      normalise('{"query":"other","at":"2025-01-01T00:00:00Z"}', ["other"]),
    );
    expect(normalise("<p>x&#39; and &#39;4&#39;=&#39;4</p>", sent)).toBe("<p>\u0000</p>");
    expect(normalise("id 6f1c2a9e-0b7d-4c1e-9a3f-1b2c3d4e5f60 req 991")).toBe("id 0 req 0");
  });

  it("treats two pages that differ only by an echo or a timestamp as the same, and different rows as different", () => {
    const a = { status: 200, text: '{"q":"a 4=4","results":[{"name":"Blue widget"}],"took":12}' };
    const b = { status: 200, text: '{"q":"a 4=5","results":[{"name":"Blue widget"}],"took":31}' };
    expect(sameAnswer(a, b, ["a 4=4", "a 4=5"])).toBe(true);
    const empty = { status: 200, text: '{"q":"a 4=5","results":[]}' };
    expect(sameAnswer(a, empty, ["a 4=4", "a 4=5"])).toBe(false);
    expect(sameAnswer(a, { ...a, status: 404 })).toBe(false);
  });

  it("scores token overlap", () => {
    expect(similarity("a b c", "a b c")).toBe(1);
    expect(similarity("a b c d", "a b c e")).toBeCloseTo(0.75);
    expect(similarity("a", "b")).toBe(0);
  });
});

describe("echoes of numeric values", () => {
  it("leave random ids alone: an id that contains the sent digit is still the same page", () => {
    const a = { status: 200, text: '{"status":"ok","path":"/api/accounts/1","requestId":240517396}' };
    const b = { status: 200, text: '{"status":"ok","path":"/api/accounts/1","requestId":988203467}' };
    expect(sameAnswer(a, b, ["1"])).toBe(true);
  });
});
