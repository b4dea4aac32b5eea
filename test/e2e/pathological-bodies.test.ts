/**
 * Every check and detector reads response bodies with regular expressions. A hostile target can
 * answer with a megabyte shaped to make a careless pattern backtrack for minutes, which no
 * deadline can interrupt (the work is synchronous). Full scans of such bodies must still end.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LabServer, startLab } from "../../lab/kit.js";
import { CHECKS } from "../../src/checks/index.js";
import { runScan } from "../../src/engine/scan.js";

const SIZE = 1024 * 1024;
const BODIES: Record<string, string> = {
  letters: "a".repeat(SIZE),
  digits: "1".repeat(SIZE),
  spaces: `x${" ".repeat(SIZE)}x`,
  "at-signs": "a@".repeat(SIZE / 2),
  "dotted-words": "ab.".repeat(SIZE / 3),
  "key-like": "sk-".concat("A".repeat(SIZE)),
  "digit-groups": "4111 ".repeat(SIZE / 5),
  "equals-pairs": "token=".repeat(SIZE / 6),
  "json-nesting": "[".repeat(SIZE / 2),
  "html-tags": "<a ".repeat(SIZE / 3),
};

describe("scans of pathological response bodies", () => {
  let server: LabServer;
  let body = "";
  beforeAll(async () => {
    server = await startLab((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(body);
    });
  });
  afterAll(() => server.close());

  for (const [name, content] of Object.entries(BODIES)) {
    it(`${name}: a full scan ends near its deadline`, async () => {
      body = content;
      const started = Date.now();
      const report = await runScan({
        url: `${server.origin}/api/v1/items`,
        checks: CHECKS,
        limits: { deadlineMs: 4000 },
      });
      expect(Date.now() - started).toBeLessThan(4000 + 5000);
      expect(report.coverage.length).toBe(CHECKS.length);
    });
  }
});
