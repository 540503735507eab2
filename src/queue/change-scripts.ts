/**
 * The per-change rules of the queue (see `review-queue.ts`) for the Redis backend, as Lua
 * scripts: each runs atomically in Redis, so two web processes enqueueing pushes of the
 * same change, or a worker finishing while another push arrives, never see half a state.
 *
 * BullMQ carries one "token" job per change that has work; the review jobs themselves live
 * in hashes, keyed by change key:
 *
 * - `pending`  the one job waiting for the change (JSON), `pmode` its mode;
 * - `running`  the job a worker runs for it, `rmode` its mode (kept until it ends, so a
 *              worker that dies mid-review leaves it for the next one to run again);
 * - `state`    `queued:<gen>` (a token waits) or `running:<gen>` (a token runs); absent: idle;
 * - `gen`      the generation counter of the change's tokens (token job id `<key>:<gen>`).
 *
 * Merging follows `mergeWaitingJob`: an event replaces the waiting job, a command joins it,
 * and `full` wins either way; here the mode is kept apart from the JSON, so Redis never
 * parses a job.
 */

/** The keys every script takes, in this order. */
export const CHANGE_HASHES = ["pending", "pmode", "running", "rmode", "state", "gen"] as const;

/**
 * ARGV: change key, job JSON, trigger kind, mode. Returns `{outcome, state}`: the caller adds
 * the token job when the state is `queued:<gen>` (adding it again is harmless: BullMQ keeps
 * one job per id), and adds nothing while a worker runs the change (it takes the waiting job
 * when it finishes).
 */
export const ENQUEUE = `
local pending, pmode, running, rmode, state, gen = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local key, job, kind, mode = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local outcome
if redis.call('HEXISTS', pending, key) == 1 then
  if kind == 'command' then outcome = 'joined' else
    redis.call('HSET', pending, key, job)
    outcome = 'replaced'
  end
  if mode == 'full' then redis.call('HSET', pmode, key, 'full') end
else
  redis.call('HSET', pending, key, job)
  redis.call('HSET', pmode, key, mode)
  outcome = 'queued'
end
local current = redis.call('HGET', state, key)
if not current then
  current = 'queued:' .. redis.call('HINCRBY', gen, key, 1)
  redis.call('HSET', state, key, current)
end
return {outcome, current}
`;

/** Moves the waiting job to running (a crashed run's `full` carries over); shared by TAKE and FINISH. */
const START_PENDING = `
local function startPending(key, token)
  local job = redis.call('HGET', KEYS[1], key)
  if not job then return nil end
  local mode = redis.call('HGET', KEYS[2], key) or 'incremental'
  if redis.call('HGET', KEYS[4], key) == 'full' then mode = 'full' end
  redis.call('HDEL', KEYS[1], key)
  redis.call('HDEL', KEYS[2], key)
  redis.call('HSET', KEYS[3], key, job)
  redis.call('HSET', KEYS[4], key, mode)
  redis.call('HSET', KEYS[5], key, 'running:' .. token)
  return {job, mode}
end
`;

/**
 * ARGV: change key, token generation. A token starts (or starts again after its worker
 * died, or after a failed attempt): the waiting job, which supersedes the one that was
 * running, or else the running one again. Nil: a stale token, or nothing left to do.
 */
export const TAKE = `${START_PENDING}
local key, token = ARGV[1], ARGV[2]
local current = redis.call('HGET', KEYS[5], key)
if current ~= 'queued:' .. token and current ~= 'running:' .. token then return nil end
local started = startPending(key, token)
if started then return started end
local job = redis.call('HGET', KEYS[3], key)
if job then
  redis.call('HSET', KEYS[5], key, 'running:' .. token)
  return {job, redis.call('HGET', KEYS[4], key) or 'incremental'}
end
redis.call('HDEL', KEYS[5], key)
return nil
`;

/**
 * ARGV: change key, token generation. The running job ended (done, or failed for good):
 * the change's waiting job starts on the same token, or the change goes idle.
 */
export const FINISH = `${START_PENDING}
local key, token = ARGV[1], ARGV[2]
if redis.call('HGET', KEYS[5], key) ~= 'running:' .. token then return nil end
redis.call('HDEL', KEYS[3], key)
redis.call('HDEL', KEYS[4], key)
local started = startPending(key, token)
if started then return started end
redis.call('HDEL', KEYS[5], key)
return nil
`;

/**
 * ARGV: change key, token generation. A stopping worker finished its job and hands the
 * change back: a new token generation when a job waits (the caller adds its token), else idle.
 */
export const HAND_BACK = `
local key, token = ARGV[1], ARGV[2]
if redis.call('HGET', KEYS[5], key) ~= 'running:' .. token then return nil end
redis.call('HDEL', KEYS[3], key)
redis.call('HDEL', KEYS[4], key)
if redis.call('HEXISTS', KEYS[1], key) == 0 then
  redis.call('HDEL', KEYS[5], key)
  return nil
end
local next = 'queued:' .. redis.call('HINCRBY', KEYS[6], key, 1)
redis.call('HSET', KEYS[5], key, next)
return next
`;

/**
 * ARGV: change key, the state seen. A change whose token is gone (failed for good after
 * stalling too often, or lost with a process killed between two calls) gets a new token
 * generation; its running job, if any, runs again. Nil when the state moved meanwhile.
 */
export const REVIVE = `
local key, seen = ARGV[1], ARGV[2]
if redis.call('HGET', KEYS[5], key) ~= seen then return nil end
local next = 'queued:' .. redis.call('HINCRBY', KEYS[6], key, 1)
redis.call('HSET', KEYS[5], key, next)
return next
`;
