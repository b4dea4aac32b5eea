/**
 * Data exposure in the lab REST API: leaked secrets and PII in responses, sensitive JSON fields,
 * verbose errors and exposed files (.env, .git, actuator, specs, dumps, agent configs). The
 * vulnerable flavour carries them; the hardened twin answers the same API without any of them.
 *
 * Every key-shaped value is generated from a fixed seed when the lab starts, never committed.
 */

import { ALPHABETS, draw, ruleById } from "../../src/detect/secrets/index.js";
import { createRng } from "../../src/engine/rng.js";
import { type LabModule, type Route, sendJson, sendText } from "../kit.js";

export interface PlantedSecrets {
  together: string;
  openai: string;
  anthropic: string;
  stripeLive: string;
  awsAccessKeyId: string;
  awsSecretAccessKey: string;
  githubToken: string;
  dbPassword: string;
  gitPassword: string;
  mcpTogether: string;
}

/** The secrets the vulnerable lab leaks, the same on every start (tests grep reports for them). */
export function plantedSecrets(): PlantedSecrets {
  const rand = createRng(20_260_101, "lab-data-secrets").next;
  const sample = (id: string) => ruleById(id)!.sample(rand);
  return {
    together: sample("together-api-key"),
    openai: sample("openai-project-key"),
    anthropic: sample("anthropic-api-key"),
    stripeLive: sample("stripe-live-secret-key"),
    awsAccessKeyId: sample("aws-access-key-id"),
    awsSecretAccessKey: sample("aws-secret-access-key"),
    githubToken: sample("github-classic-pat"),
    dbPassword: `${draw(rand, ALPHABETS.alnum, 14)}_${draw(rand, ALPHABETS.alnum, 6)}`,
    gitPassword: draw(rand, ALPHABETS.alnum, 20),
    mcpTogether: sample("together-api-key"),
  };
}

/** Luhn check digit appended, so card numbers are built rather than committed. */
function withLuhn(partial: string): string {
  for (let d = 0; d <= 9; d++) {
    const digits = partial + d;
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let n = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
      sum += n;
    }
    if (sum % 10 === 0) return digits;
  }
  return partial;
}

