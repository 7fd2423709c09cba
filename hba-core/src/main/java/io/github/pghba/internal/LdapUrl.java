package io.github.pghba.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * OpenLDAP's {@code ldap_url_parse} (libldap 2.5), which PostgreSQL's {@code ldapurl} option calls:
 * {@code [<][URL:]scheme://[host][:port][/[dn[?[attrs][?[scope][?[filter][?exts]]]]]][>]}.
 *
 * <p>The behaviour was taken from probing the real library, quirks included:
 * <ul>
 *   <li>the scheme prefix ({@code ldap}, {@code ldaps}, {@code ldapi}, {@code pldap}, {@code pldaps},
 *       any case) must start the text: no blanks before it; {@code cldap} is not built in;</li>
 *   <li>the host part ends at the first {@code /} (or, without one, the first {@code ?}); its first
 *       {@code :} starts the port, which is %-decoded and read by {@code strtol} (sign and leading
 *       blanks allowed, nothing may follow the digits, the {@code long} is cut to {@code int});
 *       a port of 0 becomes 389 (636 for {@code ldaps}); {@code ldapi} has no port;</li>
 *   <li>{@code [v6]} hosts: a {@code :} after the bracket must follow it at once; anything else after
 *       it is ignored;</li>
 *   <li>every part is %-decoded on its own, and a bad escape empties the whole part (C strings: a
 *       decoded {@code %00} ends it); an empty host is none;</li>
 *   <li>the dn is {@code ""} after a bare {@code /}; the attributes are split at commas, empty items
 *       dropped (so a list may have no item at all); the scope is one of eight words, any case;
 *       an empty filter after decoding is an error; extensions, if the part is there, must hold an
 *       item, and no fifth {@code ?} may follow.</li>
 * </ul>
 * An error is one of the {@code LDAP_URL_ERR_*} codes; PostgreSQL prints it with
 * {@code ldap_err2string}, a function meant for result codes, hence the odd words of {@link Error#text}.
 */
final class LdapUrl {
    private LdapUrl() {}

    /** What {@link #parse} gives: an {@link Error} or a {@link Url}. */
    sealed interface Result permits Error, Url {}

    /**
     * A failed parse.
     *
     * @param code the {@code LDAP_URL_ERR_*} code (3 bad scheme, 4 bad enclosure, 5 bad URL, 8 bad
     *     scope, 9 bad filter, 10 bad extensions)
     */
    record Error(int code) implements Result {
        /** {@code ldap_err2string(code)} as libldap 2.5 words it. */
        String text() {
            return switch (code) {
                case 3 -> "Time limit exceeded";
                case 4 -> "Size limit exceeded";
                case 5 -> "Compare False";
                case 8 -> "Strong(er) authentication required";
                case 9 -> "Partial results and referral received";
                case 10 -> "Referral";
                default -> throw new IllegalStateException("LDAP URL error " + code);
            };
        }
    }

    /**
     * The fields of {@code LDAPURLDesc} that PostgreSQL reads.
     *
     * @param scheme {@code lud_scheme}, lower case
     * @param host {@code lud_host} (empty = NULL)
     * @param port {@code lud_port}
     * @param dn {@code lud_dn} (empty = NULL)
     * @param attributes {@code lud_attrs} (empty = NULL); the list itself may be empty
     * @param scope {@code lud_scope}: 0 base, 1 one, 2 sub, 3 subordinate
     * @param filter {@code lud_filter} (empty = NULL)
     */
    record Url(String scheme, Optional<String> host, int port, Optional<String> dn,
            Optional<List<String>> attributes, int scope, Optional<String> filter) implements Result {}

    private static final List<String> SCHEMES = List.of("ldap", "pldap", "ldaps", "pldaps", "ldapi");
    private static final Pattern STRTOL_WHOLE = Pattern.compile("[ \t\n\u000b\f\r]*[+-]?[0-9]+");

    /** Parses {@code url} as {@code ldap_url_parse} does. */
    static Result parse(String url) {
        byte[] in = Utf8.encode(url);
        int len = cLength(in, 0);
        int at = 0;
        boolean enclosed = len > 0 && in[0] == '<';
        if (enclosed) {
            at++;
        }
        if (startsWithIgnoreCase(in, at, len, "url:")) {
            at += 4;
        }
        int start = at;
        Optional<String> known = SCHEMES.stream().filter(s -> startsWithIgnoreCase(in, start, len, s + "://"))
                .findFirst();
        if (known.isEmpty()) {
            return new Error(3);
        }
        String scheme = known.get();
        at += scheme.length() + 3;
        // the rest as a C string that is cut in place, like the library's working copy
        byte[] b = new byte[len - at + 1];
        System.arraycopy(in, at, b, 0, len - at);
        if (enclosed) {
            if (len - at == 0 || b[len - at - 1] != '>') {
                return new Error(4);
            }
            b[len - at - 1] = 0;
        }
        int path = find(b, 0, '/');
        int novell = -1; // ldap://host??dn, honoured only where no port is looked for (ldapi)
        if (path >= 0) {
            b[path++] = 0;
        } else {
            int question = find(b, 0, '?');
            if (question >= 0) {
                b[question] = 0;
                novell = question + 1;
            }
        }
        int port = 0;
        int hostFrom = 0;
        if (!scheme.equals("ldapi")) {
            novell = -1;
            int colon;
            if (b[0] == '[') {
                int close = find(b, 0, ']');
                if (close < 0) {
                    return new Error(5);
                }
                b[close] = 0;
                colon = find(b, close + 1, ':');
                if (colon >= 0 && colon != close + 1) {
                    return new Error(5);
                }
                hostFrom = 1;
            } else {
                colon = find(b, 0, ':');
            }
            if (colon >= 0) {
                b[colon] = 0;
                unescape(b, colon + 1);
                String digits = text(b, colon + 1);
                if (!STRTOL_WHOLE.matcher(digits).matches()) {
                    return new Error(5);
                }
                port = CNumbers.atoi(digits);
            }
            if (port == 0) {
                port = scheme.equals("ldaps") ? 636 : 389;
            }
        }
        unescape(b, 0);
        Optional<String> host = part(b, hostFrom);
        Optional<String> dn = Optional.empty();
        if (novell >= 0 && b[novell] == '?') {
            unescape(b, novell + 1);
            dn = Optional.of(text(b, novell + 1));
        }
        Optional<List<String>> attributes = Optional.empty();
        int scope = 0;
        Optional<String> filter = Optional.empty();
        // the parts after the host: dn ? attributes ? scope ? filter ? extensions
        int p = path;
        for (int i = 0; p >= 0; i++) {
            int next = find(b, p, '?');
            if (next >= 0) {
                if (i == 4) {
                    return new Error(5);
                }
                b[next++] = 0;
            }
            boolean empty = b[p] == 0;
            if (i != 4 && !empty) {
                unescape(b, p);
            }
            switch (i) {
                case 0 -> dn = Optional.of(text(b, p));
                case 1 -> attributes = empty ? attributes : Optional.of(items(text(b, p)));
                case 2 -> {
                    if (!empty) {
                        scope = scope(text(b, p));
                        if (scope < 0) {
                            return new Error(8);
                        }
                    }
                }
                case 3 -> {
                    if (!empty && b[p] == 0) {
                        return new Error(9);
                    }
                    filter = part(b, p);
                }
                default -> {
                    if (items(text(b, p)).isEmpty()) {
                        return new Error(10);
                    }
                }
            }
            p = next;
        }
        return new Url(scheme, host, port, dn, attributes, scope, filter);
    }

    /** {@code ldap_pvt_str2scope}. */
    private static int scope(String word) {
        return switch (asciiLower(word)) {
            case "base" -> 0;
            case "one", "onelevel" -> 1;
            case "sub", "subtree" -> 2;
            case "subord", "subordinate", "children" -> 3;
            default -> -1;
        };
    }

    /** Lower case for ASCII letters only, as {@code strcasecmp} in the C locale. */
    private static String asciiLower(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return sb.toString();
    }

    /** {@code ldap_str2charray(s, ",")}: the comma-separated items, empty ones dropped. */
    private static List<String> items(String s) {
        List<String> out = new ArrayList<>();
        for (String item : s.split(",", -1)) {
            if (!item.isEmpty()) {
                out.add(item);
            }
        }
        return out;
    }

    /**
     * {@code ldap_pvt_hex_unescape}, in place on the C string at {@code from}: {@code %XX} becomes the
     * byte; a {@code %} without two hex digits after it leaves the string empty (only its first byte
     * is overwritten, the bytes after it stay as they were, which a {@code [v6]} host then reads).
     */
    private static void unescape(byte[] b, int from) {
        int out = from;
        for (int i = from; b[i] != 0; i++) {
            if (b[i] == '%') {
                int hi = hex(b[i + 1]);
                int lo = hi < 0 ? -1 : hex(b[i + 2]);
                if (lo < 0) {
                    out = from;
                    break;
                }
                b[out++] = (byte) (hi << 4 | lo);
                i += 2;
            } else {
                b[out++] = b[i];
            }
        }
        b[out] = 0;
    }

    private static int hex(byte c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' ? Character.digit(c, 16) : -1;
    }

    private static Optional<String> part(byte[] b, int from) {
        return b[from] == 0 ? Optional.empty() : Optional.of(text(b, from));
    }

    /** The C string at {@code from}, decoded as the file's bytes are. */
    private static String text(byte[] b, int from) {
        return Utf8.decode(b, from, from + cLength(b, from));
    }

    private static int cLength(byte[] b, int from) {
        int i = from;
        while (i < b.length && b[i] != 0) {
            i++;
        }
        return i - from;
    }

    /** {@code strchr} on the C string at {@code from}; -1 when absent. */
    private static int find(byte[] b, int from, char c) {
        for (int i = from; b[i] != 0; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWithIgnoreCase(byte[] b, int from, int len, String prefix) {
        if (len - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            int c = b[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
