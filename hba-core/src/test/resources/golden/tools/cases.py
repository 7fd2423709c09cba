"""Definitions of the golden cases (input files only; the answers come from the servers).

Each case(): slug, one-sentence description, the exact bytes of pg_hba.conf, optional
auxiliary files {relative path: content} (a path ending in "/" is an empty directory,
which git cannot store, so such cases use a placeholder file instead), optional
pg_ident.conf, optional server settings (non-default postgresql.conf values) and an
optional list of the major versions to run (default: all six).

Cases are numbered in the order they appear here (NNN-slug).
"""

CASES = []


def case(slug, desc, hba, files=None, ident=None, settings=None, versions=None,
         skip_reason=None):
    f = {"pg_hba.conf": hba}
    if ident is not None:
        f["pg_ident.conf"] = ident
    f.update(files or {})
    CASES.append({"slug": slug, "desc": desc, "files": f, "settings": settings,
                  "versions": versions, "skip_reason": skip_reason})


def long_line(total, prefix="local ", suffix=" all trust", chunk=4000):
    """A line of exactly `total` bytes (without newline): prefix, a comma list of
    database names of at most `chunk` bytes each, suffix."""
    n = total - len(prefix) - len(suffix)
    parts = []
    i = 0
    while n > 0:
        k = min(chunk, n)
        if parts:
            k = min(chunk, n - 1)
            if k <= 0:           # cannot end on a comma: grow the previous token
                parts[-1] += "x" * n
                break
            n -= 1
        parts.append(chr(ord("a") + i % 26) * k)
        n -= k
        i += 1
    line = prefix + ",".join(parts) + suffix
    assert len(line) == total, (len(line), total)
    return line


PEER_M = "local all all peer map=m\n"

# =====================================================================
# §1 tokenizer
# =====================================================================
case("comma-joins-across-blanks",
     "A comma continues the field across blanks: `db1, all` is one database list, so `trust` "
     "becomes the user and the method is missing.",
     "local db1, all trust\n")
case("comma-list-with-blanks-loads",
     "Comma lists with blanks and tabs after the comma stay one field and load.",
     "local db1,  db2 u1,\tu2 trust\nhost a,b c,  d 127.0.0.1/32 md5\n")
case("leading-and-double-commas",
     "Blanks and commas before a token are skipped: `,a,,b` is {a,b} and `,u` is {u}.",
     "local ,a,,b ,u trust\n")
case("blank-before-comma-starts-new-field",
     "`u1 ,u2` is two fields, so the next field shifts (method `u2`, address `u2`).",
     "local all u1 ,u2 trust\nhost all u1 ,u2 127.0.0.1/32 trust\n")
case("trailing-comma-after-method-and-option",
     "A trailing comma after the method or an option adds no token; the file loads.",
     "local all all trust,\nlocal all all peer map=m,\nhost all all 127.0.0.1/32 md5 ,\n")
case("comma-in-method-field",
     "`trust,reject` is two method tokens: multiple values for authentication type.",
     "local all all trust,reject\n")
case("tab-and-cr-are-blanks",
     "TAB and a CR in mid-line separate tokens like spaces.",
     "local\tall\rall \t trust\nlocal\rdb\r\ruser\rreject\r\n")
case("leading-blanks-and-backslash-in-name",
     "Leading blanks are skipped; a backslash in mid-line is an ordinary character.",
     "   local all all trust\n\tlocal a\\b all reject\n")
case("lone-comma-field",
     "A field that is only a comma is skipped together with the following blank: "
     "`local , all trust` has database all and user trust.",
     "local , all trust\n")
case("commas-only-line",
     "A line of only commas and blanks produces no record.",
     ",,,\n , ,\nlocal all all trust\n")
case("crlf-line-endings",
     "A file with CRLF line endings throughout loads normally.",
     "# comment\r\nlocal all all trust\r\n\r\nhost all all ::1/128 md5\r\n")
case("vt-ff-nbsp-are-token-chars-in-method",
     "VT, FF and NBSP are not blanks: they stick to the method name, which becomes invalid "
     "(three error lines on purpose).",
     b"local all all trust\x0b\nlocal all all trust\x0c\nlocal all all trust\xc2\xa0\n")
case("vt-ff-nbsp-in-names-load",
     "VT, FF and NBSP inside or as database/user names are ordinary characters.",
     b"local db\x0bx u\x0cy trust\nlocal \xc2\xa0 a\xc2\xa0b trust\n")
case("quoted-keywords-are-literal",
     "Quoted keywords (\"all\", \"\"all, \"sameuser\", \"samerole\", \"samegroup\", \"replication\", "
     "\"+grp\", \"@x\") are plain names; the view shows them without quotes.",
     'local "all" "all" trust\n'
     'local ""all ""all trust\n'
     'local "sameuser" "+grp" trust\n'
     'local "samerole","samegroup" "@x" trust\n'
     'local "replication" "sameuser" trust\n'
     '"local" "all" "all" "trust"\n')
case("partially-quoted-is-keyword",
     "Quoting only counts if the quote comes first: al\"l\" and a\"ll\" are the keyword all; "
     "\"a\"ll is literal.",
     'local al"l" a"ll" trust\nlocal "a"ll sam"eus"er trust\n')
case("quotes-inside-token",
     "Quote characters are removed and quoted blanks kept: a\"b c\"d is the one token `ab cd`.",
     'local a"b c"d "x y" trust\nlocal "a,b" "c#d" trust\n')
case("empty-quoted-token",
     "`\"\"` is a valid empty token in database and user lists.",
     'local "" "" trust\nlocal db "",u trust\n')
case("unterminated-quote",
     "An unterminated quote runs to end of line without an error of its own; the line then "
     "lacks the user field.",
     'local "all all trust\n')
case("doubled-quote-escapes",
     "Inside quotes `\"\"` is a literal quote: \"u \"\"2\"\"\" is `u \"2\"`; a\"\"b, \"a\"\"b\" and "
     "\"\"\"\" show the quirks of the toggle.",
     'local all "u ""2""" trust\nlocal a""b "a""b" trust\nlocal """" """""" trust\n')
case("hash-mid-token-starts-comment",
     "An unquoted # starts a comment even in mid-token: `all#x` leaves the line without users.",
     "local all#x all trust\n")
case("quoted-hash-and-trailing-comment",
     "A quoted \"#x\" is a name, `trust#comment` is `trust`, and a comment after blanks is ignored.",
     'local "#x" all trust#comment\nlocal all all trust # comment\n# whole line\n   # indented\n')
case("empty-quoted-connection-type-and-option",
     "An empty quoted token as connection type is an invalid connection type \"\"; as an option "
     "it is not in name=value format (two lines).",
     '"" all all trust\nlocal all all trust ""\n')
case("file-without-final-newline",
     "The last line needs no newline.",
     "local all all trust\nlocal all all reject")
case("blank-and-comment-lines-count",
     "Blank, whitespace-only and comment lines produce no rows but count for line numbers.",
     "\n# c\n   \n\t\nlocal all all trust\n\n\n# x\nlocal all all reject\n")
case("continuation-basic",
     "A trailing backslash joins the next physical line (14+); the record keeps the first line "
     "number. In 13 both lines are errors.",
     "local all \\\nall trust\nlocal all all \\\n  reject\n")
