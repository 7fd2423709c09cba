package io.github.pghba.eval;

/** The checks PostgreSQL applies to each rule, in its order. */
public enum Criterion {
    /** Connection type: local vs TCP. */
    TYPE,
    /** Transport encryption: hostssl/hostnossl/hostgssenc/hostnogssenc. */
    ENCRYPTION,
    /** The client address (IP range, host name, samehost/samenet). */
    ADDRESS,
    /** The database field. */
    DATABASE,
    /** The user field. */
    USER
}
