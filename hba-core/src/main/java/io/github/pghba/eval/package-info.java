/**
 * Evaluation: which pg_hba.conf rule a connection attempt hits, and why. Build a
 * {@link io.github.pghba.eval.Policy} from a loaded file and an {@link io.github.pghba.eval.Environment},
 * then {@link io.github.pghba.eval.Policy#evaluate} {@link io.github.pghba.eval.ConnectionRequest}s.
 */
@NullMarked
package io.github.pghba.eval;

import org.jspecify.annotations.NullMarked;