/** ISO 7064 check digits computed, so the IBAN is valid without being a documented sample. */
function ibanWithCheck(country: string, bban: string): string {
  const numeric = `${bban}${country}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let remainder = 0;
  for (const ch of numeric) remainder = (remainder * 10 + Number(ch)) % 97;
  const compact = `${country}${String(98 - remainder).padStart(2, "0")}${bban}`;
  return compact.match(/.{1,4}/g)!.join(" ");
}

function customers(hardened: boolean) {
  const rand = createRng(7, "lab-customers").next;
  const names = ["Ada Byrne", "Bo Lindqvist", "Chiara Russo", "Dmitri Orlov", "Efua Mensah", "Farah Haddad"];
  return names.map((name, i) => {
    const handle = name.toLowerCase().replace(" ", ".");
    if (hardened) return { id: i + 1, name: name.split(" ")[0], tier: i % 2 ? "gold" : "basic" };
    return {
      id: i + 1,
      name,
      email: `${handle}@mailbox-lab.net`,
      phone: `+1 415 555 01${String(10 + i)}`,
      card: withLuhn(`4${draw(rand, ALPHABETS.digits, 14)}`),
      ssn: `5${draw(rand, "12345678", 2)}-${draw(rand, "123456789", 2)}-${draw(rand, "123456789", 4)}`,
      iban: i === 0 ? ibanWithCheck("DE", draw(rand, ALPHABETS.digits, 18)) : undefined,
      // Short numeric secrets must not upset report-wide redaction (they would match inside other numbers).
      pin: 4000 + i * 7,
      password_hash: `$2b$12$${draw(rand, `${ALPHABETS.alnum}./`, 53)}`,
      upstream: "10.20.0.14",
    };
  });
}

const EXPRESS_TRACE = `<!DOCTYPE html><html><head><title>Error</title></head><body><pre>TypeError: Cannot read properties of undefined (reading 'offset')<br> &nbsp; &nbsp;at listExports (/srv/lab/routes/exports.js:41:18)<br> &nbsp; &nbsp;at Layer.handle [as handle_request] (/srv/lab/node_modules/express/lib/router/layer.js:95:5)<br> &nbsp; &nbsp;at process.processTicksAndRejections (node:internal/process/task_queues:95:5)</pre></body></html>`;

const PYTHON_TRACE = `Traceback (most recent call last):
  File "/usr/local/lib/python3.12/site-packages/starlette/middleware/errors.py", line 164, in __call__
    await self.app(scope, receive, _send)
  File "/srv/lab/app/exports.py", line 18, in create_note
    payload = json.loads(body)
json.decoder.JSONDecodeError: Expecting value: line 1 column 12 (char 11)
`;

function exposedFiles(s: PlantedSecrets): Route[] {
  const text = (path: string, body: string, type = "text/plain; charset=utf-8"): Route => ({
    method: "GET",
    path,
    handler: (_req, res) => sendText(res, 200, body, type),
  });
  const json = (path: string, body: unknown): Route => ({
    method: "GET",
    path,
    handler: (_req, res) => sendJson(res, 200, body),
  });
  return [
    text(
      "/.env",
      [
        "NODE_ENV=production",
        "PORT=8080",
        `DATABASE_URL=postgres://lab:${s.dbPassword}@db.internal:5432/lab`,
        `TOGETHER_API_KEY=${s.together}`,
        `STRIPE_SECRET_KEY=${s.stripeLive}`,
        `AWS_ACCESS_KEY_ID=${s.awsAccessKeyId}`,
        `AWS_SECRET_ACCESS_KEY=${s.awsSecretAccessKey}`,
        "",
      ].join("\n"),
    ),
    text("/.env.staging", `NODE_ENV=staging\nPORT=8080\nTOGETHER_API_KEY=${s.together}\n`),
    text("/.git/HEAD", "ref: refs/heads/main\n"),
    text(
      "/.git/config",
      `[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n[remote "origin"]\n\turl = https://deploy:${s.gitPassword}@git.lab-internal.net/lab/api.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n`,
    ),
    json("/actuator", {
      _links: {
        self: { href: "/actuator" },
        health: { href: "/actuator/health" },
        env: { href: "/actuator/env" },
      },
    }),
    json("/actuator/health", {
      status: "UP",
      components: { db: { status: "UP", details: { database: "PostgreSQL", validationQuery: "isValid()" } } },
    }),
    json("/actuator/env", {
      activeProfiles: ["prod"],
      propertySources: [
        { name: "server.ports", properties: { "local.server.port": { value: 8080 } } },
        { name: "systemEnvironment", properties: { GITHUB_TOKEN: { value: s.githubToken } } },
      ],
    }),
    text(
      "/server-status",
      "<html><head><title>Apache Status</title></head><body><h1>Apache Server Status for lab</h1><dl><dt>Server Version: Apache/2.4.41 (Ubuntu)</dt><dt>Total accesses: 1532</dt></dl><table><tr><th>Srv</th><th>Client</th><th>Request</th></tr><tr><td>0-0</td><td>10.20.0.9</td><td>GET /api/v1/admin HTTP/1.1</td></tr></table></body></html>",
      "text/html; charset=utf-8",
    ),
    text(
      "/phpinfo.php",
      '<!DOCTYPE html><html><head><title>PHP 7.4.3 - phpinfo()</title></head><body><table><tr class="h"><td><h1 class="p">PHP Version 7.4.3</h1></td></tr><tr><td class="e">System </td><td class="v">Linux lab 5.4.0 x86_64</td></tr><tr><td class="e">Loaded Configuration File </td><td class="v">/etc/php/7.4/apache2/php.ini</td></tr></table></body></html>',
      "text/html; charset=utf-8",
    ),
    json("/api/v1/swagger.json", {
      swagger: "2.0",
      info: { title: "Lab API", version: "1.0" },
      basePath: "/api/v1",
      paths: { "/users": { get: { responses: { "200": { description: "users" } } } } },
    }),
    json("/.mcp.json", {
      mcpServers: {
        together: { command: "npx", args: ["-y", "together-mcp"], env: { TOGETHER_API_KEY: s.mcpTogether } },
      },
    }),
    text(
      "/backup.sql",
      `-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n--\n-- Host: db.internal    Database: lab\n\nDROP TABLE IF EXISTS \`users\`;\nCREATE TABLE \`users\` (\n  \`id\` int NOT NULL AUTO_INCREMENT,\n  \`email\` varchar(255) NOT NULL,\n  PRIMARY KEY (\`id\`)\n) ENGINE=InnoDB;\nINSERT INTO \`users\` VALUES (1,'ada.byrne@mailbox-lab.net');\n`,
    ),
    text(
      "/backup/",
      '<html><head><title>Index of /backup</title></head><body><h1>Index of /backup</h1><pre><a href="../">../</a>\n<a href="lab-2026-01-01.sql.gz">lab-2026-01-01.sql.gz</a>  01-Jan-2026 03:00  18M\n</pre></body></html>',
      "text/html; charset=utf-8",
    ),
    text(
      "/debug/pprof/",
      "<html><head><title>/debug/pprof/</title></head><body>/debug/pprof/<br><p>Set debug=1 as a query parameter to export in legacy text format</p><br>Types of profiles available:<table><tr><td>12</td><td><a href='goroutine?debug=1'>goroutine</a></td></tr></table></body></html>",
      "text/html; charset=utf-8",
    ),
  ];
}

export function dataModule(hardened: boolean): LabModule {
  const secrets = plantedSecrets();
  const api: Route[] = [
    {
      method: "GET",
      path: "/api/v1/customers",
      handler: (_req, res) => sendJson(res, 200, { customers: customers(hardened) }),
    },
    {
      method: "GET",
      path: "/api/v1/app-config",
      handler: (_req, res) =>
        sendJson(
          res,
          200,
          hardened
            ? { features: { chat: true }, model: "meta-llama/Llama-3.3-70B-Instruct-Turbo" }
            : {
                features: { chat: true },
                model: "meta-llama/Llama-3.3-70B-Instruct-Turbo",
                together_api_key: secrets.together,
                openai: { apiKey: secrets.openai },
                anthropicKey: secrets.anthropic,
              },
        ),
    },
    {
      method: "GET",
      path: "/api/v1/exports",
      handler(req, res) {
        const page = req.query.get("page") ?? "1";
        if (/^\d+$/.test(page))
          return sendJson(res, 200, { page: Number(page), exports: [{ id: 1001, format: "csv" }] });
        if (hardened) return sendJson(res, 400, { error: "page must be a positive integer" });
        sendText(res, 500, EXPRESS_TRACE, "text/html; charset=utf-8");
      },
    },
    {
      method: "POST",
      path: "/api/v1/exports/notes",
      handler(req, res) {
        try {
          JSON.parse(req.body);
          sendJson(res, 202, { accepted: true });
        } catch {
          if (hardened) return sendJson(res, 400, { error: "body must be JSON" });
          sendText(res, 500, PYTHON_TRACE);
        }
      },
    },
  ];
  return { routes: hardened ? api : [...api, ...exposedFiles(secrets)] };
}
