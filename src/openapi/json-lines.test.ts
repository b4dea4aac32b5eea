import { describe, expect, it } from "vitest";
import { parseSpecText } from "./load.js";

describe("operation lines of a JSON spec", () => {
  it("match what the YAML document model finds, escapes and nesting included", () => {
    const spec = {
      openapi: "3.0.3",
      info: { title: 'a "quoted" {title}', version: "1" },
      tags: [{ name: "x", description: "[not, an: object]" }],
      paths: {
        "/users/{id}": {
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          get: { responses: { "200": { description: 'ok \\ " }' } } },
          delete: { responses: { "204": { description: "gone" } } },
        },
        "/a~b/c\u00e9": { post: { requestBody: { content: {} }, responses: {} } },
        "/empty": {},
      },
      components: { schemas: { paths: { type: "object", properties: { get: { type: "string" } } } } },
    };
    for (const text of [JSON.stringify(spec, null, 2), JSON.stringify(spec, null, 4), JSON.stringify(spec)]) {
      const fast = parseSpecText(text, "spec.json");
      // The YAML parser reads JSON too: the reference for values and lines.
      const slow = parseSpecText(`# yaml\n${text}`, "spec.yaml");
      expect(fast.value).toEqual(slow.value);
      const shifted = Object.fromEntries(Object.entries(slow.operationLines).map(([k, v]) => [k, v - 1]));
      expect(fast.operationLines).toEqual(shifted);
      expect(Object.keys(fast.operationLines)).toEqual(
        expect.arrayContaining([
          "#/paths/~1users~1{id}/get",
          "#/paths/~1users~1{id}/delete",
          "#/paths/~1a~0b~1cé/post",
        ]),
      );
    }
  });
});