case("continuation-joins-without-separator",
     "The joined line gets no separator: al\\<NL>l is `all` (14+).",
     "local al\\\nl all trust\n")
case("continuation-after-trailing-comment",
     "A rule whose trailing comment ends in a backslash swallows the next line (14+).",
     "local all all trust # note \\\nhost all all all reject\nlocal all all md5\n")
case("continuation-inside-quotes",
     "Continuation works inside a quoted token: \"a\\<NL>b\" is the name `ab`.",
     'local "a\\\nb" all trust\n')
case("continuation-in-comment-swallows-next-line",
     "A comment ending in a backslash swallows the next physical line (14+).",
     "# comment \\\nlocal all all reject\nlocal all all trust\n")
case("double-backslash-at-end",
     "`\\\\` at end of line still continues and keeps one backslash: db\\\\<NL>x is `db\\x` (14+).",
     "local db\\\\\nx all trust\n")
case("backslash-space-is-not-continuation",
     "A backslash followed by a space is an ordinary token (here an option not in name=value "
     "format).",
     "local all all trust \\ \nlocal all all reject\n")
case("continuation-into-empty-line-ends-record",
     "A continuation into an empty line ends the record; the next record starts after it.",
     "local all all trust \\\n\nlocal all all reject\n")
case("continuation-into-empty-line-error",
     "The method on the line after an empty continuation line is not part of the record.",
     "local all all \\\n\ntrust\n")
case("backslash-on-last-line-no-newline",
     "A backslash on the last line without a final newline is harmless (14+).",
     "local all all reject\nlocal all all trust \\")
case("backslash-on-last-line-with-newline",
     "A backslash on the last line followed by a newline is harmless (14+).",
     "local all all reject\nlocal all all trust \\\n")
case("continuation-line-numbers",
     "Line numbers after continued records count every physical line; a 3-line record has the "
     "number of its first line.",
     "local all \\\nall \\\ntrust\n# c\nlocal db \\\nu reject\nlocal x y trust\n")
case("continuation-with-crlf",
     "CR/LF is stripped before the backslash test, so continuation works in CRLF files (14+).",
     "local all \\\r\nall trust\r\nlocal all all reject\r\n")
case("non-ascii-utf8-bytes",
     "UTF-8 names pass through byte for byte.",
     b"local caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac trust\nlocal all \xf0\x9f\x98\x80 reject\n")
case("non-utf8-byte",
     "A lone Latin-1 byte (0xE9) passes through unchanged (JSON: \\udce9, see README).",
     b"local \xe9t\xe9 all trust\n")
case("nul-byte-in-line",
     "A NUL byte ends the line's content; in 14+ it also swallows the newline, so the next physical line is appended to the record.",
     b"local all all trust\x00junk\nlocal db\x00x all reject\n")
case("tokens-255-256-257-bytes",
     "Tokens of 255, 256 and 257 bytes load (the 256-byte limit was lifted in 13.12/14.9/15.4).",
     "local %s all trust\nlocal %s all trust\nlocal %s all trust\n" % ("a" * 255, "b" * 256, "c" * 257))
case("token-10239-bytes",
     "A 10239-byte token is the longest accepted by 13-15 (unlimited in 16+).",
     "local %s all trust\n" % ("d" * 10239))
case("token-10240-bytes",
     "A 10240-byte token is too long in 13-15 (rest of line discarded); 16+ accept it.",
     "local %s all trust\nlocal all all reject\n" % ("e" * 10240))
case("token-10240-bytes-last-on-line",
     "A too-long token as the last token (method position) in 13-15.",
     "local all all %s\n" % ("f" * 10240))
case("line-20477-bytes",
     "A 20477-byte line is the longest physical line 13 accepts.",
     long_line(20477) + "\nlocal all all reject\n")
case("line-20478-bytes",
     "In 13 a 20478-byte line (plus newline) is already 'line too long', without shifting "
     "later line numbers.",
     long_line(20478) + "\nlocal all all reject\n")
case("line-20479-bytes",
     "In 13 a 20479-byte line is too long and its newline is read as an extra (empty) line, "
     "shifting later line numbers.",
     long_line(20479) + "\nlocal all all reject\n")
case("line-overlong-tail-becomes-a-line",
     "In 13 the bytes after position 20479 of an overlong comment line are parsed as a new "
     "line (here a valid rule); 14+ see a comment.",
     "#" + "x" * 20478 + "local all all trust\nlocal all all reject\n")

# =====================================================================
# §1 @file inclusion
# =====================================================================
case("atfile-basic",
     "@file lists in database and user fields are tokenised (comments, quotes, commas) and "
     "flattened into the field.",
     "local @dbs.list @users.list trust\n",
     files={"dbs.list": 'db1 db2\n# comment\ndb3,"db 4"\n\n', "users.list": "u1\nu2 # c\n"})
case("atfile-nested",
     "An @file may reference another @file.",
     "local @a.list all trust\n",
     files={"a.list": "x @b.list y\n", "b.list": "z1,z2\n"})
case("atfile-relative-to-including-file",
     "A nested @file path resolves against the directory of the file that names it.",
     "local @sub/a.list all trust\n",
     files={"sub/a.list": "a1 @b.list\n", "sub/b.list": "from_sub\n", "b.list": "from_top\n"})
case("atfile-missing",
     "A missing @file: the per-version error message.",
     "local @nosuch.list all trust\n")
case("atfile-missing-with-dot-segments",
     "The path in the missing-@file message: ./ and .. kept verbatim on 13/14, canonicalised on 15+.",
     "local @./sub/../nosuch.list all trust\n", files={"sub/placeholder.txt": "x\n"})
case("atfile-single-token-in-type-address-method",
     "@files may stand in the type, address and method fields when they expand to one token.",
     "@type.list all all trust\nhost all all @addr.list @method.list\n",
     files={"type.list": "local\n", "addr.list": "127.0.0.1/32\n", "method.list": "md5\n"})
case("atfile-two-tokens-in-type",
     "An @file expanding to two tokens in the type field: multiple values for connection type.",
     "@types.list all all trust\n", files={"types.list": "local host\n"})
case("atfile-two-tokens-in-address",
     "An @file expanding to two tokens in the address field: multiple values for host address.",
     "host all all @addr.list trust\n", files={"addr.list": "127.0.0.1/32\n::1/128\n"})
case("atfile-two-tokens-in-method",
     "An @file expanding to two tokens in the method field: multiple values for authentication "
     "type.",
     "local all all @m.list\n", files={"m.list": "trust reject\n"})
case("atfile-in-options-field",
     "An @file in the options field expands to option tokens.",
     "local all all peer @opts.list\n", files={"opts.list": "map=m\n"})
case("at-alone-is-literal",
     "A bare @ is a literal name, not an inclusion.",
     "local @ @ trust\n")
case("quoted-at-is-literal",
     "\"@x\" is a literal name; no file is opened.",
     'local "@nosuch" "@x" trust\n')
case("at-with-quoted-filename",
     "@\"my file\" includes the file whose name contains a space.",
     'local @"my file" all trust\n', files={"my file": "spacedb\n"})
