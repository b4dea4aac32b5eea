/** Exposure pack entries: server and application configuration. Order within the file is the probe order. */
import { type ExposurePath, entries } from "./entries.js";
import { all, has, json, magic } from "./validators.js";

export const SERVER_CONFIG: readonly ExposurePath[] = [
  ...entries(["/web.config"], {
    group: "server-config",
    title: "IIS web.config is exposed",
    severity: "high",
    rationale: "Connection strings, machine keys (view-state forgery) and app settings.",
    validate: all(/<configuration[\s>]/, /<system\.web(?:Server)?>|<connectionStrings>|<appSettings>/),
  }),
  ...entries(["/appsettings.json", "/appsettings.Production.json", "/appsettings.Development.json"], {
    group: "server-config",
    title: "ASP.NET Core appsettings are exposed",
    severity: "high",
    rationale: "Connection strings and service credentials of the application.",
    validate: json((v) => has(v, "ConnectionStrings") || has(v, "Logging") || has(v, "AllowedHosts")),
  }),
  ...entries(["/config.json", "/config/config.json", "/settings.json"], {
    group: "server-config",
    title: "Application configuration is exposed",
    severity: "medium",
    rationale: "Server-side configuration; critical when it holds credentials (checked by the secret detector).",
    validate: (body) =>
      json(() => true)(body) &&
      /"(?:db|database|password|secret|api_?key|host|port|connectionString|redis|smtp)"/i.test(body),
  }),
  ...entries(["/application.yml", "/application.yaml", "/application.properties", "/config/application.yml"], {
    group: "server-config",
    title: "Spring application configuration is exposed",
    severity: "high",
    rationale: "Datasource URLs and passwords, keys and internal hosts.",
    validate: all(/^spring[.:]|^server[.:]|datasource|^\s+port:/m),
  }),
  ...entries(["/docker-compose.yml", "/docker-compose.yaml", "/docker-compose.override.yml"], {
    group: "server-config",
    title: "docker-compose file is exposed",
    severity: "medium",
    rationale: "The service topology, images and often environment variables with passwords.",
    validate: all(/^services:/m, /^\s+(?:image|build):/m),
  }),
  ...entries(["/Dockerfile"], {
    group: "server-config",
    title: "Dockerfile is exposed",
    severity: "low",
    rationale: "The build recipe: base image, versions and paths; sometimes build arguments with secrets.",
    validate: all(/^FROM\s+\S+/m, /^(?:RUN|COPY|CMD|ENTRYPOINT|ADD)\s/m),
  }),
  ...entries(["/.DS_Store"], {
    group: "server-config",
    title: ".DS_Store file is exposed",
    severity: "low",
    rationale: "A Finder index that lists file names in the directory, including hidden backups.",
    validate: magic(0x00, 0x00, 0x00, 0x01, 0x42, 0x75, 0x64, 0x31),
  }),
  ...entries(["/.vscode/settings.json", "/.idea/workspace.xml", "/.vscode/launch.json"], {
    group: "server-config",
    title: "IDE configuration is exposed",
    severity: "low",
    rationale: "Editor settings leak paths, run configurations and sometimes environment values.",
    validate: (body) =>
      json((v) => Object.keys(v).some((k) => /^[a-z]+\.[a-zA-Z]/.test(k)) || Array.isArray(v.configurations))(body) ||
      /<project version=|<component name=/.test(body),
    tier: "deep",
  }),
  ...entries(["/composer.json", "/package.json", "/Gemfile.lock", "/composer.lock"], {
    group: "server-config",
    title: "Dependency manifest is exposed",
    severity: "low",
    rationale: "Exact dependency versions to match against known vulnerabilities.",
    validate: (body) =>
      json((v) => has(v, "require") || has(v, "dependencies") || has(v, "packages"))(body) ||
      all(/^GEM\s*$/m, /specs:/)(body),
    tier: "deep",
  }),
];
