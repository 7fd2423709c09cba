package io.github.pghba.view;

/**
 * The encoding of the database a view is read in. It matters for one thing only: the regular
 * expressions of a line ({@code /...} tokens, pg_hba.conf from 16, pg_ident.conf from 15) are
 * compiled in the reading backend's database encoding, while the postmaster, which decides whether
 * the file loads and what it matches, compiles them one character per byte. A pattern with bytes
 * that are not ASCII can therefore be an error in the view and fine for the server, or the other way
 * round.
 */
public enum DatabaseEncoding {
    /** {@code UTF8}, the usual choice (and what {@code initdb} picks for a UTF-8 locale). */
    UTF8,
    /**
     * Any single-byte encoding: {@code SQL_ASCII}, {@code LATIN1}–{@code LATIN10}, {@code WIN1250}–
     * {@code WIN1258}, {@code WIN866}, {@code WIN874}, {@code KOI8R}, {@code KOI8U},
     * {@code ISO_8859_5}–{@code ISO_8859_8}. The view then agrees with the postmaster. (The
     * multi-byte {@code EUC_*} and {@code MULE_INTERNAL} encodings are not modelled.)
     */
    SINGLE_BYTE
}
