/**
 * CloudNativePG: read Cluster and Pooler manifests ({@link io.github.pghba.cnpg.CnpgManifest}),
 * render the {@code pg_hba.conf} / {@code pg_ident.conf} the operator writes for them
 * ({@link io.github.pghba.cnpg.CnpgRenderer}), and review the result with the operator in the
 * picture ({@link io.github.pghba.cnpg.CnpgReview}).
 */
@NullMarked
package io.github.pghba.cnpg;

import org.jspecify.annotations.NullMarked;
