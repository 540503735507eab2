/**
 * Config keys a repository's `.ai-review.yml` may not set on this server's bill, on GitHub
 * and GitLab alike: the model key and the environment are the server's, so a repository's
 * config must not send the key to another gateway, nor name server variables to send as
 * headers, nor keep answers in the server's gateway cache (`cache_ttl`). Nor may it lift the server's budget or price the server's models (as `free`, say)
 * so that the budget no longer holds: the server sets both in its environment
 * (AI_REVIEW_BUDGET_USD, AI_REVIEW_BUDGET_TOKENS, AI_REVIEW_PRICES). The models stay the
 * repository's choice: the server's budget bounds what any choice may spend.
 */
export const SERVER_OWNED_KEYS = ["base_url", "api_key", "gateway", "gateway_token_env", "byok", "headers", "cache_ttl", "budget", "prices"] as const;
