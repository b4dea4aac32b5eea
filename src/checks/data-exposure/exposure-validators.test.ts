import { describe, expect, it } from "vitest";
import { EXPOSURE_PACK } from "./_exposure-pack.js";

const SPA_INDEX =
  '<!doctype html><html><head><title>App</title><script src="/assets/app.js"></script></head><body><div id="root"></div></body></html>';
const NOT_FOUND_JSON = '{"error":"not found","path":"/x","status":404}';
const WAF_PAGE = "<html><body><h1>Access denied</h1><p>Request blocked. Reference #18.2f</p></body></html>";
const OTHER_MISSES = [
  '{"status":"ok","path":"/x","requestId":123}',
  '{"timestamp":"2026-01-01T00:00:00Z","status":404,"error":"Not Found","path":"/x"}',
  "OK",
  "Not Found",
  "error: not found",
  '<html><head><title>Sign in</title></head><body><form action="/login"><input name="password" type="password"></form></body></html>',
];

/** Realistic bodies for a sample of paths: each must be accepted by its own validator. */
const REAL_BODIES: Record<string, string> = {
  "/.git/config":
    '[core]\n\trepositoryformatversion = 0\n\tbare = false\n[remote "origin"]\n\turl = git@host:a/b.git\n',
  "/.git/HEAD": "ref: refs/heads/main\n",
  "/.env": "APP_ENV=production\nDB_HOST=db.internal\nDB_PASSWORD=\n",
  "/backup.sql": "-- PostgreSQL database dump\nCREATE TABLE public.users (id integer);\n",
  "/actuator": '{"_links":{"self":{"href":"/actuator"},"env":{"href":"/actuator/env"}}}',
  "/actuator/env": '{"activeProfiles":["prod"],"propertySources":[]}',
  "/actuator/health": '{"status":"UP","components":{"db":{"status":"UP"}}}',
  "/server-status": "<html><title>Apache Status</title><h1>Apache Server Status for x</h1></html>",
  "/phpinfo.php": "<title>PHP 8.2.1 - phpinfo()</title><h1>PHP Version 8.2.1</h1> PHP License",
  "/debug/vars": '{"cmdline":["/app"],"memstats":{"Alloc":1}}',
  "/metrics": "# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\nhttp_requests_total 3\n",
  "/openapi.json": '{"openapi":"3.1.0","info":{"title":"x","version":"1"},"paths":{}}',
  "/swagger.yaml": 'swagger: "2.0"\ninfo:\n  title: x\npaths: {}\n',
  "/api-docs":
    '<html><head><link rel="stylesheet" href="./swagger-ui.css"></head><body><div id="swagger-ui"></div></body></html>',
  "/.aws/credentials": "[default]\naws_access_key_id = AKIA\naws_secret_access_key = x\n",
  "/.docker/config.json": '{"auths":{"registry.lab.net":{"auth":"eA=="}}}',
  "/.npmrc": "registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=$NPM_TOKEN\n",
  "/web.config": '<?xml version="1.0"?><configuration><system.webServer></system.webServer></configuration>',
  "/appsettings.json": '{"ConnectionStrings":{"Default":"Server=db"},"Logging":{}}',
  "/docker-compose.yml": "services:\n  api:\n    image: lab/api:1\n",
  "/.gitlab-ci.yml": "stages:\n  - test\ntest:\n  script:\n    - npm test\n",
  "/.mcp.json": '{"mcpServers":{"fs":{"command":"npx","args":["-y","@modelcontextprotocol/server-filesystem"]}}}',
  "/CLAUDE.md":
    "# Project notes\n\nRun `npm test` before committing. The billing service lives in services/billing and talks to Stripe.\n",
  "/.claude/settings.json": '{"permissions":{"allow":["Bash(npm test)"]}}',
  "/ftp/": "<html><head><title>listing directory /ftp</title></head><body><ul><li>a.bak</li></ul></body></html>",
  "/error.log": "[2026-01-01 10:00:00] production.ERROR: Connection refused {exception}\n",
  "/console": "<title>Console // Werkzeug Debugger</title> Interactive Console",
  "/jolokia": '{"request":{"type":"version"},"value":{"agent":"1.7.2","protocol":"7.2"},"status":200}',
};

describe("exposure pack validators", () => {
  it("reject SPA pages, JSON and text 404s, WAF and login pages and empty bodies for every path", () => {
    for (const e of EXPOSURE_PACK) {
      for (const body of [SPA_INDEX, NOT_FOUND_JSON, WAF_PAGE, "", ...OTHER_MISSES]) {
        expect(e.validate(body, Buffer.from(body)), `${e.path} accepted ${body.slice(0, 30)}`).toBe(false);
      }
    }
  });

  it("accept the real content of the file each path names", () => {
    for (const [path, body] of Object.entries(REAL_BODIES)) {
      const entry = EXPOSURE_PACK.find((e) => e.path === path);
      expect(entry, path).toBeDefined();
      expect(entry!.validate(body, Buffer.from(body)), path).toBe(true);
    }
  });

  it("judge binary files by their magic bytes", () => {
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);
    const sqlite = Buffer.from("SQLite format 3\u0000rest");
    expect(EXPOSURE_PACK.find((e) => e.path === "/backup.zip")!.validate(zip.toString("latin1"), zip)).toBe(true);
    expect(EXPOSURE_PACK.find((e) => e.path === "/db.sqlite")!.validate(sqlite.toString("latin1"), sqlite)).toBe(true);
    expect(EXPOSURE_PACK.find((e) => e.path === "/backup.zip")!.validate(SPA_INDEX, Buffer.from(SPA_INDEX))).toBe(
      false,
    );
  });
});