case("atfile-keeps-keyword-vs-quoted",
     "Tokens from an @file keep their quoting: all is the keyword, \"all\" a name (the view "
     "looks the same).",
     "local @kw.list all trust\nlocal @q.list all reject\n",
     files={"kw.list": "all\n", "q.list": '"all"\n'})
case("atfile-self-include-depth-limit",
     "An @file that includes itself hits the nesting limit on 16+ (13-15 crash: not run).",
     "local @self.list all trust\n", files={"self.list": "x @self.list\n"},
     versions=[16, 17, 18],
     skip_reason="13-15 have no depth limit: a self-including @file crashes the server "
                 "(13 segfault, 14/15 maxAllocatedDescs), so these versions are not run")
case("atfile-names-a-directory",
     "An @file naming a directory: an error row in 13; 14+ only log it and expand to nothing, so the field disappears and later fields shift.",
     "local @sub all trust\n", files={"sub/placeholder.txt": "not read\n"})
case("atfile-with-continuation",
     "Continuation lines inside an @file (14+).",
     "local @c.list all trust\n", files={"c.list": "a \\\nb\n"})
case("atfile-order-preserved",
     "a,@f,b keeps the order of the expanded tokens.",
     "local a,@f.list,b all trust\n", files={"f.list": "x y\n"})
case("atfile-empty-file",
     "An @file with no tokens expands to nothing: the field disappears and later fields shift (db all, user trust, no method).",
     "local @empty.list all trust\nlocal all all reject\n", files={"empty.list": "# nothing\n"})
case("atfile-from-included-hba",
     "An @file named in an included hba file resolves against that file's directory (16+).",
     "include sub/inc.conf\n",
     files={"sub/inc.conf": "local @users.list all trust\n", "sub/users.list": "subuser\n",
            "users.list": "topuser\n"})
case("atfile-containing-include-directive",
     "An include directive inside an @file (16+: the @file is read by the whole-file tokenizer).",
     "local @f.list all trust\n",
     files={"f.list": "a\ninclude other.list\nb\n", "other.list": "c d\n"})
case("atfile-with-regex-token",
     "A /regex token that comes from an @file is a regex in 16+.",
     "local all @re.list trust\n", files={"re.list": "/^u\n\"/^v\"\n"})

# =====================================================================
# §2 connection types and include directives
# =====================================================================
case("all-connection-types",
     "The six connection types; hostgssenc gives a warning row (no GSSAPI) but loads.",
     "local all all trust\nhost all all all trust\nhostssl all all all trust\n"
     "hostnossl all all all trust\nhostgssenc all all all trust\nhostnogssenc all all all trust\n")
case("connection-type-errors",
     "Types are case-sensitive single tokens; several error lines on purpose.",
     "Local all all trust\nHOST all all all trust\nhostSSL all all all trust\n"
     "local,host all all trust\nhost6 all all all trust\nhostnossl,hostssl all all all trust\n")
case("quoted-connection-type-and-method",
     "Connection types and methods ignore quoting: \"host\" and \"trust\" work.",
     '"host" all all all "trust"\n"local" all all "peer" "map=m"\n')
case("local-with-address-field",
     "`local` has no address field, so an address is read as the method.",
     "local all all 127.0.0.1/32 trust\n")
case("include-basic",
     "include splices the other file's rules in place; they keep their file name and line "
     "numbers (16+; 13-15: invalid connection type).",
     "local a all trust\ninclude inc.conf\nlocal b all trust\n",
     files={"inc.conf": "# included\nlocal i1 all trust\nlocal i2 all reject\n"})
case("include-quoted-path-with-space-and-comment",
     "A quoted include path may contain blanks; a trailing comment does not count as a field (16+).",
     'include "sub dir/a b.conf" # comment\n',
     files={"sub dir/a b.conf": "local spaced all trust\n"})
case("include-path-canonicalisation",
     "file_name of files reached through ./, .. and a trailing slash in include paths (16+).",
     "include ./sub/../inc.conf\ninclude_dir ./conf.d/\ninclude sub//x.conf\n",
     files={"inc.conf": "local i all trust\n", "conf.d/a.conf": "local a all trust\n",
            "sub/x.conf": "local x all trust\n"})
case("include-empty-file",
     "A main file that only includes an empty file has no entries (16+).",
     "include empty.conf\n", files={"empty.conf": "# nothing\n"})
case("include-if-exists-present-and-missing",
     "include_if_exists includes an existing file and silently skips a missing one.",
     "include_if_exists inc.conf\ninclude_if_exists nosuch.conf\nlocal all all trust\n",
     files={"inc.conf": "local i all trust\n"})
case("include-dir-selection-and-order",
     "include_dir takes *.conf files not starting with '.', at least 6 chars, no subdirectories, "
     "sorted by strcmp of the path.",
     "include_dir conf.d\nlocal last all trust\n",
     files={"conf.d/10-b.conf": "local f10b all trust\n",
            "conf.d/20-a.conf": "local f20a all trust\n",
            "conf.d/B.conf": "local fB all trust\n",
            "conf.d/a.conf": "local fa all trust\n",
            "conf.d/x.conf": "local fx all trust\n",
            "conf.d/.hidden.conf": "local fhidden all trust\n",
            "conf.d/readme.txt": "local ftxt all trust\n",
            "conf.d/c.conf.bak": "local fbak all trust\n",
            "conf.d/UPPER.CONF": "local fupper all trust\n",
            "conf.d/sub/d.conf": "local fsub all trust\n"})
case("include-quoted-keyword",
     "\"include\" f is a directive: quoting is ignored for the keyword.",
     '"include" inc.conf\n"include_if_exists" "inc.conf"\n',
     files={"inc.conf": "local i all trust\n"})
case("include-comma-list-first-only",
     "`include a,b` includes only a.",
     "include a.conf,b.conf\n",
     files={"a.conf": "local fa all trust\n", "b.conf": "local fb all trust\n"})
case("include-three-fields",
     "`include a b` (three fields) is not a directive: invalid connection type \"include\".",
     "include a.conf b.conf\nlocal all all trust\n",
     files={"a.conf": "local fa all trust\n", "b.conf": "local fb all trust\n"})
case("include-alone",
     "`include` with no file name is an invalid connection type.",
     "include\nlocal all all trust\n")
case("include-case-sensitive",
     "`Include` and `INCLUDE_DIR` are not directives.",
     "Include inc.conf\nINCLUDE_DIR conf.d\n",
     files={"inc.conf": "local i all trust\n", "conf.d/a.conf": "local a all trust\n"})
case("include-a-directory",
     "include of a directory silently includes nothing and the file loads (16+).",
     "include sub\nlocal all all trust\n", files={"sub/a.conf": "local fa all trust\n"})
case("include-empty-name",
     "include \"\" and include_if_exists \"\" produce no row (16+).",
     'include ""\ninclude_if_exists ""\nlocal all all trust\n')
case("include-dir-empty-name",
     "include_dir \"\" and include_dir \" \" are 'empty configuration directory name'.",
     'include_dir ""\ninclude_dir " "\nlocal all all trust\n')
