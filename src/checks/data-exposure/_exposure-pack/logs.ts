/** Exposure pack entries: log files. Order within the file is the probe order. */
import { type ExposurePath, entries } from "./entries.js";
import { notHtml } from "./validators.js";

export const LOGS: readonly ExposurePath[] = [
  ...entries(["/debug.log", "/error.log", "/logs/error.log", "/storage/logs/laravel.log", "/npm-debug.log"], {
    group: "logs",
    title: "Log file is exposed",
    severity: "medium",
    rationale: "Logs carry stack traces, internal hosts, user data and sometimes tokens.",
    validate: (body) =>
      notHtml(body) &&
      (/^\[?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}/m.test(body) || /^\d+ (?:verbose|info|error) /m.test(body)) &&
      /error|exception|warn|info|debug/i.test(body),
  }),
  ...entries(["/logs/access.log", "/access.log", "/log/production.log", "/var/log/app.log", "/wp-content/debug.log"], {
    group: "logs",
    title: "Log file is exposed",
    severity: "medium",
    rationale: "Logs carry request URLs (tokens in query strings), client addresses and errors.",
    validate: (body) =>
      notHtml(body) &&
      (/^\S+ \S+ \S+ \[\d{2}\/\w{3}\/\d{4}/m.test(body) || /^\[?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/m.test(body)),
    tier: "deep",
  }),
];
