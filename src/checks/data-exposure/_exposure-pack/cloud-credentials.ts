/** Exposure pack entries: cloud and credential files. Order within the file is the probe order. */
import { type ExposurePath, entries } from "./entries.js";
import { all, has, json, notHtml } from "./validators.js";

export const CLOUD_CREDENTIALS: readonly ExposurePath[] = [
  ...entries(["/.aws/credentials", "/.aws/config"], {
    group: "cloud-credentials",
    title: "AWS credentials file is exposed",
    severity: "critical",
    rationale: "Access keys for the AWS account.",
    validate: all(/^\[[\w -]+\]/m, /aws_access_key_id|aws_secret_access_key|region\s*=/i),
  }),
  ...entries(["/.docker/config.json"], {
    group: "cloud-credentials",
    title: "Docker registry credentials are exposed",
    severity: "critical",
    rationale: "Registry auth lets anyone pull or push the organisation's images.",
    validate: json((v) => typeof v.auths === "object"),
  }),
  ...entries(["/.kube/config"], {
    group: "cloud-credentials",
    title: "Kubernetes kubeconfig is exposed",
    severity: "critical",
    rationale: "Cluster endpoints and client credentials: control of the cluster.",
    validate: all(/apiVersion:\s*v1/, /clusters:/, /users:|contexts:/),
  }),
  ...entries(["/.npmrc", "/.yarnrc.yml", "/.pypirc"], {
    group: "cloud-credentials",
    title: "Package registry configuration is exposed",
    severity: "high",
    rationale: "Registry tokens allow publishing packages in the organisation's name (a supply-chain attack).",
    validate: all(/_authToken|registry\s*=|npmRegistryServer|npmAuthToken|\[distutils\]|\[pypi\]|always-auth/),
  }),
  ...entries(["/.git-credentials", "/.netrc", "/_netrc"], {
    group: "cloud-credentials",
    title: "Stored credentials file is exposed",
    severity: "critical",
    rationale: "Plain-text logins for source hosts and servers.",
    validate: all(/^https?:\/\/[^:\s/]+:[^@\s]+@|machine\s+\S+\s+login\s+\S+/m),
  }),
  ...entries(["/.ssh/id_rsa", "/id_rsa", "/.ssh/id_ed25519"], {
    group: "cloud-credentials",
    title: "SSH private key is exposed",
    severity: "critical",
    rationale: "A private key opens every server that trusts it.",
    validate: all(/-----BEGIN (?:RSA |OPENSSH |EC |DSA )?PRIVATE KEY-----/),
  }),
  ...entries(["/.htpasswd"], {
    group: "cloud-credentials",
    title: "htpasswd file is exposed",
    severity: "high",
    rationale: "Password hashes for HTTP basic auth, open to offline cracking.",
    validate: all(/^[\w.@-]+:(?:\$apr1\$|\$2[aby]\$|\{SHA\}|\$[156]\$|[./A-Za-z0-9]{13}$)/m),
  }),
  ...entries(["/.bash_history", "/.zsh_history", "/.mysql_history", "/.psql_history"], {
    group: "cloud-credentials",
    title: "Shell history is exposed",
    severity: "high",
    rationale: "Commands typed on the server, passwords passed on command lines included.",
    validate: (body) =>
      notHtml(body) &&
      (body.match(/^(?:cd|ls|sudo|git|ssh|export|vim?|cat|docker|npm|mysql|psql|SELECT|curl) /gim) ?? []).length >= 2,
    tier: "deep",
  }),
  ...entries(["/credentials.json", "/service-account.json", "/firebase.json", "/.firebaserc"], {
    group: "cloud-credentials",
    title: "Cloud credentials or project config is exposed",
    severity: "critical",
    rationale: "Google service-account keys grant API access as the service account.",
    validate: json(
      (v) => v.type === "service_account" || has(v, "private_key") || has(v, "installed") || has(v, "projects"),
    ),
    tier: "deep",
  }),
];
