/**
 * An independent corpus of secret shapes, written from each provider's published or widely
 * documented key format (provider docs, the public gitleaks/betterleaks/TruffleHog rules noted in
 * shared/reference), not from the rules' own `sample()`: a rule that drifts from the real format
 * fails here instead of agreeing with itself.
 *
 * No key-shaped literal is committed: each case is a template expanded with seeded random
 * characters, `{alphabet:length}` (see ALPHABETS below), in the setting where such keys are found
 * (an .env line, JSON, a header, a connection string).
 */

/** Character sets of published formats. */
const ALPHABETS: Record<string, string> = {
  hex: "0123456789abcdef",
  HEX: "0123456789ABCDEF",
  digits: "0123456789",
  nonzero: "123456789",
  lower: "abcdefghijklmnopqrstuvwxyz0123456789",
  upper: "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
  base32: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
  letters: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
  alnum: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
  b64url: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
  b64: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
  base58: "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz",
  symbols: "!@#%^*-_",
  bcrypt: "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
};

export interface SecretFormatCase {
  /** The rule that must report it. */
  rule: string;
  /** Where the format comes from, in a few words. */
  format: string;
  template: string;
}

/** Formats that must be found. */
export const SECRET_FORMATS: readonly SecretFormatCase[] = [
  // LLM providers
  {
    rule: "together-api-key",
    format: "tgp_v1_ + 43 base64url (32 random bytes)",
    template: "TOGETHER_API_KEY=tgp_v1_{b64url:43}",
  },
  {
    rule: "together-legacy-api-key",
    format: "64 lowercase hex, named by context",
    template: 'export TOGETHER_API_KEY="{hex:64}"',
  },
  {
    rule: "openai-project-key",
    format: "sk-proj- 74 + T3BlbkFJ + 74",
    template: "OPENAI_API_KEY=sk-proj-{b64url:74}T3BlbkFJ{b64url:74}",
  },
  {
    rule: "openai-project-key",
    format: "sk-proj- 58 + T3BlbkFJ + 58",
    template: '{"openai_key": "sk-proj-{b64url:58}T3BlbkFJ{b64url:58}"}',
  },
  {
    rule: "openai-service-account-key",
    format: "sk-svcacct- 58 + T3BlbkFJ + 58",
    template: "key: sk-svcacct-{b64url:58}T3BlbkFJ{b64url:58}",
  },
  {
    rule: "openai-admin-key",
    format: "sk-admin- 58 + T3BlbkFJ + 58",
    template: "OPENAI_ADMIN_KEY=sk-admin-{b64url:58}T3BlbkFJ{b64url:58}",
  },
  {
    rule: "openai-legacy-key",
    format: "sk- 20 alnum + T3BlbkFJ + 20 alnum (51)",
    template: "Authorization: Bearer sk-{alnum:20}T3BlbkFJ{alnum:20}",
  },
  {
    rule: "anthropic-api-key",
    format: "sk-ant-api03- 93 + AA (108)",
    template: "x-api-key: sk-ant-api03-{b64url:93}AA",
  },
  {
    rule: "anthropic-admin-key",
    format: "sk-ant-admin01- 93 + AA",
    template: "ANTHROPIC_ADMIN_KEY=sk-ant-admin01-{b64url:93}AA",
  },
  {
    rule: "groq-api-key",
    format: "gsk_ 52 alnum with WGdyb3FY at body offset 20",
    template: "GROQ_API_KEY=gsk_{alnum:20}WGdyb3FY{alnum:24}",
  },
  { rule: "xai-api-key", format: "xai- 80 alnum", template: "XAI_API_KEY=xai-{alnum:80}" },
  { rule: "mistral-api-key", format: "32 alnum, named by context", template: "MISTRAL_API_KEY={alnum:30}7q" },
  { rule: "cohere-api-key", format: "40 alnum, named by context", template: "CO_API_KEY={alnum:38}k4" },
  { rule: "deepseek-api-key", format: "sk- 32 hex, named by context", template: "DEEPSEEK_API_KEY=sk-{hex:32}" },
  { rule: "huggingface-token", format: "hf_ 34 letters", template: "HF_TOKEN=hf_{letters:32}Qz" },
  { rule: "huggingface-org-token", format: "api_org_ 34 letters", template: "token = 'api_org_{letters:32}Qz'" },
  { rule: "replicate-api-token", format: "r8_ 37 alnum", template: "REPLICATE_API_TOKEN=r8_{alnum:37}" },
  { rule: "openrouter-api-key", format: "sk-or-v1- 64 hex", template: "OPENROUTER_API_KEY=sk-or-v1-{hex:64}" },
  { rule: "perplexity-api-key", format: "pplx- 48 alnum", template: "PPLX_KEY=pplx-{alnum:48}" },
  { rule: "cerebras-api-key", format: "csk- 48 lower alnum", template: "CEREBRAS_API_KEY=csk-{lower:48}" },
  { rule: "fireworks-api-key", format: "fw_ base58 body of 22-24", template: "FIREWORKS_API_KEY=fw_3{base58:21}Zk" },
  {
    rule: "google-api-key",
    format: "AIzaSy + 33 (39)",
    template: "https://maps.googleapis.com/maps/api/js?key=AIzaSy{b64url:33}",
  },
  { rule: "google-gemini-key", format: "AQ.Ab8RN6 + 44", template: "GEMINI_API_KEY=AQ.Ab8RN6{b64url:44}" },
  { rule: "azure-openai-key", format: "32 hex, named by context", template: "AZURE_OPENAI_API_KEY={hex:32}" },
  // Cloud and infrastructure
  { rule: "aws-access-key-id", format: "AKIA + 16 base32", template: "aws_access_key_id = AKIA{base32:16}" },
  { rule: "aws-access-key-id", format: "ASIA (temporary) + 16 base32", template: '{"AccessKeyId": "ASIA{base32:16}"}' },
  {
    rule: "aws-secret-access-key",
    format: "40 base64 beside its name",
    template: "aws_secret_access_key = {b64:37}aZ9",
  },
  {
    rule: "azure-storage-account-key",
    format: "AccountKey= 86 base64 + ==",
    template:
      "DefaultEndpointsProtocol=https;AccountName=prodlogs;AccountKey={b64:86}==;EndpointSuffix=core.windows.net",
  },
  { rule: "digitalocean-token", format: "dop_v1_ + 64 hex", template: "DIGITALOCEAN_TOKEN=dop_v1_{hex:64}" },
  { rule: "digitalocean-token", format: "doo_v1_ (OAuth) + 64 hex", template: "token: doo_v1_{hex:64}" },
  { rule: "heroku-api-key", format: "HRKU-AA + 58", template: "HEROKU_API_KEY=HRKU-AA{b64url:58}" },
  { rule: "hashicorp-vault-token", format: "hvs. service token (95+)", template: "VAULT_TOKEN=hvs.{b64url:95}" },
  { rule: "databricks-token", format: "dapi + 32 hex", template: "DATABRICKS_TOKEN=dapi{hex:32}" },
  { rule: "sentry-user-token", format: "sntryu_ + 64 hex", template: "SENTRY_AUTH_TOKEN=sntryu_{hex:64}" },
  // Payments and commerce
  {
    rule: "stripe-live-secret-key",
    format: "sk_live_ + 24..99 alnum",
    template: "STRIPE_SECRET_KEY=sk_live_{alnum:24}",
  },
  {
    rule: "stripe-live-secret-key",
    format: "sk_live_ + 99 alnum (new accounts)",
    template: "stripe.api_key = 'sk_live_{alnum:99}'",
  },
  { rule: "stripe-live-restricted-key", format: "rk_live_ + alnum", template: "STRIPE_RESTRICTED=rk_live_{alnum:99}" },
  { rule: "stripe-test-key", format: "sk_test_ + alnum", template: "STRIPE_KEY=sk_test_{alnum:24}" },
  { rule: "stripe-webhook-secret", format: "whsec_ + 32 alnum", template: "STRIPE_WEBHOOK_SECRET=whsec_{alnum:32}" },
  { rule: "square-access-token", format: "EAAA + 60", template: "SQUARE_ACCESS_TOKEN=EAAA{b64url:60}" },
  { rule: "square-access-token", format: "sq0atp- + 22 (legacy)", template: "square_token: sq0atp-{b64url:22}" },
  { rule: "shopify-access-token", format: "shpat_ + 32 hex", template: "X-Shopify-Access-Token: shpat_{hex:32}" },
  // Source control and package registries
  { rule: "github-classic-pat", format: "ghp_ + 36 alnum", template: "GITHUB_TOKEN=ghp_{alnum:36}" },
  { rule: "github-oauth-token", format: "gho_ + 36 alnum", template: '{"access_token":"gho_{alnum:36}"}' },
  { rule: "github-user-to-server-token", format: "ghu_ + 36 alnum", template: "token ghu_{alnum:36}" },
  { rule: "github-app-installation-token", format: "ghs_ + 36 alnum", template: "GH_TOKEN=ghs_{alnum:36}" },
  { rule: "github-refresh-token", format: "ghr_ + 36 alnum", template: '"refresh_token": "ghr_{alnum:36}"' },
  {
    rule: "github-fine-grained-pat",
    format: "github_pat_ 22 _ 59",
    template: "GITHUB_PAT=github_pat_{alnum:22}_{alnum:59}",
  },
  { rule: "gitlab-pat", format: "glpat- + 20", template: "GITLAB_TOKEN=glpat-{b64url:20}" },
  { rule: "gitlab-runner-token", format: "glrt- + 20", template: "token = glrt-{b64url:20}" },
  { rule: "npm-access-token", format: "npm_ + 36 alnum", template: "//registry.npmjs.org/:_authToken=npm_{alnum:36}" },
  {
    rule: "pypi-upload-token",
    format: "pypi- + base64 macaroon of pypi.org",
    template: "password = pypi-AgEIcHlwaS5vcmc{b64url:70}",
  },
  { rule: "postman-api-key", format: "PMAK- 24 hex - 34 hex", template: "POSTMAN_API_KEY=PMAK-{hex:24}-{hex:34}" },
  // Messaging and e-mail
  {
    rule: "slack-bot-token",
    format: "xoxb-team-bot-secret",
    template: "SLACK_BOT_TOKEN=xoxb-{digits:11}-{digits:13}-{alnum:24}",
  },
  {
    rule: "slack-user-token",
    format: "xoxp-4 numbers-32 hex",
    template: "SLACK_USER_TOKEN=xoxp-{digits:11}-{digits:12}-{digits:13}-{hex:32}",
  },
  {
    rule: "slack-app-token",
    format: "xapp-1-A...-digits-64 hex",
    template: "SLACK_APP_TOKEN=xapp-1-A{upper:10}-{digits:13}-{hex:64}",
  },
  {
    rule: "slack-webhook-url",
    format: "hooks.slack.com/services/T.../B.../24",
    template: "https://hooks.slack.com/services/T{upper:8}/B{upper:10}/{alnum:24}",
  },
  {
    rule: "discord-webhook-url",
    format: "discord.com/api/webhooks/id/68",
    template: "https://discord.com/api/webhooks/{nonzero:1}{digits:17}/{b64url:68}",
  },
  {
    rule: "telegram-bot-token",
    format: "bot id : AA + 33",
    template: "TELEGRAM_BOT_TOKEN={nonzero:1}{digits:9}:AA{b64url:33}",
  },
  { rule: "twilio-api-key", format: "SK + 32 hex", template: "TWILIO_API_KEY=SK{hex:30}a1" },
  { rule: "twilio-auth-token", format: "32 hex, named by context", template: "TWILIO_AUTH_TOKEN={hex:32}" },
  { rule: "sendgrid-api-key", format: "SG. 22 . 43", template: "SENDGRID_API_KEY=SG.{b64url:22}.{b64url:43}" },
  { rule: "mailgun-api-key", format: "key- + 32 hex, named by context", template: "MAILGUN_API_KEY=key-{hex:32}" },
  { rule: "mailchimp-api-key", format: "32 hex - datacenter", template: "MAILCHIMP_KEY={hex:32}-us14" },
  { rule: "google-oauth-client-secret", format: "GOCSPX- + 28", template: '{"client_secret":"GOCSPX-{b64url:28}"}' },
  // Structural secrets
  {
    rule: "private-key",
    format: "PEM RSA private key",
    template:
      "-----BEGIN RSA PRIVATE KEY-----\n{b64:64}\n{b64:64}\n{b64:64}\n{b64:40}==\n-----END RSA PRIVATE KEY-----",
  },
  {
    rule: "private-key",
    format: "PEM OpenSSH private key",
    template: "-----BEGIN OPENSSH PRIVATE KEY-----\n{b64:70}\n{b64:70}\n{b64:70}\n-----END OPENSSH PRIVATE KEY-----",
  },
  {
    rule: "database-url-password",
    format: "postgres URL with user:password",
    template: "DATABASE_URL=postgresql://billing:{alnum:14}{symbols:1}{alnum:4}@db-primary.internal:5432/billing",
  },
  {
    rule: "database-url-password",
    format: "mongodb+srv URL with user:password",
    template: 'mongo: "mongodb+srv://svc:{alnum:20}@cluster0.abcde.mongodb.net/app"',
  },
  {
    rule: "url-basic-auth",
    format: "https URL with user:password",
    template: "registry: https://ci-bot:{alnum:22}@registry.corp-internal.net/v2/",
  },
  {
    rule: "generic-secret-assignment",
    format: "a password setting with a generated value",
    template: "SMTP_PASSWORD={alnum:9}{symbols:2}{alnum:9}",
  },
  {
    rule: "jwt",
    format: "RFC 7519 header.payload.signature (HS256 header, sub/iat payload)",
    template:
      "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwiaWF0IjoxNzAwMDAwMDAwfQ.{b64url:43}",
  },
];

