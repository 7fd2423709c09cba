package io.github.pghba.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Patterns with the {@code pg_regerror} text PostgreSQL gives them. The UTF8 column was read from
 * {@code pg_ident_file_mappings} of PostgreSQL 16.9 (a UTF8 database; every pattern one line
 * {@code m /PATTERN u} of one pg_ident.conf); for ASCII patterns the postmaster (one character per
 * byte) necessarily agrees. For the non-ASCII patterns the BYTES column follows from reading the
 * bytes one by one; the conformance module's saved cases check both kinds against the servers.
 */
class PgRegexTableTest {

    static Stream<Arguments> table() {
        return Stream.of(
            // PostgreSQL 16.9: "\\c" takes the "(" as it is, so there is no comment; 13 and 16: a BRE
            // back reference with x is checked like any other
            row("a\\c(?#x)b", "parentheses () not balanced", "parentheses () not balanced"),
            row("(?bx)a\\1", "invalid backreference number", "invalid backreference number"),
            // the expanded syntax (x), in bounds and BREs too: PostgreSQL 17.5's pg_hba_file_rules
            row("(?x)a{2 , 3}", null, null),
            row("(?x)a{2 ,}", null, null),
            row("(?bx)a\\{2,1\\}", "invalid repetition count(s)", "invalid repetition count(s)"),
            row("(?bx)\\(", "parentheses () not balanced", "parentheses () not balanced"),
            row("(?bx)a\\{2\\} *", "quantifier operand invalid", "quantifier operand invalid"),
            row("(?x)a{2} *", "quantifier operand invalid", "quantifier operand invalid"),
            row("(?x)a{2}? ", null, null),
            row("(?x)a{2} ?", "quantifier operand invalid", "quantifier operand invalid"),
            row("(?bx) * a", null, null),
            row("(?bx)a # c\\{", null, null),
            row("(?bx)^ *", null, null),
            row("(?bx)\\( * \\)", null, null),
            row("(?bx)a\\{2 \\}", null, null),
            row("(?bx)a $ ", null, null),
            row("(?x)a {2}", null, null),
            row("(?bx)a\\{ 2 \\}", null, null),
            // POSIX BREs after (?b), read from PostgreSQL 16.9's pg_ident_file_mappings
            row("(?b)a**", "quantifier operand invalid", "quantifier operand invalid"),
            row("(?b)***:{0}", "quantifier operand invalid", "quantifier operand invalid"),
            row("(?b)*a", null, null),
            row("(?b)^*a", null, null),
            row("(?b)\\(*a\\)", null, null),
            row("(?b)a\\{2\\}", null, null),
            row("(?b)a\\{\\}", null, null),
            row("(?b)a\\{256\\}", "invalid repetition count(s)", "invalid repetition count(s)"),
            row("(?b)a\\{2", "braces {} not balanced", "braces {} not balanced"),
            row("(?b)a\\{2}", "invalid repetition count(s)", "invalid repetition count(s)"),
            row("(?b)a\\{x\\}", "invalid repetition count(s)", "invalid repetition count(s)"),
            row("(?b)\\{2\\}", "quantifier operand invalid", "quantifier operand invalid"),
            row("(?b)a*\\{2\\}", "quantifier operand invalid", "quantifier operand invalid"),
            row("(?b)\\(a\\)\\1", null, null),
            row("(?b)\\1", "invalid backreference number", "invalid backreference number"),
            row("(?b)\\(a\\1\\)", "invalid backreference number", "invalid backreference number"),
            row("(?b)\\(a", "parentheses () not balanced", "parentheses () not balanced"),
            row("(?b)a\\)", "parentheses () not balanced", "parentheses () not balanced"),
            row("(?b)a\\\\", null, null),
            row("(?b)\\<a\\>", null, null),
            row("(?b)\\<*", "quantifier operand invalid", "quantifier operand invalid"),
            row("(?b)a^b", null, null),
            row("(?b)a$b", null, null),
            row("(?b)a$", null, null),
            row("(?b)\\(a$\\)", null, null),
            row("(?b)[a\\]", null, null),
            row("(?b)[\\d-z]", null, null),
            row("(?b)[z-a]", "invalid character range", "invalid character range"),
            row("(?b)[[:alpha:]-z]", "invalid character range", "invalid character range"),
            row("(?b)[[:<:]]a", null, null),
            row("(?b)[[:<:]]*", "quantifier operand invalid", "quantifier operand invalid"),
            row("(?b)a|b", null, null),
            row("(?b)a+?", null, null),
            row("(?b)(a)", null, null),
            row("(?b){2}", null, null),
            row("(?b)a{2}", null, null),
            row("(?b)\\n", null, null),
            row("(?b)\\q", null, null),
            row("(?b)a\\{2550\\}", "invalid repetition count(s)", "invalid repetition count(s)"),
            row("(?b)^^", null, null),
            row("(?b)\\(^a\\)", null, null),
            row("(?b)\\(^*a\\)", null, null),
            row("(?b)a\\{1\\}*", "quantifier operand invalid", "quantifier operand invalid"),
            row("(?b)a\\{1\\}\\{2\\}", "quantifier operand invalid", "quantifier operand invalid"),
            row("(?b)[", "brackets [] not balanced", "brackets [] not balanced"),
            row("(?b)[a", "brackets [] not balanced", "brackets [] not balanced"),
            row("(?b).*", null, null),
            row("(?b)\\(\\)", null, null),
            row("(?b)\\(\\)*", null, null),
            row("(?bi)A", null, null),
            row("(?bq)a**", null, null),
            row("(?eb)a**", "quantifier operand invalid", "quantifier operand invalid"),
            row("(?b)$*", null, null),
            row("(?b)a\\{2\\}$", null, null),
            row("(?b)\\9", "invalid backreference number", "invalid backreference number"),
            row("(?b)\\(a\\)\\(b\\)\\2\\1", null, null),
            row("[[.space.]]", null, null),
            row("[[.hyphen.]-z]", null, null),
            row("[[.nope.]]", "invalid collating element", "invalid collating element"),
            row("[[=a=]-z]", "invalid character range", "invalid character range"),
            row("[a-c-e]", "invalid character range", "invalid character range"),
            row("[[:alpha:]-z]", "invalid character range", "invalid character range"),
            row("[A-[:alpha:]]", "invalid character range", "invalid character range"),
            row("[a-\\n]", "invalid character range", "invalid character range"),
            row("[\\x41-\\x5a]", null, null),
            row("[\\x5a-\\x41]", "invalid character range", "invalid character range"),
            row("\\18", null, null),
            row("\\81", "invalid escape \\ sequence", "invalid escape \\ sequence"),
            row("\\8", "invalid backreference number", "invalid backreference number"),
            row("(?=(a))\\1", "invalid backreference number", "invalid backreference number"),
            row("(?=a)(b)\\1", null, null),
            row("(a)(?=\\1)", "invalid backreference number", "invalid backreference number"),
            row("\\B*", null, null),
            row("\\UFFFFFFFF", "invalid escape \\ sequence", "invalid escape \\ sequence"),
            row("\\U7FFFFFFE", null, null),
            row("\\xFFFFFFFFF", "invalid escape \\ sequence", "invalid escape \\ sequence"),
            row("[\\1]", "invalid escape \\ sequence", "invalid escape \\ sequence"),
            row("[\\A]", "invalid escape \\ sequence", "invalid escape \\ sequence"),
            row("[\\12]", null, null),
            row("[z-a\\q]", "invalid escape \\ sequence", "invalid escape \\ sequence"),
            row("\\e", null, null),
            row("\\q", "invalid escape \\ sequence", "invalid escape \\ sequence"),
            row("\\\u00e9", null, null),
            row("[a-", "brackets [] not balanced", "brackets [] not balanced"),
            // after the option "e" a POSIX ERE: a backslash quotes one character, no "(?"
            // extensions, comments or lazy quantifiers; the last of b, e, q wins; a comment is not
            // a prefix ("(?#c)(?i)" is an ARE with a bad "(?i"); (?x) skips every C-locale space
            row("(?e)(?i)a", "quantifier operand invalid", "quantifier operand invalid"),
            row("(?e)a*?", "quantifier operand invalid", "quantifier operand invalid"),
            row("(?e)a{2}?", "quantifier operand invalid", "quantifier operand invalid"),
            row("(?e)\\1", null, null),
            row("(?e)(a)\\1", null, null),
            row("(?e)\\d+", null, null),
            row("(?e)[\\d]", null, null),
            row("(?e)[a\\]", null, null),
            row("(?e)[\\q]", null, null),
            row("(?e)[z-\\a]", "invalid character range", "invalid character range"),
            row("(?e)a\\", "invalid escape \\ sequence", "invalid escape \\ sequence"),
            row("(?e)(?#c)a", "quantifier operand invalid", "quantifier operand invalid"),
            row("(?#c)(?i)a", "quantifier operand invalid", "quantifier operand invalid"),
            row("(?#c)a", null, null),
            row("(?qe)a(", "parentheses () not balanced", "parentheses () not balanced"),
            row("(?eq)a(", null, null),
            row("(?be)a(", "parentheses () not balanced", "parentheses () not balanced"),
            row("(?eb)a(", null, null),
            row("(?e)[[:<:]]a", null, null),
            row("(?e)[[:foo:]]", "invalid character class", "invalid character class"),
            row("(?e)a{1,2", "braces {} not balanced", "braces {} not balanced"),
            row("(?e)(?:a)", "quantifier operand invalid", "quantifier operand invalid"),
            row("(?ex)a *", null, null),
            row("(?ex) *", "quantifier operand invalid", "quantifier operand invalid"),
            row("(?e)a**", "quantifier operand invalid", "quantifier operand invalid"),
            row("(?e)a+?", "quantifier operand invalid", "quantifier operand invalid"),
            row("(?e)()", null, null),
            row("(?e))\\d\\r", null, null),
            row("(?e)a)*", null, null),
            row("(?e)(a))", null, null),
            row("(?e)(a", "parentheses () not balanced", "parentheses () not balanced"),
            row("(?x)\f*", "quantifier operand invalid", "quantifier operand invalid"),
            row("(?x)a\u000b", null, null),
            // PostgreSQL lexes the token after "[:name:]", "[.x.]" or "[=x=]" (scanplain's last NEXT)
            // before it looks the name up: an unclosed bracket or a bad escape there is the error
            row("[[:<:]", "brackets [] not balanced", "brackets [] not balanced"),
            row("[[:foo:]", "brackets [] not balanced", "brackets [] not balanced"),
            row("[[:alpha:]", "brackets [] not balanced", "brackets [] not balanced"),
            row("[[.nope.]", "brackets [] not balanced", "brackets [] not balanced"),
            row("[[.a.]", "brackets [] not balanced", "brackets [] not balanced"),
            row("[[=ab=]", "brackets [] not balanced", "brackets [] not balanced"),
            row("[[=a=]", "brackets [] not balanced", "brackets [] not balanced"),
            row("[a-[.nope.]", "brackets [] not balanced", "brackets [] not balanced"),
            row("[a-[.b.]", "brackets [] not balanced", "brackets [] not balanced"),
            row("[[:foo:]\\", "invalid escape \\ sequence", "invalid escape \\ sequence"),
            row("[[:foo:][", "brackets [] not balanced", "brackets [] not balanced"),
            row("[[:foo:]x", "invalid character class", "invalid character class"),
            row("[[.nope.]x]", "invalid collating element", "invalid collating element"),
            row("[[:foo:]\\q]", "invalid escape \\ sequence", "invalid escape \\ sequence"),
            row("[[.nope.]\\q]", "invalid escape \\ sequence", "invalid escape \\ sequence"),
            row("[a-[.nope.]\\q]", "invalid escape \\ sequence", "invalid escape \\ sequence"),
            row("[z-[.a.]", "brackets [] not balanced", "brackets [] not balanced"),
            row("[z-[.a.]x]", "invalid character range", "invalid character range"),
            row("[[:foo:][.", "invalid character class", "invalid character class"),
            row("[[:foo:][:", "invalid character class", "invalid character class"),
            row("[[::]", "brackets [] not balanced", "brackets [] not balanced"),
            row("[[::]]", "invalid character class", "invalid character class"),
            row("[[==]]", "invalid collating element", "invalid collating element"),
            row("[a-c-", "invalid character range", "invalid character range"),
            row("[\\d-", "invalid character range", "invalid character range"),
            row("[!--]", null, null),
            row("[a--]", "invalid character range", "invalid character range"),
            row("[--a]", null, null),
            row("a\\c", "invalid escape \\ sequence", "invalid escape \\ sequence"),
            row("[[..]]", "invalid collating element", "invalid collating element"),
            row("[[==]]", "invalid collating element", "invalid collating element"),
            row("[[::]]", "invalid character class", "invalid character class"),
            row("[[.a.]-[.c.]]", null, null),
            row("[[.c.]-[.a.]]", "invalid character range", "invalid character range"),
            row("[\ud83d\ude00-\ud83d\ude03]", null, null),
            row("[\u00ff-\u00e9]", "invalid character range", null),
            row("[\u00e9-\u00ff]", null, null),
            row("[[.\u00e9.]]", null, "invalid collating element"),
            row("[[=\u00e9=]]", null, "invalid collating element"),
            row("\u00e9{2}", null, null),
            row("(?=(a))(b)\\2", "invalid backreference number", "invalid backreference number"),
            row("[a-\\d]", "invalid character range", "invalid character range"),
            row("[\\d-z]", "invalid character range", "invalid character range"),
            row("[a\\-z]", null, null),
            row("[]-a]", null, null),
            row("[^-a]", null, null),
            row("[a-z-]", null, null),
            row("\\0", null, null),
            row("\\08", null, null),
            row("\\777", null, null),
            row("[\\777-\\777]", null, null),
            row("\\x", "invalid escape \\ sequence", "invalid escape \\ sequence"),
            row("\\u12", "invalid escape \\ sequence", "invalid escape \\ sequence"),
            row("[[.space.]-[.tilde.]]", null, null),
            row("[a-[.space.]]", "invalid character range", "invalid character range"),
            row("[[:alpha:][.-.]]", null, null),
            row("[[=a=]b]", null, null),
            row("\\c\\u00e9", null, null),
            row("[\\cA-\\cZ]", null, null),
            row("(a)\\10", null, null),
            row("(a)\\01", null, null)
        );
    }