case("include-missing-file",
     "include of a missing file is an error on the directive line.",
     "local all all trust\ninclude nosuch.conf\n")
case("include-nested-relative",
     "A nested include resolves against the directory of the including file.",
     "include sub/a.conf\n",
     files={"sub/a.conf": "local sa all trust\ninclude b.conf\n",
            "sub/b.conf": "local sb all trust\n", "b.conf": "local topb all trust\n"})
case("include-error-inside-included-file",
     "An error inside an included file is reported with that file's name and line.",
     "local all all trust\ninclude inc.conf\n",
     files={"inc.conf": "local ok all trust\nlocal bad all\n"})
case("include-dir-missing",
     "include_dir of a missing directory: could not open directory.",
     "include_dir nosuch.d\nlocal all all trust\n")
case("include-dir-of-a-file",
     "include_dir of a regular file: could not open directory.",
     "include_dir other.conf\nlocal all all trust\n", files={"other.conf": "local o all trust\n"})
case("include-dir-without-conf-files",
     "include_dir of a directory without *.conf files is fine.",
     "include_dir conf.d\nlocal all all trust\n",
     files={"conf.d/placeholder.txt": "no conf files here\n"})
case("include-dir-errors-inside-files-get-own-rows",
     "Errors inside files of an include_dir get rows of their own.",
     "include_dir conf.d\n",
     files={"conf.d/a.conf": "local a all\n", "conf.d/b.conf": "local b all trust\nbogus\n"})
case("include-self-depth-limit",
     "A file that includes itself stops at the nesting depth limit (16+).",
     "local all all trust\ninclude pg_hba.conf\n")
case("include-dir-open-failures-joined",
     "At the depth limit, the open failures of all files of an include_dir are joined with "
     "newlines into one error row on the directive (16+).",
     "include c1.conf\n",
     files=dict([("c%d.conf" % i, "include c%d.conf\n" % (i + 1)) for i in range(1, 10)] +
                [("c10.conf", "include_dir dd\n"),
                 ("dd/a.conf", "local a all trust\n"), ("dd/b.conf", "local b all trust\n")]))
case("include-if-exists-of-missing-only",
     "A file whose only content is include_if_exists of a missing file has no entries.",
     "include_if_exists nosuch.conf\n")

# =====================================================================
# §3/§4 database and user keywords, regex
# =====================================================================
case("regex-database-unquoted-and-quoted",
     "/regex database tokens (16+), quoted or not; literal names in 13-15.",
     'local /^x all trust\nlocal "/^y" all trust\nlocal "/(?i)^DB" all trust\n')
case("regex-user",
     "/regex user tokens (16+), quoted or not.",
     'local all /^u trust\nlocal all "/^v$",w trust\n')
case("regex-invalid-database",
     "An invalid regex fails the line at load (16+); 13-15 see a literal name.",
     'local "/(" all trust\n')
case("regex-invalid-user",
     "An invalid regex in the user field (16+).",
     "local all /a{2 trust\n")
case("regex-comma-splits",
     "A comma splits a regex token: /a{3,1} is the regex `a{3` plus the name `1`.",
     "local /a{3,1} all trust\n")
case("regex-empty",
     "A bare / is a regex with an empty pattern in 16+.",
     "local / / trust\n")
case("regex-invalid-messages",
     "Invalid regexes and their regerror texts (16+), one per line on purpose; line 3 (`/\\\\`, an escaped backslash) is valid.",
     'local "/[a" all trust\nlocal "/a**" all trust\nlocal "/\\\\" all trust\n'
     'local "/(?z)" all trust\nlocal "/a{1,2,3}" all trust\nlocal "/a\\" all trust\n')
case("plus-role-forms",
     "+role is membership; \"+grp\" is literal; a bare + is a name; all load.",
     'local all +grp trust\nlocal all "+grp" trust\nlocal all + trust\nlocal +db all trust\n')
case("plus-with-quoted-rest",
     "+\"g r\" is unquoted at its first character, so it is membership of the role `g r`.",
     'local all +"g r" trust\n')
case("same-keywords",
     "sameuser, samerole, samegroup in the database field, and as literal user names.",
     "local sameuser all trust\nlocal samerole all trust\nlocal samegroup all trust\n"
     "local all sameuser,samerole trust\n")
case("replication-keyword",
     "replication and \"replication\" in the database field, mixed with other names.",
     'local replication all trust\nlocal "replication" all trust\nhost replication,all all all md5\n')
case("keywords-are-case-sensitive",
     "ALL, All, SameUser, Replication are literal names.",
     "local ALL All trust\nlocal SameUser,Replication ALL trust\n")
case("database-missing",
     "A line with only a connection type: end-of-line before database specification.",
     "local\n")
case("user-missing",
     "A line without users: end-of-line before role specification.",
     "local all\n")

# =====================================================================
# §5 addresses
# =====================================================================
case("ipv4-cidr-basic",
     "Plain IPv4 CIDR addresses and their netmask columns.",
     "host all all 127.0.0.1/32 trust\nhost all all 10.0.0.0/8 md5\nhost all all 0.0.0.0/0 reject\n"
     "host all all 192.168.1.0/24 trust\nhost all all 1.2.3.4/0 trust\n")
case("ipv4-inet-aton-short-forms",
     "glibc inet_aton forms: 10/8 = 0.0.0.10, 127.1, octal 010.0.0.1 = 8.0.0.1, hex 0x7f.1, "
     "a 32-bit number.",
     "host all all 10/8 trust\nhost all all 127.1/32 trust\nhost all all 010.0.0.1/32 trust\n"
     "host all all 0x7f.1/32 trust\nhost all all 2130706433/32 trust\nhost all all 1.2.3/32 trust\n")
case("invalid-dotted-quads-are-host-names",
     "300.1.1.1, 1.2.3.4.5, [::1] and \"\" are host names that load (and never match).",
     'host all all 300.1.1.1 trust\nhost all all 1.2.3.4.5 trust\nhost all all [::1] trust\n'
     'host all all "" trust\nhost all all 256.256.256.256 trust\n')
case("invalid-dotted-quad-with-cidr",
     "300.1.1.1/32 is a host name with a CIDR mask: an error.",
     "host all all 300.1.1.1/32 trust\n")
case("cidr-plus-and-leading-zero",
     "strtol accepts /+8 and /08 (decimal).",
     "host all all 127.0.0.0/+8 trust\nhost all all 127.0.0.0/08 trust\nhost all all ::1/0128 trust\n")
case("cidr-invalid-values",
     "Invalid CIDR masks: -1, 33, empty, x, 8x, double slash, two masks, 129 for IPv6 "
     "(one error per line on purpose).",
     "host all all 127.0.0.1/-1 trust\nhost all all 127.0.0.1/33 trust\nhost all all 127.0.0.1/ trust\n"
     "host all all 127.0.0.1/x trust\nhost all all 127.0.0.1/8x trust\nhost all all 127.0.0.1//8 trust\n"
     "host all all 127.0.0.1/8/8 trust\nhost all all ::1/129 trust\nhost all all 127.0.0.1/ 8 trust\n")
case("host-name-with-cidr",
     "A host name, or a keyword, with /N: 'specifying both host name and CIDR mask is invalid'.",
     "host all all localhost/24 trust\n")