/** Near misses that no rule may report (wrong length, wrong prefix, placeholders, hashes). */
export const NOT_SECRETS: readonly { why: string; template: string }[] = [
  { why: "tgp_v2_ is not a published prefix", template: '"prefix": "tgp_v2_{b64url:43}"' },
  { why: "too short for tgp_v1_", template: "key=tgp_v1_{b64url:20}" },
  { why: "a SHA-256 digest with no provider named", template: "sha256: {hex:64}" },
  { why: "a git commit id", template: "commit {hex:40}" },
  { why: "an AWS key id of 15 characters", template: "id=AKIA{base32:15}" },
  { why: "a placeholder", template: "OPENAI_API_KEY=sk-your-api-key-here" },
  { why: "an all-x placeholder", template: "STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx" },
  { why: "a UUID", template: "request-id: {hex:8}-{hex:4}-4{hex:3}-a{hex:3}-{hex:12}" },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: `{bcrypt:53}` is a corpus placeholder after the `$2b$12$` prefix
  { why: "a bcrypt hash is a hash, not a secret", template: "password_hash: $2b$12${bcrypt:53}" },
];

/** Expands `{alphabet:length}` with characters drawn from `next()` in [0, 1). */
export function expand(template: string, next: () => number): string {
  return template.replace(/\{(\w+):(\d+)\}/g, (_, name: string, length: string) => {
    const alphabet = ALPHABETS[name];
    if (!alphabet) throw new Error(`unknown alphabet ${name} in a corpus template`);
    let out = "";
    for (let i = 0; i < Number(length); i++) out += alphabet[Math.floor(next() * alphabet.length)];
    return out;
  });
}
