/** Exposure pack entries: CI configuration. Order within the file is the probe order. */
import { type ExposurePath, entries } from "./entries.js";
import { all } from "./validators.js";

export const CI_CONFIG: readonly ExposurePath[] = [
  ...entries(
    ["/.gitlab-ci.yml", "/.travis.yml", "/bitbucket-pipelines.yml", "/azure-pipelines.yml", "/.circleci/config.yml"],
    {
      group: "ci-config",
      title: "CI pipeline configuration is exposed",
      severity: "low",
      rationale: "Build steps, deploy targets and variable names; critical when a secret is inlined (checked).",
      validate: all(
        /^(?:stages|script|language|pipelines|jobs|steps|trigger|pool|workflows|version):/m,
        /^\s*(?:-|script:|steps:|image:|run:)/m,
      ),
    },
  ),
  ...entries(["/Jenkinsfile"], {
    group: "ci-config",
    title: "Jenkinsfile is exposed",
    severity: "low",
    rationale: "Pipeline stages, credentials ids and deploy targets.",
    validate: all(/pipeline\s*\{|node\s*(?:\([^)]*\))?\s*\{/, /stage\s*\(/),
  }),
  ...entries(["/.github/workflows/ci.yml", "/.github/workflows/deploy.yml", "/.drone.yml", "/cloudbuild.yaml"], {
    group: "ci-config",
    title: "CI pipeline configuration is exposed",
    severity: "low",
    rationale: "Build and deploy steps, secret names and target environments.",
    validate: all(/^(?:on|jobs|kind|steps|name):/m, /run:|image:|steps:|uses:/),
    tier: "deep",
  }),
];
