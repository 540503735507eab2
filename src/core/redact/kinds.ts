/** What the scanner finds, and how a finding and a redaction name it. */

/** Each kind with the words a finding uses for it. */
const KINDS = {
  "private-key": "a private key",
  "aws-access-key-id": "an AWS access key ID",
  "aws-secret-access-key": "an AWS secret access key",
  "github-token": "a GitHub token",
  "gitlab-token": "a GitLab token",
  "slack-token": "a Slack token",
  "slack-webhook": "a Slack webhook URL",
  "discord-webhook": "a Discord webhook URL",
  "stripe-key": "a Stripe secret key",
  "anthropic-key": "an Anthropic API key",
  "openai-key": "an OpenAI API key",
  "google-api-key": "a Google API key",
  "sendgrid-key": "a SendGrid API key",
  "npm-token": "an npm access token",
  "pypi-token": "a PyPI API token",
  "service-token": "an API token of a known service",
  "azure-storage-key": "an Azure storage or shared access key",
  "azure-sas-token": "an Azure shared access signature",
  "azure-client-secret": "an Azure client secret",
  jwt: "a JSON Web Token",
  "url-password": "a password in a URL",
  "assigned-secret": "a hard-coded password or secret",
  "license-key": "a license key",
  "kubernetes-secret": "a value of a Kubernetes Secret",
  "auth-header": "a credential in an HTTP header",
} as const;

export type SecretKind = keyof typeof KINDS;
export const SECRET_KINDS = Object.keys(KINDS) as readonly SecretKind[];

export function kindLabel(kind: SecretKind): string {
  return KINDS[kind];
}

/** What replaces a secret of this kind. */
export function redactionMarker(kind: SecretKind): string {
  return `[REDACTED:${kind}]`;
}

/** One secret removed from free text; `line` is 1-based within that text. */
export interface Redaction {
  kind: SecretKind;
  line: number;
}

/** How many secrets were removed, in all and per kind (kinds with none are absent). */
export interface RedactionCount {
  total: number;
  byKind: Partial<Record<SecretKind, number>>;
}

/** Adds up per-file counts, e.g. for the review summary. */
export function sumRedactionCounts(counts: Iterable<RedactionCount>): RedactionCount {
  const sum: RedactionCount = { total: 0, byKind: {} };
  for (const count of counts) {
    sum.total += count.total;
    for (const kind of SECRET_KINDS) {
      const n = count.byKind[kind];
      if (n) sum.byKind[kind] = (sum.byKind[kind] ?? 0) + n;
    }
  }
  return sum;
}
