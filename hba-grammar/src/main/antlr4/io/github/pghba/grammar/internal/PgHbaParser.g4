/*
 * pg_hba.conf: a file is a sequence of logical lines; a record is a sequence of fields; a field is
 * one word or a comma-separated list of words (see AuthFileLexer for where a list continues). A
 * list may end with a dangling comma at the end of the line ("trust," is the field {trust}).
 * The meaning of each field (connection type, databases, users, address, mask, method, options)
 * depends on its position and on the connection type, so it is decided in hba-core.
 */
parser grammar PgHbaParser;

options { tokenVocab = AuthFileLexer; }

file : line* EOF ;

line : record? NEWLINE ;

record
    : field+ openField?
    | openField
    ;

field : CONT_WORD* WORD ;

openField : CONT_WORD+ ;
