/**
 * Analysis of a whole pg_hba.conf: which requests reach which rule (exactly, over equivalence classes
 * of names and address ranges), who can connect, dead and shadowed rules, and semantic diffs.
 */
@NullMarked
package io.github.pghba.analysis;

import org.jspecify.annotations.NullMarked;
