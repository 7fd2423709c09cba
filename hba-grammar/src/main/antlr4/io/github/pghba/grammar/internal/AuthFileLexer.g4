/*
 * Tokens of PostgreSQL's authentication files (pg_hba.conf, pg_ident.conf), as hba.c's next_token()
 * splits a logical line. Continuation lines are joined before lexing (they apply inside quotes and
 * comments too), and everything after a NUL byte is cut off, so the input is a sequence of logical
 * lines separated by '\n'.
 *
 * - Blanks are only space, tab and CR (pg_isblank); every other character is a word character.
 * - A word is a maximal run of unquoted characters and quoted segments. A double quote toggles
 *   quoting; inside quotes blanks, ',' and '#' are literal and "" is a literal quote. A quote left
 *   open runs to the end of the line. Decoding (dropping quotes, the "quoted before the first
 *   character" flag) is done by hba-core, not here.
 * - A word immediately followed by an unquoted ',' is a CONT_WORD: the comma continues the current
 *   field with the next word, across blanks ("db1, all" is one field).
 * - Any other comma is skipped like a blank (",a" and "u1 ,u2": the blank before the comma ends the
 *   field, the comma is then skipped).
 * - An unquoted '#' starts a comment even in the middle of a word.
 * No keywords here: whether "all" or "host" is special depends on the field and on quoting.
 *
 * hba-core loads files with a hand-written scanner of these rules (WordScanner); its
 * ScannerAgreesTest fails on the first token where that scanner and this lexer differ
 * (see hba-grammar/README.md). Change this grammar first, then the scanner.
 */
lexer grammar AuthFileLexer;

NEWLINE : '\n' ;

BLANK : [ \t\r]+ -> channel(HIDDEN) ;

COMMENT : '#' ~[\n]* -> channel(HIDDEN) ;

// WORD comes first: when both match the same text, the comma is inside an open quote and belongs
// to the word ("abc, at the end of a line is the token abc,).
WORD : WORD_BODY ;

CONT_WORD : WORD_BODY ',' ;

COMMA : ',' -> channel(HIDDEN) ;

fragment WORD_BODY
    : ( UNQUOTED | QUOTED )+ OPEN_QUOTE?
    | OPEN_QUOTE
    ;

fragment UNQUOTED : ~[ \t\r\n,#"] ;

fragment QUOTED : '"' ( ~["\n] | '""' )* '"' ;

fragment OPEN_QUOTE : '"' ( ~["\n] | '""' )* ;
