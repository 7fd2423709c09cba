/** See {@code module-info}. */
@NullMarked
package io.github.pghba.view;

import org.jspecify.annotations.NullMarked;
