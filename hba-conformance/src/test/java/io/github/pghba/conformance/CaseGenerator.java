package io.github.pghba.conformance;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Seeded generator of configuration directories biased toward PostgreSQL's sharp edges: quoting
 * (keywords quoted, partially quoted, doubled quotes), comma lists that join across blanks,
 * continuation lines, comments inside tokens, {@code @file} lists and {@code include*} directives
 * written as files next to the main file, regular-expression tokens, address forms including
 * glibc's {@code inet_aton} quirks, every method and option (valid and not), warning rows, odd
 * bytes, CRLF and missing final newlines, sometimes a {@code pg_ident.conf}, sometimes other
 * server settings. Case {@code i} of seed {@code s} depends only on {@code (s, i)}.
 *
 * <p>Never generated: a cycle of {@code @file} lists (PostgreSQL 13-15 crash on it) unless the
 * case is limited to 16+, and RADIUS server names other than {@code localhost}, numeric
 * addresses and {@code .invalid} names (they are resolved by the server's real resolver).
 */
final class CaseGenerator {
    private final SplittableRandom r;
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final List<String> lists = new ArrayList<>();
    private boolean only16 = false;
    private int depth = 0;

    private CaseGenerator(SplittableRandom r) {
        this.r = r;
    }

    static ConfCase generate(long seed, int index) {
        SplittableRandom r = new SplittableRandom(seed).split();
        r = new SplittableRandom(r.nextLong() ^ (0x9E3779B97F4A7C15L * (index + 1)));
        CaseGenerator g = new CaseGenerator(r);
        return g.build("gen/" + seed + "/" + index);
    }

    // ------------------------------------------------------------------ helpers

    private boolean p(double probability) {
        return r.nextDouble() < probability;
    }

    private int n(int bound) {
        return r.nextInt(bound);
    }

    @SafeVarargs
    private <T> T pick(T... xs) {
        return xs[n(xs.length)];
    }

    private <T> T pick(List<T> xs) {
        return xs.get(n(xs.size()));
    }

    /** Picks by weight: pairs of (weight, value). */
    private String weighted(Object... wv) {
        int total = 0;
        for (int i = 0; i < wv.length; i += 2) {
            total += (Integer) wv[i];
        }
        int x = n(total);
        for (int i = 0; i < wv.length; i += 2) {
            x -= (Integer) wv[i];
            if (x < 0) {
                return (String) wv[i + 1];
            }
        }
        throw new AssertionError();
    }

    static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    /** A token for a value: mostly as is, sometimes quoted or partially quoted. */
    private String tok(String s) {
        int x = n(100);
        if (x < 80 || s.isEmpty()) {
            return s;
        } else if (x < 92) {
            return quote(s);
        } else {
            int k = 1 + n(Math.max(1, s.length()));
            k = Math.min(k, s.length());
            return s.substring(0, k) + quote(s.substring(k));
        }
    }

    /** A token that has to be quoted (blanks, commas, '#', quotes inside). */
    private String needsQuote(String s) {
        if (s.isEmpty() || s.chars().anyMatch(c -> c == ' ' || c == '\t' || c == ',' || c == '#' || c == '"'
                || c == '\r')) {
            return quote(s);
        }
        return tok(s);
    }

    /** A comma list field from 1..max tokens. */
    private String list(int max, Supplier<String> item) {
        int k = 1 + (p(0.7) ? 0 : n(max));
        StringBuilder sb = new StringBuilder();
        if (p(0.03)) {
            sb.append(',');
        }
        for (int i = 0; i < k; i++) {
            if (i > 0) {
                sb.append(weighted(70, ",", 12, ", ", 5, ",\t", 4, ",,", 3, " ,", 3, ",  "));
            }
            sb.append(item.get());
        }
        if (p(0.03)) {
            sb.append(',');
        }
        return sb.toString();
    }

    private String sep() {
        return weighted(70, " ", 12, "\t", 8, "  ", 4, " \t ", 3, "\r", 2, ", ", 1, "\u000b");
    }

    // ------------------------------------------------------------------ the case

    private ConfCase build(String id) {
        ConfCase.Settings settings = ConfCase.Settings.DEFAULT;
        if (p(0.15)) {
            settings = new ConfCase.Settings(!p(0.5), p(0.4), p(0.5) ? pick("v", "v1,v2", "\"v1\", v2", "validator")
                    : "");
        }
        boolean edgy = p(0.55);
        files.put("pg_hba.conf", hbaFile(edgy, 1 + n(edgy ? 10 : 12)));
        if (p(0.3)) {
            files.put("pg_ident.conf", identFile(1 + n(8)));
        }
        if (p(0.12)) {
            mutate("pg_hba.conf");
        }
        if (p(0.03)) {
            long huge = 10_200L + n(80);
            files.put("pg_hba.conf", concat(files.get("pg_hba.conf"), ("local " + "d".repeat((int) huge) + " all trust\n")
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return new ConfCase(id, "", files, settings, only16 ? Set.of(16, 17, 18) : Set.of());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    // ------------------------------------------------------------------ pg_hba.conf lines

    private byte[] hbaFile(boolean edgy, int lines) {
        List<List<String>> logical = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            logical.add(hbaLine(edgy));
        }
        return render(logical, edgy);
    }

    /** A line as fields (each field already a rendered comma list); an empty list is a blank line. */
    private List<String> hbaLine(boolean edgy) {
        int x = n(100);
        if (x < 6) {
            return List.of(pick("", "#", "# comment", "   ", "\t", "#local all all trust", ",,,", " , ,"));
        }
        if (x < (edgy ? 16 : 9)) {
            return includeLine();
        }
        if (edgy && x < 20) {
            List<String> junk = new ArrayList<>();
            int k = 1 + n(7);
            for (int i = 0; i < k; i++) {
                junk.add(pick(JUNK));
            }
            return junk;
        }
        return record(edgy);
    }

    private static final String[] JUNK = {"local", "host", "all", "\"all\"", "trust", "md5", "127.0.0.1/32",
        "10/8", "#", "\"", "\"\"", ",", "\\", "map=m", "=", "@", "+", "/", "include", "samehost", "é", "\u00a0",
        "a\"b c\"d", "x#y", "\"x#y\"", "replication", "sameuser", "peer", "255.255.255.0"};

    /** A line PostgreSQL accepts (mostly: a warning row at worst), to reach the loading paths. */
    private List<String> validRecord() {
        List<String> f = new ArrayList<>();
        String type = weighted(30, "local", 30, "host", 15, "hostssl", 8, "hostnossl", 3, "hostgssenc", 3,
                "hostnogssenc");
        f.add(type);
        f.add(list(2, () -> pick("all", "all", "db", "postgres", "sameuser", "samerole", "replication", "\"all\"",
                "/^db[0-9]+$", "a\"b c\"d")));
        f.add(list(2, () -> pick("all", "all", "alice", "+admins", "\"+admins\"", "/^u", "postgres")));
        boolean local = type.equals("local");
        if (!local) {
            switch (n(6)) {
                case 0 -> f.add(v4() + "/" + pick("32", "24", "8", "0"));
                case 1 -> f.add(pick("::1/128", "::/0", "fe80::1%lo/64", "2001:db8::/32", "10/8", "127.1/32"));
                case 2 -> {
                    f.add(v4());
                    f.add(pick("255.255.255.255", "255.255.0.0", "0.0.0.0"));
                }
                case 3 -> f.add(pick("all", "samehost", "samenet"));
                case 4 -> f.add(pick(".example.com", "db.example.com", "localhost"));
                default -> f.add("127.0.0.1/32");
            }
        }
        String method = local ? pick("trust", "reject", "md5", "password", "scram-sha-256", "peer", "ident")
                : pick("trust", "reject", "md5", "password", "scram-sha-256", "ident", "radius",
                        type.equals("hostssl") ? "cert" : "md5");
        f.add(method);
        switch (method) {
            case "peer", "ident" -> {
                if (p(0.5)) {
                    f.add(pick("map=m", "map=other"));
                }
            }
            case "cert" -> {
                if (p(0.5)) {
                    f.add(pick("clientname=CN", "clientname=DN", "map=m", "clientcert=verify-full"));
                }
            }
            case "radius" -> {
                f.add(pick("radiusservers=localhost", "radiusservers=127.0.0.1", "\"radiusservers=localhost,::1\"",
                        "radiusserver=localhost"));
                f.add(f.get(f.size() - 1).contains(",") ? "\"radiussecrets=a,b\"" : "radiussecrets=s");
                if (p(0.3)) {
                    f.add(f.get(f.size() - 1).contains(",") ? "\"radiusports=1812,1813\"" : "radiusports=1812");
                }
                if (p(0.2)) {
                    f.add("radiusidentifiers=pg");
                }
            }
            default -> {
            }
        }
        if (type.equals("hostssl") && !method.equals("cert") && p(0.3)) {
            f.add(pick("clientcert=verify-ca", "clientcert=verify-full"));
        }
        return f;
    }

    private List<String> record(boolean edgy) {
        if (!edgy && p(0.92)) {
            return validRecord();
        }
        List<String> f = new ArrayList<>();
        String type = weighted(26, "local", 30, "host", 12, "hostssl", 8, "hostnossl", 4, "hostgssenc", 4,
                "hostnogssenc", edgy ? 6 : 1, "odd");
        if (type.equals("odd")) {
            type = pick("Host", "LOCAL", quote("host"), quote("local"), "hostSSL", "hosts", "\"\"", "@types.list",
                    "host,local", "hostssl\u000b", "x");
            if (type.equals("@types.list")) {
                type = "@" + listFile("types", () -> pick("host", "local", "hostssl", "\"host\"", "host local"));
            }
        }
        f.add(type);
        f.add(list(3, () -> database(edgy)));
        f.add(list(3, () -> user(edgy)));
        String bare = type.replace("\"", "");
        boolean local = bare.equalsIgnoreCase("local") && !type.startsWith("\"");
        if (!local || (edgy && p(0.05))) {
            f.addAll(address(edgy));
        }
        if (edgy && p(0.04)) {
            return f; // no method
        }
        String method = method(edgy, local);
        f.add(method);
        int opts = p(0.5) ? 0 : 1 + n(3);
        for (int i = 0; i < opts; i++) {
            f.add(option(method.replace("\"", "").toLowerCase(Locale.ROOT), edgy));
        }
        if (p(0.04)) {
            f.add(pick("#trailing comment", "# c", "#"));
        }
        return f;
    }

    private String database(boolean edgy) {
        String x = weighted(30, "all", 25, "name", 6, "sameuser", 4, "samerole", 3, "samegroup", 6, "replication", 8,
                "regex", 6, "atfile", edgy ? 10 : 2, "odd");
        return switch (x) {
            case "name" -> tok(pick("db", "postgres", "app_db", "DB", "db1", "a-b", "x.y", "ünï"));
            case "regex" -> regexToken();
            case "atfile" -> atFile("dbs", () -> pick("db", "all", "\"all\"", "x y", "db1, db2", "# comment",
                    "sameuser", "/^r", "\"quoted db\""));
            case "odd" -> pick("\"\"", "\"all\"", "al\"l\"", "\"a\"ll", "+grp", "\"sameuser\"", "a\"b c\"d", "\"a,b\"",
                    "\"c#d\"", "db#x", "\"x\"\"y\"", "\"\"\"\"", "@", "\"@dbs\"", "é\u00a0", "a\\b", "*");
            default -> tok(x);
        };
    }

    private String user(boolean edgy) {
        String x = weighted(30, "all", 25, "name", 8, "group", 8, "regex", 6, "atfile", edgy ? 10 : 2, "odd");
        return switch (x) {
            case "name" -> tok(pick("alice", "bob", "postgres", "u1", "Admin", "app-user", "us.er"));
            case "group" -> pick("+admins", "+g", "\"+admins\"", "+\"g\"", "+", "+all", "+\"\"");
            case "regex" -> regexToken();
            case "atfile" -> atFile("users", () -> pick("alice", "+g", "\"+g\"", "all", "bob,carol", "/^u",
                    "# c", "\"x y\"", "@nested.list"));
            case "odd" -> pick("\"\"", "\"all\"", "sameuser", "samerole", "replication", "al\"l\"", "a\"b c\"d",
                    "\"u \"\"2\"\"\"", "us#er", "\"@users\"", "@", "\\");
            default -> tok(x);
        };
    }

    private String regexToken() {
        String re = p(0.6) ? pick("/^db[0-9]+$", "/^a", "/.*", "/(?i)^DB", "/^(x|y)$", "/a{2,3}", "/(", "/[z-a]",
                "/a{3,1}", "/", "/^\\d+$", "/^[[:alpha:]]+$", "/a\\", "/^é") : "/" + pick(REGEX_EDGES);
        if (re.chars().anyMatch(c -> c == ',' || c == ' ' || c == '\t' || c == '#' || c == '"') || p(0.3)) {
            return quote(re);
        }
        return re;
    }

    /** Regular expressions at the edges of PostgreSQL's regex compiler (valid and not). */
    private static final String[] REGEX_EDGES = {"(?", "(?:", "a(?", "(?i", "(?=x", "(?!x)", "(?<=a)b", "(?#c)x",
        "***=a.b", "***:a", "***?", "(?x) a b", "(?e)a", "(?b)a{1}", "\\1", "(a)\\2", "(a)\\1", "[[:foo:]]", "[[.a.]]",
        "[[=a=]]", "[a", "a]", "a{256}", "a{1,256}", "a{,2}", "a**", "a+*", "*a", "+", "?", "{1}", "a{1", "\\", "\\d",
        "\\y", "\\Z", "\\m\\M", "\\x41", "\\u00e9", "\\0", "\\k", "[\\d-z]", "[a-\\d]", "[]a]", "[^]a]", "()",
        "(|a)", "a||b", "^*", "$^", "(a|b", "a)", "(?:a", "[[:<:]]a", "a{2}{3}", "\\A", "(?p)a", "(?q)a(", "x{0}",
        "(?i)É", "[é-a]", "***", "***x", "(?:a)", "^(?:a|b)$", "(?=a)a", "(?i:a)", "[a-\\w]", "[a-\\", "[\\",
        "(?e)(?i)a", "(?e)a*?", "(?e)^\\d$", "(?e)[\\d]", "(?e)a\\", "(?#c)(?i)a", "(?qe)a(", "(?eq)a(", "(?be)a(",
        "(?x)\f*", "[[:<:]", "[[:foo:]", "[[.nope.]", "[a-[.b.]", "[[:foo:]\\q]", "(?x)a{ 2 }", "(?x)a{2 , 3}",
        "(?x)a{2} *", "(?x)a{2} ?", "(?x)a *?", "(?x)[ ]a", "(?x)\\x41 1", "(?ex)a{ 2 }", "(?bx)\\(", "(?bx)a\\{2,1\\}",
        "(?bx)a\\{2\\} *", "(?bx)a $", "(?bx)^ *", "(?bx)\\( a \\) \\1"};

    /** A reference to a new @file list (sometimes missing, quoted, in a subdirectory, or empty). */
    private String atFile(String stem, Supplier<String> item) {
        int x = n(100);
        if (x < 8) {
            return pick("@missing.list", "@sub/missing.list", "@", "@\"\"", "\"@" + stem + ".list\"");
        }
        return "@" + listFile(stem, item);
    }

    /** Writes a list file; returns how to name it after '@' (quoted if needed). */
    private String listFile(String stem, Supplier<String> item) {
        String name = stem + lists.size() + (p(0.1) ? " sp" : "") + ".list";
        if (p(0.1)) {
            name = "sub/" + name;
        }
        lists.add(name);
        StringBuilder sb = new StringBuilder();
        int lines = p(0.08) ? 0 : 1 + n(3);
        for (int i = 0; i < lines; i++) {
            int k = 1 + n(3);
            for (int j = 0; j < k; j++) {
                sb.append(j == 0 ? "" : pick(" ", ",", ", ", "\t"));
                String it = item.get();
                if (it.equals("@nested.list")) {
                    if (depth < 2 && p(0.5)) {
                        depth++;
                        it = "@" + listFile("nested", () -> pick("carol", "\"x\"", "all", "+g"));
                        depth--;
                    } else if (p(0.3)) {
                        // a reference back to an enclosing list: a cycle, which 13-15 do not survive
                        only16 = true;
                        it = "@" + lists.get(0).replace(" ", "\" \"");
                    } else {
                        it = "dave";
                    }
                }
                sb.append(it);
            }
            sb.append(p(0.1) ? "\r\n" : "\n");
        }
        if (p(0.1) && sb.length() > 0) {
            sb.setLength(sb.length() - 1);
        }
        files.put(name, sb.toString().getBytes(StandardCharsets.UTF_8));
        return name.contains(" ") ? quote(name) : name;
    }

    private List<String> address(boolean edgy) {
        List<String> f = new ArrayList<>();
        int x = n(100);
        if (x < 30) {
            f.add(tok(v4() + "/" + pick(List.of("32", "24", "8", "0", "16", "31", "1"))));
        } else if (x < 42) {
            f.add(pick("::1/128", "::/0", "fe80::/10", "2001:db8::/32", "::ffff:127.0.0.1/128", "fe80::1%lo/64",
                    "::1", "2001:DB8::1/64", "::ffff:1.2.3.4/96", "fe80::1%nosuchif0/64"));
        } else if (x < 52) {
            f.add(pick("10/8", "127.1/32", "127.1", "0x7f.1/32", "010.0.0.1/32", "1.2.3/24", "4294967295/32", "0/0",
                    "1.2.3.4.5/32", "300.1.1.1/32", "1.2.3.4/33", "1.2.3.4/", "/8", "1.2.3.4/-1", "1.2.3.4/08",
                    "1.2.3.4/0x8", "::1/129", "1::2::3/64", "0x7f000001/32", "127.0.0.1/32/8", "1.2.3.4/ 8",
                    "127.0.0.1 /32", "0.0.0.0/0", "256/8", "1.2.3.4 /32", "1.2.3.4/+8", "1.2.3.4/-0", "::1/+128",
                    "\"1.2.3.4/ 8\"", "\"1.2.3.4/8 \"", "\"::1/\t64\"", "1.2.3.4/00000000000000000008",
                    "1.2.3.4/99999999999999999999", "1.2.3.4./32", "1.2.3.4.", "fe80::1%1/64", "[::1]/128",
                    "::ffff:1.2.3.4/128", "\" 1.2.3.4/32\""));
        } else if (x < 66) {
            f.add(tok(v4()));
            f.add(pick("255.255.255.255", "255.255.255.0", "255.0.0.0", "0.0.0.0", "255.0.255.0", "255.255.255.1",
                    "24", "ffff:ffff::", "255.255.255.256", "255.255.255.0/8", "0x.ff", "\"255.255.0.0\""));
        } else if (x < 72) {
            f.add(pick("::1", "fe80::1", "2001:db8::1"));
            f.add(pick("ffff:ffff:ffff:ffff::", "::", "ffff::ffff", "255.255.255.0", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
        } else if (x < 86) {
            f.add(pick("all", "samehost", "samenet", "\"all\"", "\"samehost\"", "Samenet", "samehost/24"));
        } else {
            f.add(tok(pick(".example.com", "db.example.com", "localhost", "name.invalid", "a_b.example", "-x-",
                    "host.example.com/24", ".", "h\u00e9st.example", "x..y")));
            if (p(0.15)) {
                f.add("255.255.255.0");
            }
        }
        if (edgy && p(0.06)) {
            f.set(0, f.get(0) + pick(",10.0.0.0/8", ", ::1/128"));
        }
        if (edgy && p(0.04)) {
            f.set(0, "@" + listFile("addr", () -> pick("127.0.0.1/32", "10.0.0.0/8 ::1/128", "samehost")));
        }
        return f;
    }

    private String v4() {
        return switch (n(4)) {
            case 0 -> "127.0.0.1";
            case 1 -> "10.0.0.0";
            case 2 -> "192.168." + n(256) + "." + n(256);
            default -> n(256) + "." + n(256) + "." + n(256) + "." + n(256);
        };
    }

    private String method(boolean edgy, boolean local) {
        String m = weighted(14, "trust", 6, "reject", 8, "md5", 5, "password", 12, "scram-sha-256", local ? 10 : 2,
                "peer", local ? 2 : 6, "ident", local ? 1 : 7, "cert", 3, "gss", 2, "sspi", 2, "pam", 3, "ldap", 7,
                "radius", 1, "bsd", 4, "oauth", edgy ? 6 : 1, "odd");
        if (m.equals("odd")) {
            return pick("Trust", "\"trust\"", "tr\"ust\"", "krb5", "crypt", "trust,reject", "md5 ,", "MD5", "none",
                    "\"\"", "scram-sha-256,", "@methods.list");
        }
        return m;
    }

    private String option(String method, boolean edgy) {
        String family = p(edgy ? 0.75 : 0.9) ? method : pick("trust", "cert", "gss", "ldap", "radius", "oauth", "pam",
                "peer", "odd");
        String o = switch (family) {
            case "peer", "ident" -> pick("map=m", "map=\"m\"", "map=", "map=other", "map=/^x");
            case "cert" -> pick("clientcert=verify-full", "clientcert=verify-ca", "clientcert=1", "clientcert=0",
                    "clientcert=no-verify", "clientname=CN", "clientname=DN", "clientname=cn", "map=m");
            case "gss", "sspi" -> pick("include_realm=0", "include_realm=1", "include_realm=x", "krb_realm=EXAMPLE.COM",
                    "compat_realm=0", "upn_username=1", "map=m");
            case "pam" -> pick("pamservice=postgresql", "pam_use_hostname=1", "pam_use_hostname=x");
            case "ldap" -> pick("ldapserver=localhost", "ldapport=389", "ldapport=0", "ldapport=x", "ldaptls=1",
                    "ldapscheme=ldaps", "ldapscheme=x", "ldapprefix=cn=", "ldapsuffix=,dc=x", "ldapbasedn=dc=x",
                    "ldapbinddn=cn=admin", "ldapbindpasswd=secret", "ldapsearchattribute=uid",
                    quote("ldapsearchfilter=(uid=$username)"), "ldapurl=ldap://localhost/dc=x?uid?sub",
                    "ldapurl=x");
            case "radius" -> radiusOption();
            case "oauth" -> pick("issuer=https://issuer.example", "scope=openid", "scope=\"openid email\"",
                    "validator=v", "validator=v1", "validator=nosuch", "map=m", "delegate_ident_mapping=1",
                    "delegate_ident_mapping=0", "delegate_ident_mapping=x", "issuer=");
            case "odd" -> pick("foo=bar", "noequals", "=x", "\"map=m\"", "map", "MAP=m", "clientcert", "map==m",
                    "\"\"", "map=m,", "map=a b", "@opts.list");
            default -> pick("clientcert=verify-full", "clientcert=verify-ca", "clientcert=no-verify", "map=m",
                    "clientname=CN", "clientcert=1");
        };
        if (o.equals("@opts.list")) {
            o = "@" + listFile("opts", () -> pick("map=m", "clientcert=verify-ca", "include_realm=0", "x=y"));
        }
        if (o.equals("@methods.list")) {
            o = "@" + listFile("methods", () -> pick("trust", "md5", "trust md5"));
        }
        return o;
    }

    private static final String[] SERVERS = {"localhost", "127.0.0.1", "::1", "127.1", "0x7f.0.0.1",
        "nosuchhost.invalid", "192.0.2.1", "2001:db8::1", "other.invalid"};

    private String radiusOption() {
        int k = 1 + (p(0.6) ? 0 : n(3));
        String kind = pick("servers", "secrets", "ports", "identifiers", "servers", "secrets");
        StringBuilder v = new StringBuilder();
        for (int i = 0; i < k; i++) {
            if (i > 0) {
                v.append(pick(",", ", ", ","));
            }
            v.append(switch (kind) {
                case "servers" -> pick(SERVERS);
                case "secrets" -> pick("s", "secret", "\"a,b\"", "x y");
                case "ports" -> pick("1812", "0", "65535", "65536", "abc", "-1", "1812 ");
                default -> pick("pg", "id", "x y");
            });
        }
        String name = "radius" + kind;
        if (p(0.15)) {
            name = "radius" + kind.substring(0, kind.length() - 1); // singular: radiusserver=...
        }
        String token = name + "=" + v;
        if (token.contains(",") || token.contains(" ") || token.contains("\"")) {
            return p(0.8) ? quote(token) : token.replace(" ", "");
        }
        return token;
    }

    // ------------------------------------------------------------------ includes

    private List<String> includeLine() {
        String kw = weighted(5, "include", 3, "include_if_exists", 3, "include_dir", 1, "odd");
        if (kw.equals("odd")) {
            kw = pick("\"include\"", "Include", "include_file", "includedir");
        }
        String target;
        boolean verbatim = false;
        int x = n(100);
        if (x < 45 && depth < 3) {
            depth++;
            if (kw.equals("include_dir")) {
                String dir = pick("conf.d", "sub/d", "d d");
                for (int i = n(4); i > 0; i--) {
                    String fn = dir + "/" + pick("10-a", "20-b", "b", "A", ".hidden", "x") + i
                            + pick(".conf", ".conf", ".conf", ".CONF", ".txt", ".conf.bak");
                    files.put(fn, hbaFile(p(0.3), 1 + n(3)));
                }
                if (files.keySet().stream().noneMatch(k -> k.startsWith(dir + "/"))) {
                    files.put(dir + "/", new byte[0]);
                }
                target = dir;
            } else {
                String name = pick("inc", "a", "b", "sub/inc", "sub dir/x", "UP") + lists.size() + ".conf";
                lists.add(name);
                files.put(name, hbaFile(p(0.4), 1 + n(4)));
                target = name;
            }
            depth--;
        } else if (x < 60) {
            target = pick("nosuch.conf", "missing/x.conf", "nosuch.d");
        } else if (x < 70) {
            target = pick("pg_hba.conf", ".", "pg_ident.conf", "sub/..", "./pg_ident.conf");
        } else if (x < 80) {
            target = pick("", "a.conf b.conf", "a.conf,b.conf", "\"\"", "x#y", "conf.d ,x");
            verbatim = true;
        } else {
            target = pick("sub", "conf.d", "..", "/nonexistent/x.conf");
        }
        List<String> f = new ArrayList<>();
        f.add(kw);
        if (!target.isEmpty()) {
            f.add(verbatim ? target : target.contains(" ") ? quote(target) : tok(target));
        }
        if (p(0.04)) {
            f.add("extra");
        }
        return f;
    }

    // ------------------------------------------------------------------ pg_ident.conf

    private byte[] identFile(int lines) {
        List<List<String>> logical = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            int x = n(100);
            if (x < 6) {
                logical.add(List.of(pick("", "# comment", "  ")));
            } else if (x < 12) {
                logical.add(List.of(pick("include", "include_if_exists", "include_dir"), pick("id.conf", "nosuch",
                        "id.d")));
                files.putIfAbsent("id.conf", "m carol carol\nbad\n".getBytes(StandardCharsets.UTF_8));
                files.putIfAbsent("id.d/1.conf", "m dave dave\n".getBytes(StandardCharsets.UTF_8));
            } else {
                List<String> f = new ArrayList<>();
                f.add(tok(pick("m", "m", "other", "M", "map one")));
                if (f.get(0).equals("map one")) {
                    f.set(0, quote("map one"));
                }
                int k = x < 14 ? 1 : x < 18 ? 2 : x < 22 ? 4 : 3;
                if (k >= 2) {
                    f.add(p(0.15) ? needsQuote("/" + pick(REGEX_EDGES)) : pick("alice", "/^(.*)@example\\.com$",
                            "\"/^(.*)$\"", "/(", "/a{2", "\"\"", "bob", "/^[a-z]+$", "\"sys user\"", "a,b", "@sys.list"));
                    if (f.get(1).equals("@sys.list")) {
                        f.set(1, "@" + listFile("sys", () -> pick("alice", "bob", "/^x")));
                    }
                }
                if (k >= 3) {
                    f.add(pick("bob", "\\1", "\"\\1\"", "all", "+grp", "\"+grp\"", "/^x", "\"/x\"", "pg\\1x",
                            "\"all\"", "a,b", "", "@users.list", "+\\1", "\"+\\1\"", "/^\\1", "\\1\\1",
                            "l".repeat(63), "l".repeat(64), "\u00e9".repeat(32)));
                    if (f.get(2).isEmpty()) {
                        f.remove(2);
                    } else if (f.get(2).equals("@users.list")) {
                        f.set(2, "@" + listFile("pgu", () -> pick("bob", "carol", "+g")));
                    }
                }
                if (k == 4) {
                    f.add("extra");
                }
                logical.add(f);
            }
        }
        return render(logical, true);
    }

    // ------------------------------------------------------------------ rendering

    /** Joins fields with blanks, adds continuations, comments and line endings. */
    private byte[] render(List<List<String>> logical, boolean edgy) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String eol = p(0.08) ? "\r\n" : "\n";
        for (int i = 0; i < logical.size(); i++) {
            List<String> fields = logical.get(i);
            StringBuilder line = new StringBuilder();
            if (edgy && p(0.05)) {
                line.append(pick(" ", "\t", "  "));
            }
            for (int j = 0; j < fields.size(); j++) {
                if (j > 0) {
                    line.append(edgy ? sep() : pick(" ", " ", "\t", "   "));
                }
                line.append(fields.get(j));
            }
            String text = line.toString();
            if (edgy && p(0.15) && text.length() > 2) {
                text = continuation(text);
            }
            if (p(0.05)) {
                text += pick(" # trailing", "#x", " #", "\t# \"quoted\"");
            }
            if (edgy && p(0.02)) {
                text += pick("\\", " \\", "\\\\");
            }
            out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            boolean last = i == logical.size() - 1;
            if (!last || !p(0.1)) {
                out.writeBytes((edgy && p(0.03) ? pick("\r\n", "\n", "\r\r\n") : eol).getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] b = out.toByteArray();
        if (edgy && p(0.04)) {
            b = oddBytes(b);
        }
        return b;
    }

    /** Splits a line with backslash-newline (a continuation since 14; a backslash in 13). */
    private String continuation(String text) {
        int parts = 1 + n(2);
        StringBuilder sb = new StringBuilder(text);
        for (int i = 0; i < parts; i++) {
            int at = 1 + n(sb.length() - 1);
            String cont = pick("\\\n", "\\\n", "\\\n  ", "\\\r\n", " \\\n", "\\\n\t", "\\\n#x\n");
            sb.insert(at, cont);
        }
        return sb.toString();
    }

    private byte[] oddBytes(byte[] b) {
        if (b.length == 0) {
            return b;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = n(b.length);
        out.write(b, 0, at);
        byte[] ins = pick(new byte[] {0}, new byte[] {(byte) 0xe9}, new byte[] {(byte) 0xc2, (byte) 0xa0},
                new byte[] {0x0b}, new byte[] {0x0c}, new byte[] {(byte) 0xff, (byte) 0xfe}, new byte[] {(byte) 0xe2,
                    (byte) 0x82});
        out.writeBytes(ins);
        out.write(b, at, b.length - at);
        return out.toByteArray();
    }

    private static final byte[] ALPHABET = " \t\r\n,#\"\\/+=.:%0aA\u0000".getBytes(StandardCharsets.ISO_8859_1);

    /** A few byte edits (never an '@', which could close a cycle of lists). */
    private void mutate(String name) {
        byte[] cur = files.get(name);
        int edits = 1 + n(3);
        for (int e = 0; e < edits; e++) {
            int pos = cur.length == 0 ? 0 : n(cur.length + 1);
            byte b = ALPHABET[n(ALPHABET.length)];
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            switch (n(3)) {
                case 0 -> {
                    out.write(cur, 0, pos);
                    out.write(b);
                    out.write(cur, pos, cur.length - pos);
                }
                case 1 -> {
                    out.write(cur, 0, pos);
                    if (pos < cur.length) {
                        out.write(cur, pos + 1, cur.length - pos - 1);
                    }
                }
                default -> {
                    out.writeBytes(cur);
                    if (cur.length > 0) {
                        byte[] arr = out.toByteArray();
                        arr[Math.min(pos, arr.length - 1)] = b;
                        out.reset();
                        out.writeBytes(arr);
                    }
                }
            }
            cur = out.toByteArray();
        }
        files.put(name, cur);
    }
}
