/**
 * The queue's store (Redis) cannot be reached. The web role answers such a webhook 503, so
 * that the forge delivers it again later, and logs this message, which says where it tried.
 */
export class QueueUnavailableError extends Error {
  override readonly name = "QueueUnavailableError";
  /** What Probot answers when a handler throws this: 503, so that GitHub delivers again. */
  readonly status = 503;
}
