import { describe, expect, it } from "vitest";
import { encodeValue, parameterSlots, slotUrl } from "./params.js";
import { type Operation, type Target, targetFromUrl } from "./target.js";

function targetWith(op: Omit<Operation, "source">): Target {
  const t = targetFromUrl(new URL("http://127.0.0.1:9/api/orders"));
  t.operations = [{ ...op, source: "spec" }];
  return t;
}

describe("parameter slots", () => {
  it("lists path templates, value-like literal segments, sample query values and declared optional parameters", () => {
    const t = targetWith({
      method: "GET",
      path: "/api/shops/{shop}/items",
      sampleUrl: "/api/shops/7/items?sort=name%20asc",
      parameters: [
        { name: "shop", in: "path", required: true },
        { name: "sort", in: "query", required: false },
        { name: "q", in: "query", required: false, schema: { example: "lamp" } },
      ],
    });
    expect(parameterSlots(t).map((s) => [s.in, s.name, s.value])).toEqual([
      ["path", "shop", "7"],
      ["query", "sort", "name asc"],
      ["query", "q", "lamp"],
    ]);
    const fromUrl = targetFromUrl(new URL("http://127.0.0.1:9/api/products/12?x=1"));
    expect(parameterSlots(fromUrl).map((s) => s.label)).toEqual([
      "GET /api/products/12 path:#3",
      "GET /api/products/12 query:x",
    ]);
  });

  it("encodes values from their UTF-8 bytes, keeps other parameters byte for byte, and keeps a path value one segment", () => {
    const t = targetWith({
      method: "GET",
      path: "/api/files/{name}",
      sampleUrl: "/api/files/a.txt?sig=AbC%2Fd%3D&lang=en",
      parameters: [{ name: "name", in: "path", required: true }],
    });
    const [path, sig] = parameterSlots(t);
    expect(slotUrl(path, "../../etc/passwd")).toBe("/api/files/..%2F..%2Fetc%2Fpasswd?sig=AbC%2Fd%3D&lang=en");
    expect(slotUrl(sig, "x' AND 'é'='é")).toBe("/api/files/a.txt?sig=x%27%20AND%20%27%C3%A9%27%3D%27%C3%A9&lang=en");
    expect(slotUrl(sig, "x", { nameSuffix: "[$ne]" })).toBe("/api/files/a.txt?sig[$ne]=x&lang=en");
    expect(slotUrl(sig, "..%252f", { raw: true })).toContain("sig=..%252f&");
    // Never an invalid escape such as a lone %FF, which Express would refuse before any handler runs.
    expect(encodeValue("\u00ff\r\n<>")).toBe("%C3%BF%0D%0A%3C%3E");
  });
});
