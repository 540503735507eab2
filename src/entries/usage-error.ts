import { UserError } from "../core/user-error.js";

/** A command line the CLI cannot run: unknown command or flag, a bad value, a flag twice. */
export class UsageError extends UserError {
  override name = "UsageError";
}
