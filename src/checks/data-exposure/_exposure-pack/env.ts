/** Exposure pack entries: environment files. Order within the file is the probe order. */
import { type ExposurePath, entries } from "./entries.js";
import { envFile } from "./validators.js";

const ENV_RATIONALE =
  "Environment files hold database URLs, provider API keys and signing secrets in plain text: high on its own, critical when a secret is found inside.";

export const ENV: readonly ExposurePath[] = [
  ...entries(["/.env"], {
    group: "env",
    title: "Environment file is exposed",
    severity: "high",
    rationale: ENV_RATIONALE,
    validate: envFile,
  }),
  ...entries(
    ["/.env.local", "/.env.production", "/.env.prod", "/.env.development", "/.env.dev", "/.env.backup", "/.env.bak"],
    {
      group: "env",
      title: "Environment file is exposed",
      severity: "high",
      rationale: ENV_RATIONALE,
      validate: envFile,
    },
  ),
  ...entries(
    [
      "/.env.old",
      "/.env.save",
      "/.env.staging",
      "/.env.test",
      "/.env.production.local",
      "/.env.local.bak",
      "/.env~",
      "/app/.env",
      "/backend/.env",
      "/config/.env",
      "/docker/.env",
      "/.envrc",
    ],
    {
      group: "env",
      title: "Environment file is exposed",
      severity: "high",
      rationale: ENV_RATIONALE,
      validate: envFile,
      tier: "deep",
    },
  ),
  ...entries(["/.env.example", "/.env.sample"], {
    group: "env",
    title: "Environment template is exposed",
    severity: "low",
    rationale:
      "A template names every setting and service the app uses; it becomes critical when someone pasted real values into it.",
    validate: envFile,
  }),
];
