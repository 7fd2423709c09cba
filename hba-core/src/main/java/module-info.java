/**
 * pghba core: reads PostgreSQL's pg_hba.conf and pg_ident.conf exactly as PostgreSQL 13–18 does.
 *
 * <ul>
 *   <li>{@link io.github.pghba.load} — load files ({@link io.github.pghba.load.HbaLoader}).</li>
 *   <li>{@link io.github.pghba.syntax} — the immutable syntax tree.</li>
 *   <li>{@link io.github.pghba.check} — versions, settings, build features and diagnostics.</li>
 *   <li>{@link io.github.pghba.view} — the {@code pg_hba_file_rules} / {@code pg_ident_file_mappings} rows.</li>
 * </ul>
 */
module io.github.pghba.core {
    requires org.antlr.antlr4.runtime;
    requires io.github.pghba.grammar;
    requires static transitive org.jspecify;

    exports io.github.pghba.analysis;
    exports io.github.pghba.check;
    exports io.github.pghba.eval;
    exports io.github.pghba.load;
    exports io.github.pghba.syntax;
    exports io.github.pghba.view;
}
