/** Internals: ANTLR glue, PostgreSQL's algorithms ported line by line, glibc address text. Not exported. */
@NullMarked
package io.github.pghba.internal;

import org.jspecify.annotations.NullMarked;
