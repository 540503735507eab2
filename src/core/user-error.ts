/**
 * An error the user causes and fixes: a wrong flag, a bad config value, an unknown
 * revision, a file that is not a diff. Entries print its message as one line and exit with
 * the usage code instead of a stack trace, so the message must say what to do.
 *
 * It lives in core because core, the forges and the entries all raise such errors, and
 * core may import nothing outside itself; classifying by this one class is what keeps the
 * entries from importing a forge's own error classes.
 */
export class UserError extends Error {
  override name = "UserError";
}
