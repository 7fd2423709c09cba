/** See {@code module-info}. */
@NullMarked
package io.github.pghba.syntax;

import org.jspecify.annotations.NullMarked;
