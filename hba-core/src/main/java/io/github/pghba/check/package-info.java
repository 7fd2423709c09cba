/** See {@code module-info}. */
@NullMarked
package io.github.pghba.check;

import org.jspecify.annotations.NullMarked;
