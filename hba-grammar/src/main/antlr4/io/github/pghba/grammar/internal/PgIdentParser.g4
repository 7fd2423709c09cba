/*
 * pg_ident.conf: the same lexical structure as pg_hba.conf (see PgHbaParser): logical lines of
 * fields, each field one word or a comma list. Map name, system user name and database user name
 * are assigned by position in hba-core; extra fields are ignored there, as PostgreSQL does.
 */
parser grammar PgIdentParser;

options { tokenVocab = AuthFileLexer; }

file : line* EOF ;

line : mapping? NEWLINE ;

mapping
    : field+ openField?
    | openField
    ;

field : CONT_WORD* WORD ;

openField : CONT_WORD+ ;
