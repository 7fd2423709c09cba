package io.github.pghba.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pghba.check.PgVersion;
import io.github.pghba.internal.AuthFileReader;
import io.github.pghba.internal.InetText;
import io.github.pghba.internal.LineReader;
import io.github.pghba.internal.TokLine;
import io.github.pghba.internal.TokenDecoder;
import io.github.pghba.internal.WordScanner;
import io.github.pghba.syntax.Address;
import io.github.pghba.syntax.AuthToken;
import io.github.pghba.syntax.Field;
import io.github.pghba.syntax.HbaRule;
import io.github.pghba.syntax.InvalidLine;
import io.github.pghba.syntax.SourceLine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The load path's shortcuts against the general code they stand in for, on seeded random input
 * (the seed is printed on failure; {@code -Dpghba.seed=S} replays a run):
 *
 * <ul>
 *   <li>tokens kept as offsets ({@link TokLine}: plain words, {@code "word"} read between its quotes,
 *       words with other quotes decoded) give the texts and quoting {@link TokenDecoder} gives the
 *       scanner's words, through every accessor;</li>
 *   <li>{@code a.b.c.d/n}, IPv6 {@code /n} ranges and {@code a.b.c.d a.b.c.d} checked in place (the
 *       rule makes the range on first use) give what {@link InetText#parseNumericHost} and
 *       {@link InetText#cidrMask} give, or fail the same way;</li>
 *   <li>a line whose tokens do not start with {@code /} skips the regular expression check, and one
 *       whose tokens do gets it;</li>
 *   <li>the options cache: each rule of a file with many repeated option combinations has the
 *       settings, warnings and error it has when loaded alone.</li>
 * </ul>
 */
class FastPathsAgreeTest {
    private static final long SEED = Long.getLong("pghba.seed", System.nanoTime());

    private static String seedNote() {
        return "seed " + SEED + " (replay with -Dpghba.seed=" + SEED + ")";
    }

    // ---- tokens

    private static final String[] PIECES = {"a", "b", "all", "db_1", "\"", "\"\"", ",", " ", "\t", "x y", "é", "/",
        "+", "#", "=", "1", "10.0.0.0/8", "\"q\"", "\"sp ace\"", "\"a\"\"b\"", "\\", "日"};

    @Test
    void tokensKeptAsOffsetsGiveTheDecodersTexts() {
        Random rnd = new Random(SEED);
        for (int round = 0; round < 3000; round++) {
            StringBuilder line = new StringBuilder();
            int n = 1 + rnd.nextInt(8);
            for (int i = 0; i < n; i++) {
                line.append(PIECES[rnd.nextInt(PIECES.length)]);
                if (rnd.nextInt(3) == 0) {
                    line.append(' ');
                }
            }
            String text = line.toString();
            PgVersion version = PgVersion.of(13 + rnd.nextInt(6));
            String what = seedNote() + ", PostgreSQL " + version.major() + ", line [" + text + "]";
            byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
            List<TokLine> toks = new AuthFileReader(version, FileSource.inMemory(java.util.Map.of()))
                    .readMain("t.conf", bytes);
            // what the tokenizer sees (a trailing backslash continues the line in 14+)
            String content = LineReader.read(bytes, version).get(0).content();
            List<List<TokenDecoder.Decoded>> expected = expectedFields(content, version);
            if (toks.isEmpty()) {
                assertThat(expected).as(what).isEmpty();
                continue;
            }
            TokLine tok = toks.get(0);
            if (tok.error() != null) {
                continue; // a token too long for 13-15's buffer: TokenDecoder said so (checked elsewhere)
            }
            assertThat(tok.fieldCount()).as(what).isEqualTo(expected.size());
            List<Field> fields = tok.fields();
            for (int f = 0; f < expected.size(); f++) {
                List<TokenDecoder.Decoded> want = expected.get(f);
                assertThat(tok.count(f)).as(what).isEqualTo(want.size());
                for (int i = 0; i < want.size(); i++) {
                    int k = tok.first(f) + i;
                    TokenDecoder.Decoded d = want.get(i);
                    AuthToken t = fields.get(f).tokens().get(i);
                    String at = what + ", field " + f + " token " + i;
                    assertThat(t.text()).as(at).isEqualTo(d.text());
                    assertThat(t.quoted()).as(at).isEqualTo(d.initialQuote());
                    assertThat(tok.text(k)).as(at).isEqualTo(d.text());
                    assertThat(tok.quoted(k)).as(at).isEqualTo(d.initialQuote());
                    assertThat(tok.length(k)).as(at).isEqualTo(d.text().length());
                    assertThat(tok.textEquals(k, d.text())).as(at).isTrue();
                    assertThat(tok.textEquals(k, d.text() + "x")).as(at).isFalse();
                    assertThat(tok.isKeyword(k, d.text())).as(at).isEqualTo(!d.initialQuote());
                    assertThat(tok.startsWith(k, '/')).as(at).isEqualTo(d.text().startsWith("/"));
                    assertThat(tok.token(k)).as(at).isEqualTo(t);
                }
            }
        }
    }

    /** The fields as the scanner's words, each decoded by {@link TokenDecoder}. */
    private static List<List<TokenDecoder.Decoded>> expectedFields(String text, PgVersion version) {
        WordScanner s = new WordScanner();
        s.reset(text, 0, text.length());
        List<List<TokenDecoder.Decoded>> out = new ArrayList<>();
        List<TokenDecoder.Decoded> field = new ArrayList<>();
        for (int type = s.next(); type != WordScanner.EOF; type = s.next()) {
            if (type != WordScanner.WORD && type != WordScanner.CONT_WORD) {
                continue;
            }
            boolean comma = type == WordScanner.CONT_WORD;
            field.add(TokenDecoder.decode(text.substring(s.start(), s.wordEnd()), comma, version.tokenBufferBytes()));
            if (!comma) {
                out.add(field);
                field = new ArrayList<>();
            }
        }
        if (!field.isEmpty()) {
            out.add(field);
        }
        return out;
    }

    // ---- addresses

    @Test
    void cidrReadInPlaceAgreesWithTheGeneralParser() {
        Random rnd = new Random(SEED);
        HbaLoader loader = HbaLoader.with(LoadOptions.defaults());
        for (int round = 0; round < 20000; round++) {
            StringBuilder a = new StringBuilder(quadOrEmpty(rnd));
            a.append('/').append(rnd.nextInt(8) == 0 ? "0" : "").append(rnd.nextInt(8) == 0 ? "+" : "")
                    .append(rnd.nextInt(12) == 0 ? "" : Integer.toString(rnd.nextInt(40)));
            String addr = a.toString();
            assertRangeAsTheGeneralParserReadsIt(loader, addr);
        }
    }

    @Test
    void ipv6RangeCheckedInPlaceAgreesWithTheGeneralParser() {
        Random rnd = new Random(SEED);
        HbaLoader loader = HbaLoader.with(LoadOptions.defaults());
        String[] groups = {"", "0", "1", "db8", "2001", "ffff", "FfFf", "12345", "g1", "0000", "00001"};
        for (int round = 0; round < 20000; round++) {
            StringBuilder a = new StringBuilder();
            int n = 1 + rnd.nextInt(9);
            boolean gap = rnd.nextInt(3) == 0;
            int gapAt = rnd.nextInt(n + 1);
            if (rnd.nextInt(30) == 0) {
                a.append(':');
            }
            for (int g = 0; g < n; g++) {
                if (gap && g == gapAt) {
                    a.append("::");
                } else if (g > 0) {
                    a.append(':');
                }
                a.append(rnd.nextInt(6) == 0 ? groups[rnd.nextInt(groups.length)] : Integer.toHexString(rnd.nextInt(65536)));
            }
            if (gap && gapAt == n) {
                a.append("::");
            }
            switch (rnd.nextInt(20)) {
                case 0 -> a.append(".1.2.3");
                case 1 -> a.append("%").append(rnd.nextInt(3));
                case 2 -> a.append("%");
                case 3 -> a.append(':');
                default -> { }
            }
            a.append('/').append(rnd.nextInt(10) == 0 ? "0" : "").append(rnd.nextInt(20) == 0 ? "+" : "")
                    .append(rnd.nextInt(15) == 0 ? "" : Integer.toString(rnd.nextInt(140)));
            String addr = a.toString();
            assertRangeAsTheGeneralParserReadsIt(loader, addr);
        }
    }

    /**
     * {@code host all all ADDR trust} loads as {@link InetText#parseNumericHost} and
     * {@link InetText#cidrMask} read {@code ADDR} (a text with a slash): the same range, or the same error.
     */
    private static void assertRangeAsTheGeneralParserReadsIt(HbaLoader loader, String addr) {
        String what = seedNote() + ", address " + addr;
        SourceLine line = loader.parseHba("t.conf", "host all all " + addr + " trust\n").entries().get(0);
        int slash = addr.indexOf('/');
        Optional<byte[]> ip = InetText.parseNumericHost(addr.substring(0, slash), Set.of());
        if (ip.isEmpty()) {
            assertThat(line).as(what).isInstanceOf(InvalidLine.class);
            assertThat(((InvalidLine) line).error().code()).as(what).isEqualTo("hba.hostname-with-cidr");
            return;
        }
        byte[] mask = InetText.cidrMask(addr.substring(slash + 1), ip.get().length);
        if (mask == null) {
            assertThat(line).as(what).isInstanceOf(InvalidLine.class);
            assertThat(((InvalidLine) line).error().code()).as(what).isEqualTo("hba.invalid-cidr");
            return;
        }
        assertThat(line).as(what).isInstanceOf(HbaRule.class);
        Address.IpMask m = (Address.IpMask) ((HbaRule) line).address().orElseThrow();
        assertThat(m.addressBytes()).as(what).isEqualTo(ip.get());
        assertThat(m.maskBytes()).as(what).isEqualTo(mask);
        assertThat(m.written()).as(what).isEqualTo(addr);
    }

    @Test
    void netmaskCheckedInPlaceAgreesWithTheGeneralParser() {
        Random rnd = new Random(SEED);
        HbaLoader loader = HbaLoader.with(LoadOptions.defaults());
        for (int round = 0; round < 20000; round++) {
            String addr = quad(rnd);
            String mask = switch (rnd.nextInt(12)) {
                case 0 -> ""; // then the method is read as the mask
                case 1 -> quad(rnd) + "," + quad(rnd);
                case 2 -> "\"" + quad(rnd) + "\"";
                case 3 -> "::ffff";
                default -> quad(rnd);
            };
            String text = "host all all " + addr + " " + mask + (mask.isEmpty() ? "" : " ") + "trust\n";
            String what = seedNote() + ", line " + text.strip();
            SourceLine line = loader.parseHba("t.conf", text).entries().get(0);
            Optional<byte[]> ip = InetText.parseNumericHost(addr, Set.of());
            if (ip.isEmpty()) {
                // a host name: the mask field is then read as the method
                if (mask.isEmpty()) {
                    assertThat(((HbaRule) line).address()).as(what).contains(new Address.HostName(addr));
                } else {
                    assertThat(line).as(what).isInstanceOf(InvalidLine.class);
                    assertThat(((InvalidLine) line).error().code()).as(what)
                            .isEqualTo(mask.contains(",") ? "hba.multiple-methods" : "hba.invalid-method");
                }
                continue;
            }
            if (mask.contains(",")) {
                assertThat(line).as(what).isInstanceOf(InvalidLine.class);
                assertThat(((InvalidLine) line).error().code()).as(what).isEqualTo("hba.multiple-netmasks");
                continue;
            }
            String maskText = mask.isEmpty() ? "trust" : mask.replace("\"", "");
            Optional<byte[]> m = InetText.parseNumericHost(maskText, Set.of());
            if (m.isEmpty() || m.get().length != ip.get().length) {
                assertThat(line).as(what).isInstanceOf(InvalidLine.class);
                assertThat(((InvalidLine) line).error().code()).as(what)
                        .isEqualTo(m.isEmpty() ? "hba.invalid-netmask" : "hba.netmask-family");
                continue;
            }
            assertThat(line).as(what).isInstanceOf(HbaRule.class);
            Address.IpMask r = (Address.IpMask) ((HbaRule) line).address().orElseThrow();
            assertThat(r.addressBytes()).as(what).isEqualTo(ip.get());
            assertThat(r.maskBytes()).as(what).isEqualTo(m.get());
            assertThat(r.written()).as(what).isEqualTo(addr);
        }
    }

    /** A dotted-quad-like text (not empty, so that the fields stay where the test expects them). */
    private static String quad(Random rnd) {
        String q = "";
        while (q.isEmpty()) {
            q = quadOrEmpty(rnd);
        }
        return q;
    }

    /** A dotted-quad-like text: mostly four parts, some with leading zeros, hex, too large or empty. */
    private static String quadOrEmpty(Random rnd) {
        StringBuilder a = new StringBuilder();
        int parts = rnd.nextInt(10) == 0 ? 1 + rnd.nextInt(5) : 4;
        for (int p = 0; p < parts; p++) {
            if (p > 0) {
                a.append('.');
            }
            a.append(part(rnd));
        }
        return a.toString();
    }

    @Test
    void regularExpressionsAreCheckedExactlyWhenATokenStartsWithSlash() {
        Random rnd = new Random(SEED);
        HbaLoader loader = HbaLoader.with(LoadOptions.defaults().withVersion(PgVersion.of(17)));
        String[] names = {"app", "/ok", "/(bad", "\"/(bad\"", "\"/ok\"", "a/(b", "x,/(bad", "\"\"/(bad",
            "/", "\"/\"", "\"a\"/(bad"};
        for (int round = 0; round < 3000; round++) {
            String db = names[rnd.nextInt(names.length)];
            String user = names[rnd.nextInt(names.length)];
            String text = "host " + db + " " + user + " 10.0.0.0/8 trust\n";
            String what = seedNote() + ", line " + text.strip();
            SourceLine line = loader.parseHba("t.conf", text).entries().get(0);
            // a regex is a token whose text (quotes removed) starts with '/': quoted or not (17)
            boolean bad = false;
            for (String field : new String[] {db, user}) {
                for (String tok : field.split(",")) {
                    String t = tok.replace("\"", "");
                    bad |= t.startsWith("/(");
                }
            }
            if (bad) {
                assertThat(line).as(what).isInstanceOf(InvalidLine.class);
                assertThat(((InvalidLine) line).error().code()).as(what).isEqualTo("hba.invalid-regex");
            } else {
                assertThat(line).as(what).isInstanceOf(HbaRule.class);
            }
        }
    }

    private static String part(Random rnd) {
        return switch (rnd.nextInt(8)) {
            case 0 -> "0" + rnd.nextInt(10);
            case 1 -> Integer.toString(rnd.nextInt(1000));
            case 2 -> "0x" + Integer.toHexString(rnd.nextInt(256));
            case 3 -> "";
            default -> Integer.toString(rnd.nextInt(256));
        };
    }

    // ---- the options cache

    private static final String[] TYPES = {"local", "host", "hostssl", "hostnossl"};
    private static final String[] METHODS = {"trust", "md5", "ident", "peer", "gss", "sspi", "cert", "radius", "ldap",
        "pam", "scram-sha-256", "reject"};
    private static final String[] OPTIONS = {"map=m", "map=other", "map=", "clientcert=verify-ca",
        "clientcert=verify-full", "clientcert=1", "clientcert=0", "clientcert=no-verify", "clientname=DN",
        "clientname=CN", "include_realm=0", "include_realm=1", "krb_realm=EXAMPLE.COM", "compat_realm=0",
        "upn_username=1", "radiusservers=r1", "radiusservers=r1,r2", "radiussecrets=s", "radiussecrets=s1,s2",
        "radiusports=1812", "radiusidentifiers=id", "ldapserver=ldap.example.com", "ldapbasedn=\"dc=example,dc=com\"",
        "ldapprefix=cn=", "ldapsuffix=,dc=x", "ldapport=389", "ldaptls=1", "ldapscheme=ldaps", "ldapsearchattribute=uid",
        "ldapurl=ldap://h/dc=x?uid?sub", "pamservice=svc", "pam_use_hostname=1", "\"map=m\"", "nosuch=1", "noequals"};

    @Test
    void cachedOptionsGiveWhatEachLineGivesAlone() {
        Random rnd = new Random(SEED);
        for (int round = 0; round < 100; round++) {
            LoadOptions options = LoadOptions.defaults().withVersion(PgVersion.of(13 + rnd.nextInt(6)));
            HbaLoader loader = HbaLoader.with(options);
            List<String> lines = new ArrayList<>();
            // a few combinations, repeated, so that most lines hit the cache
            // and the same option texts after different types and methods
            List<String> optionTexts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                StringBuilder sb = new StringBuilder();
                int n = 1 + rnd.nextInt(3);
                for (int o = 0; o < n; o++) {
                    sb.append(o == 0 || rnd.nextBoolean() ? ' ' : ',').append(OPTIONS[rnd.nextInt(OPTIONS.length)]);
                }
                optionTexts.add(sb.toString());
            }
            optionTexts.add("");
            List<String> pool = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String type = TYPES[rnd.nextInt(TYPES.length)];
                StringBuilder sb = new StringBuilder(type).append(" all all");
                if (!type.equals("local")) {
                    sb.append(" 10.0.0.0/8");
                }
                sb.append(' ').append(METHODS[rnd.nextInt(METHODS.length)]);
                sb.append(optionTexts.get(rnd.nextInt(optionTexts.size())));
                pool.add(sb.toString());
            }
            for (int i = 0; i < 60; i++) {
                lines.add(pool.get(rnd.nextInt(pool.size())));
            }
            List<SourceLine> all = loader.parseHba("t.conf", String.join("\n", lines) + "\n").entries();
            assertThat(all).hasSize(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                String what = seedNote() + ", PostgreSQL " + options.version().major() + ", line " + (i + 1) + ": "
                        + lines.get(i);
                SourceLine alone = loader.parseHba("t.conf", lines.get(i) + "\n").entries().get(0);
                SourceLine inFile = all.get(i);
                assertThat(inFile.getClass()).as(what).isEqualTo(alone.getClass());
                if (alone instanceof HbaRule a) {
                    HbaRule b = (HbaRule) inFile;
                    assertThat(b.settings()).as(what).isEqualTo(a.settings());
                    assertThat(b.options()).extracting(Object::toString).as(what)
                            .isEqualTo(a.options().stream().map(Object::toString).toList());
                    assertThat(b.warnings()).extracting(d -> d.code() + ": " + d.message() + " / " + d.viewError())
                            .as(what).isEqualTo(a.warnings().stream()
                                    .map(d -> d.code() + ": " + d.message() + " / " + d.viewError()).toList());
                } else {
                    InvalidLine a = (InvalidLine) alone;
                    InvalidLine b = (InvalidLine) inFile;
                    assertThat(b.error().code() + ": " + b.error().message() + " / " + b.error().viewError()).as(what)
                            .isEqualTo(a.error().code() + ": " + a.error().message() + " / " + a.error().viewError());
                }
            }
        }
    }
}