    private static Arguments row(String pattern, @Nullable String utf8, @Nullable String bytes) {
        return Arguments.of(pattern, Optional.ofNullable(utf8), Optional.ofNullable(bytes));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void compilesAsPostgreSqlDoes(String pattern, Optional<String> utf8, Optional<String> bytes) {
        assertThat(PgRegex.compileError(pattern, PgRegex.Encoding.UTF8)).as("UTF8 database").isEqualTo(utf8);
        assertThat(PgRegex.compileError(pattern, PgRegex.Encoding.BYTES)).as("postmaster").isEqualTo(bytes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void patternsThePostmasterAcceptsRunOnTheJvm(String pattern, Optional<String> utf8, Optional<String> bytes) {
        assertThat(AreRegex.compile(pattern).isPresent()).isEqualTo(bytes.isEmpty());
    }

    @Test
    void utf8DecodingFollowsPgUtf2wchar() {
        // a lead byte takes its continuation bytes unchecked; one too close to the end cuts the pattern
        assertThat(wide("a\u00e9")).containsExactly((int) 'a', 0xe9);
        assertThat(wide("\udce2\udc82{2")).containsExactly(0x20bb, (int) '2');
        assertThat(wide("a\udce2")).containsExactly((int) 'a');
        assertThat(wide("\udcff!")).containsExactly(0xff, (int) '!');
        assertThat(Arrays.stream(PgRegex.wide("\u00e9", PgRegex.Encoding.BYTES)).boxed().toList())
                .isEqualTo(List.of(0xc3, 0xa9));
    }

    private static List<Integer> wide(String s) {
        return Arrays.stream(PgRegex.wide(s, PgRegex.Encoding.UTF8)).boxed().toList();
    }
}
