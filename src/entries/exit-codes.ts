/** The CLI's exit codes, as the README documents them. */
export const EXIT_OK = 0;
/** `--fail-on` was given and a finding reaches it. */
export const EXIT_FINDINGS = 1;
/** A usage, config or input error: nothing was sent. */
export const EXIT_USAGE = 2;
/** A part of the change could not be reviewed (model unreachable, unusable answers). */
export const EXIT_INCOMPLETE = 3;
