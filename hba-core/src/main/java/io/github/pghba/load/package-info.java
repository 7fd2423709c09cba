/** See {@code module-info}. */
@NullMarked
package io.github.pghba.load;

import org.jspecify.annotations.NullMarked;