case("keyword-address-with-cidr",
     "all/0, samehost/32 and samenet/8 are not keywords but host names with a CIDR mask.",
     "host all all all/0 trust\nhost all all samehost/32 trust\nhost all all samenet/8 trust\n")
case("separate-netmask-forms",
     "ADDR MASK form: contiguous, non-contiguous (255.0.255.255), `24` (= 0.0.0.24), hex, IPv6 masks.",
     "host all all 127.0.0.1 255.255.255.255 trust\nhost all all 127.9.0.1 255.0.255.255 trust\n"
     "host all all 10.0.0.0 24 trust\nhost all all 127.0.0.0 0xff000000 trust\n"
     "host all all ::1 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff trust\n"
     "host all all fe80:: ffc0:: md5\n")
case("netmask-missing",
     "ADDR without mask at end of line: end-of-line before netmask specification (with hint).",
     "host all all 127.0.0.1\n")
case("netmask-is-the-method",
     "`host all all 127.0.0.1 trust`: the method is read as the mask.",
     "host all all 127.0.0.1 trust\n")
case("netmask-multiple-values",
     "Two mask tokens: multiple values specified for netmask.",
     "host all all 127.0.0.1 255.0.0.0,255.255.0.0 trust\n")
case("netmask-family-mismatch",
     "IPv4 address with IPv6 mask and vice versa: IP address and mask do not match (two lines).",
     "host all all 127.0.0.1 ffff:: trust\nhost all all ::1 255.0.0.0 trust\n")
case("netmask-then-missing-method",
     "ADDR MASK with nothing after: end-of-line before authentication method.",
     "host all all 127.0.0.1 255.255.255.255\n")
case("netmask-invalid-text",
     "A mask that is not numeric: invalid IP mask with gai_strerror.",
     "host all all 127.0.0.1 255.255.255.x trust\n")
case("address-missing",
     "host line without address: end-of-line before IP address specification.",
     "host all all\n")
case("address-multiple-values",
     "Two addresses in one field: multiple values specified for host address.",
     "host all all 127.0.0.1/32,::1/128 trust\n")
case("all-address-with-mask-field",
     "After `all` the next field is the method, so a mask there is an invalid method.",
     "host all all all 255.0.0.0 trust\n")
case("ipv6-forms",
     "IPv6 addresses: loopback, link-local net, v4-mapped, upper case, ::/0 and compressed forms; "
     "the view normalises them.",
     "host all all ::1/128 trust\nhost all all fe80::/10 trust\nhost all all ::ffff:127.0.0.1/128 trust\n"
     "host all all 2001:DB8:0:0::1/64 trust\nhost all all ::/0 reject\n"
     "host all all 2001:0db8:0000:0000:0000:0000:0000:0001/128 md5\n")
case("ipv6-zone-ids-accepted",
     "fe80::1%lo/64 and ::1%1/128 parse; the view drops the zone.",
     "host all all fe80::1%lo/64 trust\nhost all all ::1%1/128 trust\nhost all all fe80::1%1 ffff:ffff:: trust\n")
case("ipv6-zone-name-on-loopback",
     "::1%lo/128 is not numeric for glibc: a host name with a CIDR mask, an error.",
     "host all all ::1%lo/128 trust\n")
case("ipv6-zone-name-unknown-interface",
     "fe80::1%nosuchif/64: an unknown interface name is not numeric for getaddrinfo, so this is a host name with a CIDR mask (error).",
     "host all all fe80::1%nosuchif/64 trust\n")
case("address-keywords-quoted-and-unquoted",
     "all, samehost, samenet are keywords; quoted they are host names.",
     'host all all all trust\nhost all all samehost trust\nhost all all samenet trust\n'
     'host all all "all" trust\nhost all all "samehost" trust\nhost all all "samenet" trust\n')
case("host-names",
     "Host names and .suffix patterns load as written (case kept).",
     "host all all localhost trust\nhost all all LOCALHOST trust\nhost all all .example.com trust\n"
     "host all all .localhost trust\nhost all all my-host_1.example trust\n")
case("host-bits-set",
     "127.0.0.99/24 is accepted with host bits set; the view keeps the address.",
     "host all all 127.0.0.99/24 trust\nhost all all ::1:2/64 trust\n")

case("ipv6-view-formatting",
     "How the view prints IPv6 addresses with leading zero groups, v4-mapped and v4-compatible forms.",
     "host all all ::1:2/128 trust\nhost all all ::102:304/128 trust\nhost all all ::ffff:102:304/128 trust\n"
     "host all all ::1.2.3.4/128 trust\nhost all all 0:0:0:0:0:0:0:1/128 trust\nhost all all ::2/128 trust\n"
     "host all all 1::/16 trust\nhost all all ::ffff:0:0/96 trust\nhost all all 64:ff9b::1.2.3.4/128 trust\n")
case("quoted-address-and-netmask",
     "Numeric addresses and masks may be quoted.",
     'host all all "127.0.0.1/32" trust\nhost all all "127.0.0.1" "255.255.255.255" trust\n')
case("host-name-trailing-dot",
     "A host name with a trailing dot and a single-label name load as host names.",
     "host all all localhost. trust\nhost all all db trust\n")
# =====================================================================
# §6 authentication methods
# =====================================================================
case("methods-always-available",
     "trust, reject, password, md5, scram-sha-256, peer, ident, cert, radius load.",
     "local all all trust\nlocal all all reject\nlocal all all password\nlocal all all md5\n"
     "local all all scram-sha-256\nlocal all all peer\nhost all all all ident\n"
     "hostssl all all all cert\nhost all all all radius radiusservers=localhost radiussecrets=s\n"
     "hostnossl all all all password\n")
case("ident-on-local-becomes-peer",
     "`ident` on a local line is rewritten to peer (the view shows peer).",
     "local all all ident map=m\nlocal all all ident\n")
case("peer-on-host",
     "peer on a host line is an error.",
     "host all all all peer\n")
case("gss-on-local",
     "gss on local: the not-built error comes before the local-socket check.",
     "local all all gss\n")
case("methods-not-built",
     "gss, sspi, pam, bsd, ldap: not supported by this build (one error per line on purpose).",
     "host all all all gss\nhost all all all sspi\nhost all all all pam\nhost all all all bsd\n"
     "host all all all ldap ldapserver=localhost ldapprefix=cn=\n")
case("cert-without-hostssl",
     "cert on host, hostnossl and local lines: only supported on hostssl (three lines).",
     "host all all all cert\nhostnossl all all all cert\nlocal all all cert\n")
case("oauth-without-validator-libraries",
     "oauth: invalid method before 18; on 18 without oauth_validator_libraries an error.",
     "host all all all oauth issuer=https://issuer.example scope=openid\n")
case("oauth-options-without-oauth-method",
     "issuer/scope/validator/delegate_ident_mapping: only valid for oauth (18), unrecognized "
     "before (one error per line on purpose).",
     "host all all all trust issuer=x\nhost all all all trust scope=x\n"
     "host all all all trust validator=x\nhost all all all trust delegate_ident_mapping=1\n")
