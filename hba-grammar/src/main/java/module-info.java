/**
 * The ANTLR 4 grammars of pg_hba.conf and pg_ident.conf. The generated lexer and parsers are for
 * hba-core only (hence the package name {@code internal}); they are not an API.
 */
module io.github.pghba.grammar {
    requires transitive org.antlr.antlr4.runtime;

    exports io.github.pghba.grammar.internal;
}
