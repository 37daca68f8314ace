"""Exit codes of the kv2rel command. Documented in docs/cli.md; never renumber."""

OK = 0
ERROR = 1  # the command could not do its job (connection refused, SQL error, bad files, ...)
USAGE = 2  # bad command line (click's own code)
PENDING = 3  # status: migrations or definitions are waiting to be applied
DRIFT = 4  # status/apply: an applied migration's file changed, was renamed or is missing
CHECKS_FAILED = 5  # verify: at least one assertion failed