case("oauth-with-validator-library",
     "18 with oauth_validator_libraries set: oauth lines load; the view fills in validator= and shows delegate_ident_mapping only when 1.",
     'host all all all oauth issuer=https://issuer.example scope="openid email"\n'
     "local all all oauth issuer=x scope=y map=m validator=myvalidator\n"
     "host all all all oauth issuer=x scope=y delegate_ident_mapping=1\n"
     "host all all all oauth issuer=x scope=y delegate_ident_mapping=yes\n",
     settings={"oauth_validator_libraries": "myvalidator"}, versions=[18],
     skip_reason="oauth_validator_libraries only exists in 18")
case("oauth-errors-with-validator-library",
     "18 with one validator library: missing scope, missing issuer, validator not permitted, "
     "map with delegate_ident_mapping (one error per line on purpose).",
     "host all all all oauth issuer=x\nhost all all all oauth scope=y\n"
     "host all all all oauth issuer=x scope=y validator=other\n"
     "host all all all oauth issuer=x scope=y map=m delegate_ident_mapping=1\n",
     settings={"oauth_validator_libraries": "myvalidator"}, versions=[18],
     skip_reason="oauth_validator_libraries only exists in 18")
case("oauth-several-validator-libraries",
     "18 with two validator libraries: validator= is required, and permitted names load.",
     "host all all all oauth issuer=x scope=y\n"
     "host all all all oauth issuer=x scope=y validator=v2\n",
     settings={"oauth_validator_libraries": "v1,v2"}, versions=[18],
     skip_reason="oauth_validator_libraries only exists in 18")
case("unknown-and-cased-methods",
     "krb5, crypt, Trust, MD5, scram, SCRAM-SHA-256, password2 are invalid methods "
     "(one per line on purpose).",
     "local all all krb5\nlocal all all crypt\nlocal all all Trust\nlocal all all MD5\n"
     "local all all scram\nlocal all all SCRAM-SHA-256\nlocal all all password2\n")
case("method-missing",
     "No method: end-of-line before authentication method.",
     "local all all\n")
case("method-two-values",
     "Two methods in the method field: multiple values specified for authentication type.",
     "host all all all md5,scram-sha-256\n")
case("second-method-is-an-option",
     "A second method after a blank is read as an option not in name=value format.",
     "local all all trust reject\n")

# =====================================================================
# §7 authentication options
# =====================================================================
case("option-not-name-value",
     "An option without '=': not in name=value format.",
     "local all all peer map\n")
case("option-empty-name",
     "`=x` is an option with the empty name.",
     "local all all peer =x\n")
case("option-unknown-name",
     "Unknown option names, and case-sensitive names (Map) (two lines).",
     "local all all trust foo=bar\nlocal all all peer Map=m\n")
case("option-duplicates-last-wins",
     "A repeated valid option: the last value wins.",
     "local all all peer map=a map=b\nhostssl all all all md5 clientcert=verify-ca clientcert=verify-full\n")
case("option-invalid-earlier-duplicate-still-fails",
     "An invalid earlier value fails the line although a valid later value follows.",
     "hostssl all all all md5 clientcert=bad clientcert=verify-full\n")
case("option-map-empty",
     "`map=` (empty) is accepted and shown as `map=` in the view (at run time it means no map).",
     "local all all peer map=\nlocal all all peer map=m\n")
case("option-comma-and-quoted-value",
     "Options split at commas (two options in one token list); a quoted option keeps its blank.",
     'local all all peer map=a,map=b\nlocal all all peer "map=a b"\nlocal all all peer map="x,y"\n')
case("option-value-with-equals",
     "The option is split at the first '='; the value keeps later '=' signs.",
     "local all all peer map=a=b\n")
case("option-quoted-name",
     "Option names ignore quoting: \"map\"=m is map=m.",
     'local all all peer "map"=m\n')
case("option-wrong-method-messages",
     "Every option family on a wrong method gives its 'only valid for authentication methods' "
     "text (one error per line on purpose).",
     "host all all all trust map=m\nhost all all all trust krb_realm=R\nhost all all all trust include_realm=0\n"
     "host all all all trust compat_realm=1\nhost all all all trust upn_username=1\n"
     "host all all all trust pamservice=p\nhost all all all trust pam_use_hostname=1\n"
     "host all all all trust ldapserver=s\nhost all all all trust ldapport=389\n"
     "host all all all trust ldaptls=1\nhost all all all trust ldapscheme=ldaps\n"
     "host all all all trust ldapprefix=p\nhost all all all trust ldapsuffix=s\n"
     "host all all all trust ldapbasedn=b\nhost all all all trust ldapbinddn=d\n"
     "host all all all trust ldapbindpasswd=p\nhost all all all trust ldapsearchattribute=a\n"
     "host all all all trust ldapsearchfilter=f\nhost all all all trust ldapurl=ldap://x\n"
     "host all all all trust radiusservers=localhost\nhost all all all trust radiussecrets=s\n"
     "host all all all trust radiusports=1812\nhost all all all trust radiusidentifiers=i\n"
     "host all all all md5 map=m\nhost all all all reject include_realm=1\n")
case("option-singular-radius-names",
     "Singular radius names (radiusserver, radiussecret, radiusport, radiusidentifier) are "
     "unrecognized (one per line on purpose).",
     "host all all all radius radiusserver=localhost\nhost all all all radius radiussecret=s\n"
     "host all all all radius radiusport=1812\nhost all all all radius radiusidentifier=i\n")
case("map-on-methods",
     "map is accepted on peer, ident (local and host) and cert.",
     "local all all peer map=m\nlocal all all ident map=m\nhost all all all ident map=m\n"
     "hostssl all all all cert map=m\n")
case("clientcert-1",
     "clientcert=1: valid (verify-ca) in 13, silently invalid in 14+ (NULL error, no load).",
     "hostssl all all all md5 clientcert=1\n")
case("clientcert-0",
     "clientcert=0: off in 13, silently invalid in 14+.",
     "hostssl all all all md5 clientcert=0\n")
case("clientcert-no-verify",
     "clientcert=no-verify: off in 13, silently invalid in 14+.",
     "hostssl all all all md5 clientcert=no-verify\n")
case("clientcert-verify-ca-and-full",
     "clientcert=verify-ca and verify-full load everywhere.",
     "hostssl all all all md5 clientcert=verify-ca\nhostssl all all all trust clientcert=verify-full\n"
     "hostssl all all all scram-sha-256 clientcert=verify-full\n")
case("clientcert-wrong-case",
     "clientcert=Verify-Full is case-sensitive: silently invalid.",
     "hostssl all all all md5 clientcert=Verify-Full\n")
case("clientcert-on-host-line",
     "clientcert on a non-hostssl line (host, hostnossl, local) is an error (three lines).",
     "host all all all md5 clientcert=verify-full\nhostnossl all all all md5 clientcert=verify-ca\n"
     "local all all trust clientcert=verify-full\n")
case("cert-with-clientcert-verify-ca",
     "cert + clientcert=verify-ca: silently upgraded in 13; an error in 14+ (view and log "
     "texts differ).",
     "hostssl all all all cert clientcert=verify-ca\n")
case("cert-with-clientcert-no-verify",
     "cert + clientcert=no-verify: an error in 13; silently invalid value in 14+.",
     "hostssl all all all cert clientcert=no-verify\n")
