/** Exposure pack entries: debug consoles and status pages. Order within the file is the probe order. */
import { type ExposurePath, entries } from "./entries.js";
import { all, has, json, page } from "./validators.js";

export const DEBUG: readonly ExposurePath[] = [
  ...entries(["/server-status"], {
    group: "debug",
    title: "Apache server-status is public",
    severity: "medium",
    rationale: "Live requests with client addresses and URLs (including tokens in query strings).",
    validate: page(/Apache Server Status|Server Version:\s*Apache/i),
  }),
  ...entries(["/server-info"], {
    group: "debug",
    title: "Apache server-info is public",
    severity: "medium",
    rationale: "The full server configuration and loaded modules.",
    validate: page(/Apache Server Information/i),
  }),
  ...entries(["/nginx_status"], {
    group: "debug",
    title: "nginx stub_status is public",
    severity: "low",
    rationale: "Connection counters only, but it confirms the proxy and its load.",
    validate: all(/Active connections:\s*\d+/, /server accepts handled requests/),
  }),
  ...entries(["/phpinfo.php", "/info.php", "/php_info.php", "/test.php"], {
    group: "debug",
    title: "phpinfo() page is public",
    severity: "medium",
    rationale: "Versions, paths, loaded modules and environment variables (sometimes credentials).",
    validate: page(/phpinfo\(\)|PHP Version \d/, /PHP (?:Version|License|Credits)|php\.ini/),
  }),
  ...entries(["/_profiler", "/app_dev.php/_profiler"], {
    group: "debug",
    title: "Symfony profiler is public",
    severity: "high",
    rationale: "Every recorded request with its headers, session and database queries.",
    validate: page(/Symfony Profiler|sf-toolbar|_profiler\/(?:search|latest)/),
  }),
  ...entries(["/telescope"], {
    group: "debug",
    title: "Laravel Telescope is public",
    severity: "high",
    rationale: "Requests, queries, jobs and exceptions with their data.",
    validate: page(/Laravel Telescope|window\.Telescope/),
  }),
  ...entries(["/elmah.axd"], {
    group: "debug",
    title: "ELMAH error log is public",
    severity: "high",
    rationale: "Full ASP.NET error reports, often with session cookies and request bodies.",
    validate: page(/Error Log for|ELMAH/),
  }),
  ...entries(["/trace.axd"], {
    group: "debug",
    title: "ASP.NET trace viewer is public",
    severity: "high",
    rationale: "Recent requests with headers, cookies and server variables.",
    validate: page(/Application Trace|Trace Information|Requests to this Application/),
  }),
  ...entries(["/debug/pprof/"], {
    group: "debug",
    title: "Go pprof profiler is public",
    severity: "medium",
    rationale: "Profiles reveal code paths and memory; long profiles can be used to exhaust the CPU.",
    validate: page(/Types of profiles available|\/debug\/pprof\//),
  }),
  ...entries(["/debug/vars"], {
    group: "debug",
    title: "Go expvar is public",
    severity: "medium",
    rationale: "The process command line (sometimes with flags holding secrets) and memory statistics.",
    validate: json((v) => has(v, "cmdline") && has(v, "memstats")),
  }),
  ...entries(["/console"], {
    group: "debug",
    title: "Interactive debug console is reachable",
    severity: "critical",
    rationale:
      "The Werkzeug or Rails web console runs code on the server: remote code execution if the PIN is absent or guessable.",
    validate: page(/Werkzeug|Interactive Console|__debugger__|web-console/i, /console/i),
  }),
  ...entries(["/rails/info/properties", "/rails/info/routes"], {
    group: "debug",
    title: "Rails development info is public",
    severity: "medium",
    rationale: "Versions, middleware and every route of the application.",
    validate: page(/Rails version|Routes match in priority|Ruby version/),
  }),
  ...entries(["/__debug__/", "/silk/", "/_debugbar/open"], {
    group: "debug",
    title: "Debug toolbar is public",
    severity: "medium",
    rationale: "Django Debug Toolbar, Silk and Laravel Debugbar store requests, SQL and settings.",
    validate: (body) => /djdt|Silk|phpdebugbar|debugbar/i.test(body) && !/^\s*\{\s*"error"/.test(body),
    tier: "deep",
  }),
];
