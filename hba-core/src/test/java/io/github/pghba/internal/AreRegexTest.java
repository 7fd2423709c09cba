package io.github.pghba.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ARE semantics on the JVM. */
class AreRegexTest {

    @ParameterizedTest(name = "/{0} on \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', value = {
        "^db1|db10|true",
        // PostgreSQL 16.9 and 18.0, each pattern a user or database regex of pg_hba.conf (which line a
        // connection hit): a quantifier after a backreference repeats it
        "^(a)\\1*$|a|true",
        "^(a)\\1*$|aaa|true",
        "^(ab)\\1{0,2}$|ab|true",
        "^(ab)\\1{0,2}$|ababab|true",
        // word constraints see ASCII word characters only (the bytes of õ, ê are not letters)
        "\\mb|õb|true",
        "\\yb|õb|true",
        "\\yb|êb|true",
        "[[:<:]]b|õb|true",
        "a\\M|aõ|true",
        // [[:cntrl:]] is 0x00-0x1F and 0x7F-0x9F (the second byte of Å is 0x85)
        "[[:cntrl:]]|Å|true",
        "^[^[:cntrl:]]+$|Å|false",
        "[[:cntrl:]]|é|false",
        // newline sensitivity: only \n ends a line; ^ also after a final \n; (?w) keeps . matching it
        "(?n)^b|'a\rb'|false",
        "(?n)^b|aÅb|false",
        "(?n)^.$|Å|false",
        "(?n)a$|'a\r'|false",
        "(?n)^$|'a\n'|true",
        "(?w)a.b|'a\nb'|true",
        "(?n)a[^x]b|'a\nb'|false",
        "(?p)a[^x]b|'a\nb'|false",
        // \cX is X's low five bits
        "^\\ca$|!|false",
        "^\\c-$|m|false",
        // the expanded syntax keeps brackets as written
        "(?x)a[ ]b|a b|true",
        "(?x)^[^ a]$|' '|false",
        "(?x)^a{ 1,2}$|a|true",
        "(?x)^a #Å b|ab|true",
        // the expanded syntax (x): PostgreSQL 17.5, each pattern a user regex of pg_hba.conf, each
        // text a connection's user name (which line it hit)
        "(?x)^a{ 2 }$|aa|true",
        "(?x)^a{ 2 }$|a{ 2 }|false",
        "(?x)^a{ 2 }$|a{2}|false",
        "(?x)^a b c$|abc|true",
        "(?x)^a b c$|a b c|false",
        "(?x)^[a b]$|' '|true",
        "(?x)^[a b]$|a|true",
        "(?x)^a # comment|a|true",
        "(?x)^a # comment|ab|true",
        "(?x)^\\x41 1$|A1|true",
        "(?x)^\\x41 1$|Б|false",
        "(?bx)^a \\{ 2 \\}$|aa|true",
        "(?bx)^a \\{ 2 \\}$|a|false",
        "(?bx)^\\( a \\) \\1$|aa|true",
        "(?bx)^\\( a \\) \\1$|a a|false",
        "(?x)^a\\ b$|a b|true",
        "(?x)^a\\ b$|ab|false",
        "(?ex)^a b$|ab|true",
        "(?ex)^a b$|a b|false",
        "'(?x)^a$ '|a|true",
        "'(?x)^a$ '|'a '|false",
        "(?xi)^A B$|ab|true",
        "(?x)^a{2 , 3}$|aaa|true",
        "(?x)^a{2 , 3}$|aaaa|false",
        "(?bx)^a $|a|true",
        "(?bx)^a $|a $|false",
        "(?x)^[[:alpha:] ]+$|ab c|true",
        "(?x)^a{1 2}$|aaaaaaaaaaaa|true",
        "(?x)^a{1 2}$|a|false",
        "(?x)^\\d 2$|12|true",
        "(?x)^\\d 2$|1 2|false",
        "(?bx)^a *$|aaa|true",
        "(?bx)^a *$|a *|false",
        "(?x)^(a)(b)(c)(d)(e)(f)(g)(h)(i)(j) \\1 0$|abcdefghija0|true",
        "(?x)^(a)(b)(c)(d)(e)(f)(g)(h)(i)(j) \\1 0$|abcdefghijj|false",
        "(?x)^a[#]b$|a#b|true",
        "(?qx)a b|a b|true",
        "(?qx)a b|ab|false",
        "(?xt)^a b$|a b|true",
        "(?xt)^a b$|ab|false",
        "(?b)^*a$|*a|true",
        "(?b)^a\\{2\\}$|aa|true",
        "(?b)^a\\{,1\\}$|aa|false",
        "(?b)^\\(a\\)\\1$|aa|true",
        "(?b)^a+b?$|a+b?|true",
        "(?b)a^b$c|xa^b$c|true",
        "(?b)^[a\\]*$|a\\a|true",
        "^(?=(a))a(b)\\1$|abb|true",
        "^(?=(a))a(b)\\1$|aba|false",
        "^\\x41\\u0042\\U00000043$|ABC|true",
        "^[\\x41-\\x43]+$|ABCA|true",
        "^(a)\\101$|aA|true",
        "^(a)\\1(?:)01$|aa01|true",
        "^[[.hyphen.][.space.]]+$|- -|true",
        "^[a[.hyphen.]c]+$|b|false",
        "y|xyz|true",
        "^db$|db|true",
        "^db$|'db\n'|false",
        "a.b|'a\nb'|true",
        "(?i)^ADMIN|admin_x|true",
        "^ADMIN|admin|false",
        "\\yfoo\\y|a foo b|true",
        "\\yfoo\\y|afoob|false",
        "\\mfoo|x foo|true",
        "foo\\M|foox|false",
        "^[[:digit:]]+$|123|true",
        "^[[:alpha:]_]+$|ab_c|true",
        "^[^a-c]$|d|true",
        "^[]a]$|]|true",
        "^a{2,3}$|aaa|true",
        "^a{2,3}$|aaaa|false",
        "***=a.b|xa.bx|true",
        "***=a.b|axb|false",
        "'^(ab|cd)+$'|abcdab|true",
        "^\\d\\w\\s$|'1a '|true",
        "x{|x{|true",
        "^a&&b$|a&&b|true",
        "^[a&&b]+$|&&ab|true",
        "\\Zx|x|false",
        "^x\\Z|x|true",
        "a(?#comment)b|ab|true",
        "(?b)^a\\(b\\)\\{2\\}$|abb|true",
        "(?b)^a(b)$|a(b)|true",
        "[[:<:]]foo|a foo|true",
        "[[:<:]]foo|afoo|false",
        // the last of q, b, e decides the syntax; under (?e) a backslash quotes one character
        // (checked on 13.18 and 16.9 through pg_ident.conf maps and peer connections)
        "(?e)^\\d$|d|true",
        "(?e)^\\d$|5|false",
        "(?e)[\\d]|xd|true",
        "(?e)[\\d]|x5|false",
        "(?e)^\\w$|a|false",
        "(?qi)A.B|a.b|true",
        "(?qi)A.B|axb|false",
        "(?qe)^a+$|aaa|true",
        "(?be)^(a)$|a|true",
        "(?e)^a)$|a)|true",
    })
    void matchesLikePostgresql(String pattern, String text, boolean expected) {
        AreRegex re = AreRegex.compile(pattern).orElseThrow();
        assertThat(re.find(text)).isEqualTo(expected);
    }

    @Test
    void expandedAlternationSkipsBlanksAroundTheBar() {
        // PostgreSQL 17.5: "/(?x)^(?: a | b )$" takes the user b, not " b " (the bar is the table's delimiter above)
        AreRegex re = AreRegex.compile("(?x)^(?: a | b )$").orElseThrow();
        assertThat(re.find("b")).isTrue();
        assertThat(re.find(" b ")).isFalse();
    }

    @Test
    void captureForIdentSubstitution() {
        AreRegex re = AreRegex.compile("^(.*)@EXAMPLE\\.COM$").orElseThrow();
        assertThat(re.findGroup1("alice@EXAMPLE.COM")).contains(Optional.of("alice"));
        assertThat(re.findGroup1("alice@OTHER")).isEmpty();
        assertThat(AreRegex.compile("^root$").orElseThrow().findGroup1("root")).contains(Optional.empty());
    }

    /**
     * Which text group 1 takes (pg_ident.conf's {@code \\1}), from PostgreSQL 16.9's
     * {@code regexp_match()} in a SQL_ASCII database (the engine and options pg_ident.conf uses; the
     * first rows were also seen through certificate logins on 13, 16 and 18): the leftmost match,
     * longest or shortest as the whole RE's first quantifier prefers, then dissected as Spencer's
     * engine does. {@code <unset>}: the match has no group 1 (pg_ident.conf then refuses the line);
     * {@code <nomatch>}: no match.
     */
    @ParameterizedTest(name = "/{0} on \"{1}\" -> {2}")
    @CsvSource(delimiterString = " ; ", value = {
        "^(a|ab)(c|bcd)(d*)$ ; abcd ; ab",
        "(a|ab)(bc|c)? ; abc ; ab",
        "^.*?(\\d+) ; user123 ; 1",
        "x*?(a+) ; aaa ; a",
        "(x+){1,}? ; xx ; x",
        "^[a-z]+(\\d+?) ; user123 ; 123",
        "^(?:(a)|b)+$ ; ab ; <unset>",
        "(a*)* ; aa ; aa",
        "(\\m)* ; ab ; ''",
        "^(?:(b)|\\1x){2}$ ; bbx ; <nomatch>",
        "(?<=(ab|c)+)d ; abcd ; <unset>",
        "(?<=(ab|c)+)d ; xd ; <nomatch>",
        "(.*a){12}x|y ; aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaay ; <unset>",
        "^(.*)@EXAMPLE\\.COM$ ; alice@EXAMPLE.COM ; alice",
        "^(.*?)(@.*)?$ ; alice@ex ; alice",
        "^(.+?)\\.?(\\d*)$ ; user.12 ; user",
        "(\\w+?)@ ; bob@x ; bob",
        "^(a+|b+)*$ ; aabb ; bb",
        "^(?:(a)|(b))*$ ; ab ; <unset>",
        "(a)|b ; b ; <unset>",
        "^(.*)\\1$ ; abab ; ab",
        "(?i)^(A)\\1$ ; aA ; a",
        "\\y(\\w+)\\y ; ' ab cd' ; ab",
        "(a|b)*?c ; abc ; b",
        "(?:a|ab)(c|bcd) ; abcd ; bcd",
        "(.*)(\\d+) ; ab123 ; ab12",
        "(.*?)(\\d+) ; ab123 ; ab",
        "(a{1,2}?)(a*) ; aaa ; a",
    })
    void captureAsPostgresqlDissectsIt(String pattern, String text, String expected) {
        AreRegex re = AreRegex.compile(pattern).orElseThrow();
        Optional<Optional<String>> got = re.findGroup1(text);
        switch (expected) {
            case "<nomatch>" -> assertThat(got).isEmpty();
            case "<unset>" -> assertThat(got).contains(Optional.empty());
            default -> assertThat(got).contains(Optional.of(expected));
        }
        assertThat(re.find(text)).isEqualTo(!expected.equals("<nomatch>"));
    }

    /**
     * Seeded random AREs (groups, alternation, greedy and lazy quantifiers and bounds, classes,
     * anchors, word constraints, lookarounds, back references, option prefixes) against short
     * subjects, with group 1 as PostgreSQL 16.9's {@code regexp_match()} reported it; most rows are
     * ones where java.util.regex's own capture differs.
     */
    @Test
    void captureAsPostgresqlOnRecordedRandomPatterns() throws java.io.IOException {
        java.util.List<String> failures = new java.util.ArrayList<>();
        int rows = 0;
        try (var in = AreRegexTest.class.getResourceAsStream("are-captures-pg16.tsv")) {
            assertThat(in).isNotNull();
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                String pattern = unhex(f[0]);
                String text = unhex(f[1]);
                AreRegex re = AreRegex.compile(pattern).orElseThrow();
                Optional<Optional<String>> got = re.findGroup1(text);
                String actual = got.isEmpty() ? "NOMATCH"
                        : got.get().isEmpty() ? "N" : hex(got.get().get());
                if (!actual.equals(f[2]) || re.find(text) == f[2].equals("NOMATCH")) {
                    failures.add(pattern + " on " + text + ": " + actual + ", PostgreSQL " + f[2]);
                }
                rows++;
            }
        }
        assertThat(rows).isEqualTo(600);
        assertThat(failures).isEmpty();
    }

    private static String unhex(String h) {
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String hex(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            out.append(String.format("%02x", b & 0xff));
        }
        return out.toString();
    }

    @Test
    void refusedPatternsDoNotCompile() {
        assertThat(AreRegex.compile("a{2")).isEmpty();
        assertThat(AreRegex.compile("(a")).isEmpty();
        assertThat(PgRegex.compileError("a{2")).contains("braces {} not balanced");
        assertThat(PgRegex.compileError("a{3,1}")).contains("invalid repetition count(s)");
        assertThat(PgRegex.compileError("(")).contains("parentheses () not balanced");
        assertThat(PgRegex.compileError("[a")).contains("brackets [] not balanced");
        assertThat(PgRegex.compileError("*a")).contains("quantifier operand invalid");
        assertThat(PgRegex.compileError("[z-a]")).contains("invalid character range");
        assertThat(PgRegex.compileError("\\1")).contains("invalid backreference number");
        assertThat(PgRegex.compileError("[[:nope:]]")).contains("invalid character class");
        assertThat(PgRegex.compileError("a\\")).contains("invalid escape \\ sequence");
        assertThat(PgRegex.compileError("^(a)\\1$")).isEmpty();
        // found by the conformance suite against real servers
        assertThat(PgRegex.compileError("***")).contains("quantifier operand invalid");
        assertThat(PgRegex.compileError("***x")).contains("quantifier operand invalid");
        assertThat(PgRegex.compileError("***?")).contains("invalid regexp (reg version 0.8)");
        assertThat(PgRegex.compileError("(?")).contains("quantifier operand invalid");
        assertThat(PgRegex.compileError("(?:")).contains("parentheses () not balanced");
        assertThat(PgRegex.compileError("(?q")).contains("invalid embedded option");
        assertThat(PgRegex.compileError("(?qz)a")).contains("invalid embedded option");
        assertThat(PgRegex.compileError("(?#c)x")).isEmpty();
        assertThat(PgRegex.compileError("(?e)a+")).isEmpty();
        assertThat(PgRegex.compileError("[[:<:]]x[[:>:]]")).isEmpty();
        assertThat(PgRegex.compileError("[\\d-z]")).contains("invalid character range");
        assertThat(PgRegex.compileError("[a-\\d]")).contains("invalid character range");
        assertThat(PgRegex.compileError("[a-\\")).contains("invalid escape \\ sequence");
        assertThat(PgRegex.compileError("[z-a")).contains("brackets [] not balanced");
        assertThat(PgRegex.compileError("(\u000b\\1")).contains("invalid backreference number");
        assertThat(PgRegex.compileError("(a\\1)")).contains("invalid backreference number");
        assertThat(PgRegex.compileError("(a)(?:b)\\1")).isEmpty();
        assertThat(PgRegex.compileError("a{256")).contains("braces {} not balanced");
        assertThat(PgRegex.compileError("a{256}")).contains("invalid repetition count(s)");
        assertThat(PgRegex.compileError("a{300,1")).contains("invalid repetition count(s)");
        assertThat(PgRegex.compileError("a{2,300")).contains("braces {} not balanced");
        assertThat(PgRegex.compileError("a{2x}")).contains("invalid repetition count(s)");
        assertThat(PgRegex.compileError("a{2,}")).isEmpty();
        assertThat(PgRegex.compileError("a{255}")).isEmpty();
    }

    /** Exponential backtracking on the JVM would hang here; the step budget ends the search. */
    @Test
    @Timeout(60)
    void catastrophicPatternsTerminate() {
        AreRegex re = AreRegex.compile("^(a*)*b$").orElseThrow();
        assertThat(re.find("a".repeat(63))).isFalse();
    }
}