case("cert-with-clientcert-verify-full",
     "cert + clientcert=verify-full loads; plain cert also shows clientcert=verify-full.",
     "hostssl all all all cert clientcert=verify-full\nhostssl all all all cert\n")
case("clientname-valid",
     "clientname=CN/DN on hostssl (14+; unrecognized in 13); the view never shows it.",
     "hostssl all all all cert clientname=DN\nhostssl all all all md5 clientcert=verify-full clientname=CN\n")
case("clientname-lowercase",
     "clientname=dn is case-sensitive: silently invalid (14+).",
     "hostssl all all all cert clientname=dn\n")
case("clientname-on-host-line",
     "clientname on a non-hostssl line (14+).",
     "host all all all md5 clientname=CN\n")
case("radius-valid-lists",
     "radius with single values and quoted lists; options shown raw.",
     "host all all all radius radiusservers=localhost radiussecrets=s\n"
     'host all all all radius radiusservers="localhost,127.0.0.1" radiussecrets="a,b" '
     'radiusports="1812,1813" radiusidentifiers="x,y"\n'
     'host all all all radius radiusservers="localhost,::1" radiussecrets=one radiusports=1812\n')
case("radius-missing-servers",
     "radius without radiusservers.",
     "host all all all radius radiussecrets=s\n")
case("radius-missing-secrets",
     "radius without radiussecrets.",
     "host all all all radius radiusservers=localhost\n")
case("radius-servers-empty-string",
     "radiusservers=\"\" parses to an empty list, reported as the argument not being set.",
     'host all all all radius radiusservers="" radiussecrets=s\n')
case("radius-secrets-count-mismatch",
     "3 secrets for 2 servers: log-only in 13 (silent row), an error row in 14+.",
     'host all all all radius radiusservers="localhost,127.0.0.1" radiussecrets="a,b,c"\n')
case("radius-ports-count-mismatch",
     "3 ports for 2 servers.",
     'host all all all radius radiusservers="localhost,127.0.0.1" radiussecrets=s radiusports="1,2,3"\n')
case("radius-identifiers-count-mismatch",
     "3 identifiers for 2 servers.",
     'host all all all radius radiusservers="localhost,127.0.0.1" radiussecrets=s radiusidentifiers="a,b,c"\n')
case("radius-unresolvable-server",
     "A radius server name that does not resolve: silent row, no load.",
     "host all all all radius radiusservers=nosuchhost.invalid radiussecrets=s\n")
case("radius-unquoted-list-splits-options",
     "radiusservers=localhost,b splits into a second option `b`: not in name=value format.",
     "host all all all radius radiusservers=localhost,b radiussecrets=s\n")
case("radius-unquoted-list-first-unresolvable",
     "radiusservers=nosuchhost,b: the unresolvable first server fails first, silently.",
     "host all all all radius radiusservers=nosuchhost.invalid,b radiussecrets=s\n")
case("radius-port-zero",
     "radiusports=0 is an invalid RADIUS port number: log only, NULL view error, no load.",
     "host all all all radius radiusservers=localhost radiussecrets=s radiusports=0\n")
case("radius-port-not-numeric",
     "radiusports=abc is an invalid RADIUS port number: log only, NULL view error, no load.",
     "host all all all radius radiusservers=localhost radiussecrets=s radiusports=abc\n")
case("radius-port-list-syntax-error",
     "A radiusports value with an unbalanced quote: the log says could not parse RADIUS port list, the view says invalid RADIUS port number.",
     'host all all all radius radiusservers=localhost radiussecrets=s "radiusports=""1812"\n')
case("radius-secret-list-syntax-error",
     "A radiussecrets value with an unbalanced quote cannot be parsed as a list: log only, NULL view error.",
     'host all all all radius radiusservers=localhost "radiussecrets=""s"\n')
case("radius-server-list-syntax-error",
     "A radiusservers value with an unbalanced quote cannot be parsed as a list: log only, NULL view error.",
     'host all all all radius "radiusservers=""localhost" radiussecrets=s\n')
case("ldap-options-never-reached",
     "On a build without LDAP every ldap line fails with 'not supported by this build' before "
     "option checks (several lines on purpose).",
     "host all all all ldap ldapserver=x ldapprefix=a ldapbasedn=b\n"
     "host all all all ldap ldapurl=ldap://x/dc=a?uid?sub\n"
     "host all all all ldap\n")

# =====================================================================
# §8 errors, warnings, empty files, rule numbers
# =====================================================================
case("empty-file",
     "An empty file has no entries and does not load.",
     "")
case("comment-only-file",
     "A file with only comments and blank lines has no entries.",
     "# just a comment\n\n   # another\n")
case("warning-only-file",
     "A file whose only line is a warning row (hostgssenc without GSSAPI) loads although no rule can ever match.",
     "hostgssenc all all all trust\n")
case("hostgssenc-warning-rule-numbers",
     "hostgssenc warning rows carry all fields and an error, get no rule_number, and the file "
     "loads.",
     "local all all trust\nhostgssenc all all all trust\nhostnogssenc all all all md5\n"
     "hostgssenc all all 127.0.0.1/32 md5\nlocal all all reject\n")
case("hostssl-with-ssl-off",
     "hostssl with ssl=off: warning rows (fields plus error, no rule_number), the file loads.",
     "local all all trust\nhostssl all all all md5\nhostssl all all all cert\n"
     "hostssl all all all md5 clientcert=verify-full\nhost all all all reject\n",
     settings={"ssl": False})
case("hostssl-with-ssl-on",
     "The same hostssl lines with ssl=on (control case for hostssl-with-ssl-off).",
     "local all all trust\nhostssl all all all md5\nhostssl all all all cert\n"
     "hostssl all all all md5 clientcert=verify-full\nhost all all all reject\n")
case("md5-with-db-user-namespace",
     "With db_user_namespace=on (13-16), md5 lines are an error; scram-sha-256 and password load.",
     "local all all md5\nlocal all all scram-sha-256\nlocal all all password\n",
     settings={"db_user_namespace": True}, versions=[13, 14, 15, 16],
     skip_reason="db_user_namespace was removed in 17")
case("rule-numbers-with-error-and-warning-rows",
     "rule_number counts only rows without error text; an error row makes the file fail.",
     "local all all trust\nhostgssenc all all all trust\nlocal all\nlocal a b trust\n"
     "hostssl all all all md5 clientcert=1\nlocal c d trust\n")
case("every-error-line-reported",
     "All broken lines are reported, each with its own message.",
     "local all\nhost all all\nbogus all all trust\nlocal all all bogus\nhost all all 1.2.3.4/99 trust\n"
     "local all all trust\n")

# =====================================================================
# §10 pg_ident.conf
# =====================================================================
case("ident-basic",
     "pg_ident.conf basics: comments, blank lines, quoted names, several maps.",
     PEER_M,
     ident='# MAP SYS PG\nm root postgres\n\nm "quoted sys" "u 1"\nm2 alice bob # trailing\n')
case("ident-missing-entry",
     "Fewer than three fields: missing entry at end of line.",
     PEER_M, ident="m root postgres\nm root\n")
