/**
 * Config keys a repository's `.ai-review.yml` may not set on this server's bill, on GitHub
 * and GitLab alike: the model key and the environment are the server's, so a repository's
 * config must not send the key to another gateway, nor name server variables to send as
 * headers.
 */
export const SERVER_OWNED_KEYS = ["base_url", "api_key", "gateway", "gateway_token_env", "byok", "headers"] as const;
