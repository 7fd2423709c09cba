package io.github.pghba.check;

/** How serious a {@link Diagnostic} is. */
public enum Severity {
    /** PostgreSQL refuses the whole file because of it (all-or-nothing load). */
    ERROR,
    /** PostgreSQL logs it and loads the file anyway (e.g. a hostssl line with ssl off never matches). */
    WARNING,
    /** Logged by PostgreSQL without consequence (e.g. a skipped include_if_exists), or a pghba remark. */
    INFO
}