case("ident-multiple-values",
     "A comma list in an ident field: multiple values in ident field.",
     PEER_M, ident="m a,b c\n")
case("ident-extra-fields-ignored",
     "Fields beyond the third are silently ignored.",
     PEER_M, ident="m a b c d\n")
case("ident-regex-sys-name",
     "System names starting with / are regexes (quoted or not), with \\1 in the pg name.",
     PEER_M, ident='m /^(.*)@example\\.com$ \\1\nm "/^x" y\nm /^(a)(b)$ \\1\\2\n')
case("ident-invalid-regex-sys-name",
     "An invalid regex in the system-name field.",
     PEER_M, ident="m root postgres\nm /( x\n")
case("ident-backslash-1-without-regex",
     "\\1 in the pg name of a non-regex line is kept literally.",
     PEER_M, ident="m exact \\1\nm /^(.*)$ \\1_suffix\n")
case("ident-pg-user-keywords",
     "pg-username all, +role, /regex and quoted forms (16+ semantics; view shows text).",
     PEER_M, ident='m root all\nm root +grp\nm root /^u\nm root "all"\nm root "+grp"\nm root "/^v"\n')
case("ident-pg-user-invalid-regex",
     "An invalid regex in the pg-username field (16+).",
     PEER_M, ident="m root /(\n")
case("ident-include-directives",
     "include, include_if_exists (present and missing) and include_dir in pg_ident.conf (16+).",
     PEER_M,
     ident="m a b\ninclude sub/id.conf\ninclude_if_exists nosuch.conf\ninclude_dir id.d\nm y z\n",
     files={"sub/id.conf": "m sub1 subpg\n", "id.d/1.conf": "m d1 dpg\n", "id.d/2.conf": "m d2 dpg\n"})
case("ident-include-missing",
     "include of a missing file in pg_ident.conf (16+): error row; the ident file does not load.",
     PEER_M, ident="m a b\ninclude nosuch.conf\n")
case("ident-include-three-fields-is-a-map",
     "`include a b` in pg_ident.conf is an ordinary map named include.",
     PEER_M, ident="include a b\nm x y\n")
case("ident-error-in-included-file",
     "An error inside a file included from pg_ident.conf (16+).",
     PEER_M, ident="m a b\ninclude id2.conf\n", files={"id2.conf": "m c\n"})
case("ident-continuation",
     "Continuation lines in pg_ident.conf (14+).",
     PEER_M, ident="m \\\nroot \\\npostgres\nm a b\n")
case("ident-atfile-single-and-multiple",
     "@file in ident fields: one token works, two tokens are multiple values.",
     PEER_M, ident="m @one.list bob\nm @two.list bob\n",
     files={"one.list": "alice\n", "two.list": "a b\n"})
case("ident-empty-file",
     "An empty pg_ident.conf loads.",
     PEER_M, ident="")
case("ident-quoted-map-name",
     "Map names ignore quoting; quoted fields keep blanks.",
     PEER_M, ident='"m" "a b" "c d"\n"" x y\n')
case("ident-regex-comma-split",
     "A comma in an unquoted regex sys name makes two values.",
     PEER_M, ident="m /a{1,2} x\n")

# =====================================================================
# real-world files
# =====================================================================
case("hardening-guide-example",
     "The hardening-guide example verbatim: its last two lines are broken (method in the "
     "address position, missing method), so the file does not load.",
     "# Grant local access ('local' user map)\n"
     "local all all peer map=local\n"
     "\n"
     "# Require client certificate authentication for the streaming_replica user\n"
     "hostssl postgres streaming_replica all cert\n"
     "hostssl replication streaming_replica all cert\n"
     "hostssl all cnpg_pooler_pgbouncer all cert\n"
     "\n"
     "# Reject all non-SSL connections\n"
     "hostnossl all all all reject\n"
     "\n"
     "# Superuser only with a verified client certificate\n"
     "hostssl all postgres scram-sha-256 clientcert=verify-full\n"
     "\n"
     "# Application access\n"
     "hostssl secret_share_app_db secret_share_app_rw_user scram-sha-256\n")
case("cnpg-template-rendered",
     "CloudNativePG's fixed rules (v1.30 template) with the default rule, and its pg_ident.conf.",
     "#\n# FIXED RULES\n#\n\n"
     "# Grant local access ('local' user map)\n"
     "local all cnpg_metrics_exporter peer map=cnpg_metrics_exporter\n"
     "local all all peer map=local\n\n"
     "# Require client certificate authentication for the streaming_replica user\n"
     "hostssl postgres streaming_replica all cert map=cnpg_streaming_replica\n"
     "hostssl replication streaming_replica all cert map=cnpg_streaming_replica\n"
     "hostssl all cnpg_pooler_pgbouncer all cert map=cnpg_pooler_pgbouncer\n\n"
     "#\n# USER-DEFINED RULES\n#\n\n\n\n"
     "#\n# DEFAULT RULES\n#\n"
     "host all all all scram-sha-256\n",
     ident="\n# Grant local access ('local' user map)\nlocal postgres postgres\n\n"
           "# Grant streaming_replica access ('cnpg_streaming_replica' user map)\n"
           "cnpg_streaming_replica streaming_replica streaming_replica\n\n"
           "# Grant cnpg_pooler_pgbouncer access ('cnpg_pooler_pgbouncer' user map)\n"
           "cnpg_pooler_pgbouncer cnpg_pooler_pgbouncer cnpg_pooler_pgbouncer\n\n"
           "# Grant cnpg_metrics_exporter access via peer authentication on the Unix socket\n"
           "cnpg_metrics_exporter postgres cnpg_metrics_exporter\n\n"
           "#\n# USER-DEFINED RULES\n#\n")
case("crunchy-quoted-everything",
     "Crunchy PGO style: names, methods and options all double-quoted, and an anchored "
     "escaped regex for a name starting with /.",
     'local all "postgres" "peer"\nhostssl replication "_crunchyrepl" all "cert"\n'
     'hostssl "postgres" "_crunchyrepl" all "cert"\nhost all "_crunchyrepl" all "reject"\n'
     'hostssl all "/^[/]odd$" all "scram-sha-256" "clientcert=verify-full"\n')


def _initdb_sample(path):
    with open(path, "rb") as f:
        return f.read()


import os as _os  # noqa: E402
_TEMPLATE = "/tmp/pgoracle/template/%s/data/pg_hba.conf"
_HERE = _os.path.dirname(_os.path.abspath(__file__))
for _v, _slug in (("13.18.0", "initdb-default-13"), ("18.0.0", "initdb-default-18")):
    # the exact file initdb (-A trust) wrote into the oracle's template cluster; a copy is
    # kept in tools/ so the corpus can be regenerated without the template
    _keep = _os.path.join(_HERE, "initdb-pg_hba.conf-%s" % _v)
    if _os.path.exists(_TEMPLATE % _v) and not _os.path.exists(_keep):
        with open(_keep, "wb") as _f:
            _f.write(_initdb_sample(_TEMPLATE % _v))
    case(_slug,
         "The pg_hba.conf that initdb %s writes (initdb -A trust, C locale), verbatim." % _v,
         _initdb_sample(_keep))
