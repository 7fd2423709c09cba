package io.github.pghba.internal;

import java.util.Optional;
import java.util.Set;

/**
 * Numeric address text exactly as glibc reads and writes it: {@code getaddrinfo(AI_NUMERICHOST)}
 * (inet_aton forms for IPv4, inet_pton plus a scope id for IPv6), {@code strtol}-style CIDR masks,
 * and {@code getnameinfo(NI_NUMERICHOST)} / {@code inet_ntop} output.
 */
public final class InetText {
    private InetText() {}

    /**
     * Parses a numeric host like {@code getaddrinfo(text, AI_NUMERICHOST, AF_UNSPEC)} on glibc.
     * Empty means {@code EAI_NONAME}: the text is not numeric (PostgreSQL then takes it as a host name).
     *
     * @param interfaceNames names of the server's network interfaces (for link-local scope ids)
     */
    public static Optional<byte[]> parseNumericHost(String text, Set<String> interfaceNames) {
        byte[] v4 = parseInetAtonExact(text);
        if (v4 != null) {
            return Optional.of(v4);
        }
        int pct = text.indexOf('%');
        String addr = pct < 0 ? text : text.substring(0, pct);
        byte[] v6 = parseInet6(addr);
        if (v6 == null) {
            return Optional.empty();
        }
        if (pct >= 0 && !scopeIdOk(v6, text.substring(pct + 1), interfaceNames)) {
            return Optional.empty();
        }
        return Optional.of(v6);
    }

    /**
     * Whether {@code text} is an IPv6 address with a {@code %} scope glibc refuses: then
     * {@code getaddrinfo()} fails at once and never consults the hosts file.
     */
    public static boolean isIpv6WithBadScope(String text) {
        int pct = text.indexOf('%');
        if (pct < 0) {
            return false;
        }
        byte[] v6 = parseInet6(text.substring(0, pct));
        return v6 != null && !scopeIdOk(v6, text.substring(pct + 1), Set.of());
    }

    private static boolean scopeIdOk(byte[] v6, String scope, Set<String> interfaceNames) {
        boolean linkLocal = ((v6[0] & 0xff) == 0xfe && (v6[1] & 0xc0) == 0x80)
                || ((v6[0] & 0xff) == 0xff && (v6[1] & 0x0f) == 0x02);
        if (linkLocal && interfaceNames.contains(scope)) {
            return true;
        }
        // strtoull(scope, &end, 10) with *end == '\0' and value <= UINT32_MAX; an empty zone is refused
        if (scope.isEmpty()) {
            return false;
        }
        int i = 0;
        while (i < scope.length() && isCSpace(scope.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < scope.length() && (scope.charAt(i) == '+' || scope.charAt(i) == '-')) {
            negative = scope.charAt(i) == '-';
            i++;
        }
        int digitsStart = i;
        long value = 0;
        boolean overflow = false;
        while (i < scope.length() && scope.charAt(i) >= '0' && scope.charAt(i) <= '9') {
            value = value * 10 + (scope.charAt(i) - '0');
            if (value > 0xffffffffL) {
                overflow = true;
                value = 0xffffffffL + 1;
            }
            i++;
        }
        if (i == digitsStart || i != scope.length()) {
            return false;
        }
        if (overflow) {
            return false;
        }
        return !negative || value == 0;
    }

    /** glibc {@code __inet_aton_exact}: 1 to 4 parts, each decimal, octal (0...) or hex (0x...). */
    /** The largest value of the last part when it follows 0, 1, 2 or 3 dotted parts. */
    private static final long[] INET_ATON_MAX = {0xffffffffL, 0xffffffL, 0xffffL, 0xffL};

    static byte[] parseInetAtonExact(String s) {
        long high = 0; // the dotted parts so far, each in its byte (part k at bits 24 - 8k)
        int nparts = 0;
        int i = 0;
        int n = s.length();
        long val;
        while (true) {
            if (i >= n || !isDigit(s.charAt(i))) {
                return null;
            }
            // strtoul(cp, &endp, 0)
            int base = 10;
            int j = i;
            if (s.charAt(j) == '0') {
                if (j + 1 < n && (s.charAt(j + 1) == 'x' || s.charAt(j + 1) == 'X') && j + 2 < n
                        && Character.digit(s.charAt(j + 2), 16) >= 0 && s.charAt(j + 2) < 128) {
                    base = 16;
                    j += 2;
                } else {
                    base = 8;
                }
            }
            val = 0;
            boolean overflow = false;
            int start = j;
            while (j < n) {
                char c = s.charAt(j);
                int d = digit(c, base);
                if (d < 0) {
                    break;
                }
                val = val * base + d;
                if (val > 0xffffffffL) {
                    overflow = true;
                    val = 0x100000000L;
                }
                j++;
            }
            if (j == start && base != 8) {
                return null;
            }
            if (overflow) {
                return null;
            }
            i = j;
            if (i < n && s.charAt(i) == '.') {
                if (nparts > 2 || val > 0xff) {
                    return null;
                }
                high |= val << (24 - 8 * nparts);
                nparts++;
                i++;
            } else {
                break;
            }
        }
        if (i != n) {
            return null;
        }
        if (val > INET_ATON_MAX[nparts]) {
            return null;
        }
        long word = val | high;
        return new byte[] {(byte) (word >>> 24), (byte) (word >>> 16), (byte) (word >>> 8), (byte) word};
    }

    /** {@code c}'s value as a digit of {@code base} (8, 10 or 16; ASCII only), or -1. */
    private static int digit(char c, int base) {
        int d;
        if (c >= '0' && c <= '9') {
            d = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            d = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            d = c - 'A' + 10;
        } else {
            return -1;
        }
        return d < base ? d : -1;
    }

    /** glibc {@code inet_pton(AF_INET, s)}: 4 bytes, or empty. */
    public static Optional<byte[]> ptonV4(String s) {
        return Optional.ofNullable(parseInet4Strict(s));
    }

    /** glibc {@code inet_pton(AF_INET6, s)} (no scope id): 16 bytes, or empty. */
    public static Optional<byte[]> ptonV6(String s) {
        return Optional.ofNullable(parseInet6(s));
    }

    /** glibc {@code inet_pton(AF_INET6)}. */
    static byte[] parseInet6(String s) {
        byte[] out = new byte[16];
        return parseInet6(s, 0, s.length(), out) ? out : null;
    }

    /**
     * glibc {@code inet_pton(AF_INET6)} of {@code s[from, to)} into {@code out} (16 bytes, all
     * written when it succeeds): whether the text is an IPv6 address. Makes no objects.
     */
    static boolean parseInet6(String s, int from, int to, byte[] out) {
        int i = from;
        int tp = 0;
        int colonp = -1;
        if (from == to) {
            return false;
        }
        if (s.charAt(from) == ':') {
            if (to - from < 2 || s.charAt(from + 1) != ':') {
                return false;
            }
            i = from + 1;
        }
        int curtok = i;
        boolean sawXdigit = false;
        int val = 0;
        int digits = 0;
        while (i < to) {
            char ch = s.charAt(i++);
            int d = ch < 128 ? Character.digit(ch, 16) : -1;
            if (d >= 0) {
                if (digits >= 4) {
                    return false;
                }
                val = (val << 4) | d;
                digits++;
                sawXdigit = true;
                continue;
            }
            if (ch == ':') {
                curtok = i;
                if (!sawXdigit) {
                    if (colonp >= 0) {
                        return false;
                    }
                    colonp = tp;
                    continue;
                } else if (i >= to) {
                    return false;
                }
                if (tp + 2 > 16) {
                    return false;
                }
                out[tp++] = (byte) (val >> 8);
                out[tp++] = (byte) val;
                sawXdigit = false;
                digits = 0;
                val = 0;
                continue;
            }
            if (ch == '.' && tp + 4 <= 16) {
                if (!parseInet4Strict(s, curtok, to, out, tp)) {
                    return false;
                }
                tp += 4;
                sawXdigit = false;
                break;
            }
            return false;
        }
        if (sawXdigit) {
            if (tp + 2 > 16) {
                return false;
            }
            out[tp++] = (byte) (val >> 8);
            out[tp++] = (byte) val;
        }
        if (colonp >= 0) {
            if (tp == 16) {
                return false;
            }
            int count = tp - colonp;
            for (int k = 1; k <= count; k++) {
                out[16 - k] = out[colonp + count - k];
                out[colonp + count - k] = 0;
            }
            tp = 16;
        }
        return tp == 16;
    }

    /** glibc {@code inet_pton4}: exactly four decimal parts, no leading zeros, each at most 255. */
    private static byte[] parseInet4Strict(String s) {
        byte[] out = new byte[4];
        return parseInet4Strict(s, 0, s.length(), out, 0) ? out : null;
    }

    /** {@code inet_pton4} of {@code s[from, to)} into {@code out[at, at + 4)}. */
    private static boolean parseInet4Strict(String s, int from, int to, byte[] out, int at) {
        int octets = 0;
        boolean sawDigit = false;
        int cur = 0;
        for (int i = from; i < to; i++) {
            char ch = s.charAt(i);
            if (ch >= '0' && ch <= '9') {
                if (sawDigit && cur == 0) {
                    return false;
                }
                cur = cur * 10 + (ch - '0');
                if (cur > 255) {
                    return false;
                }
                if (!sawDigit) {
                    if (++octets > 4) {
                        return false;
                    }
                    sawDigit = true;
                }
                out[at + octets - 1] = (byte) cur;
            } else if (ch == '.' && sawDigit) {
                if (octets == 4) {
                    return false;
                }
                cur = 0;
                sawDigit = false;
            } else {
                return false;
            }
        }
        return octets == 4;
    }

    /**
     * PostgreSQL's {@code pg_sockaddr_cidr_mask}: {@code strtol(bits, 10)} with the whole text used,
     * 0..32 for IPv4 and 0..128 for IPv6. Null if invalid.
     */
    public static byte[] cidrMask(String bits, int addressLength) {
        if (bits.isEmpty()) {
            return null;
        }
        int i = 0;
        int n = bits.length();
        while (i < n && isCSpace(bits.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (bits.charAt(i) == '+' || bits.charAt(i) == '-')) {
            negative = bits.charAt(i) == '-';
            i++;
        }
        int start = i;
        long value = 0;
        while (i < n && bits.charAt(i) >= '0' && bits.charAt(i) <= '9') {
            if (value < 1_000_000_000_000L) {
                value = value * 10 + (bits.charAt(i) - '0');
            }
            i++;
        }
        if (i == start || i != n) {
            // strtol consumed nothing (endptr == numbits, so *endptr != '\0') or trailing garbage
            return null;
        }
        if (negative) {
            value = -value;
        }
        int max = addressLength * 8;
        if (value < 0 || value > max) {
            return null;
        }
        byte[] mask = new byte[addressLength];
        int b = (int) value;
        for (int k = 0; k < addressLength; k++) {
            int take = Math.min(8, Math.max(0, b - 8 * k));
            mask[k] = (byte) (take == 0 ? 0 : (0xff << (8 - take)));
        }
        return mask;
    }

    /** {@code getnameinfo(NI_NUMERICHOST)}: dotted quad, or glibc's {@code inet_ntop} IPv6 form. */
    public static String format(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        }
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        int bestBase = -1;
        int bestLen = 0;
        int curBase = -1;
        int curLen = 0;
        for (int i = 0; i < 8; i++) {
            if (words[i] == 0) {
                if (curBase == -1) {
                    curBase = i;
                    curLen = 1;
                } else {
                    curLen++;
                }
            } else if (curBase != -1) {
                if (bestBase == -1 || curLen > bestLen) {
                    bestBase = curBase;
                    bestLen = curLen;
                }
                curBase = -1;
            }
        }
        if (curBase != -1 && (bestBase == -1 || curLen > bestLen)) {
            bestBase = curBase;
            bestLen = curLen;
        }
        if (bestBase != -1 && bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (bestBase != -1 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    sb.append(':');
                }
                continue;
            }
            if (i != 0) {
                sb.append(':');
            }
            if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && words[5] == 0xffff))) {
                sb.append(a[12] & 0xff).append('.').append(a[13] & 0xff).append('.')
                        .append(a[14] & 0xff).append('.').append(a[15] & 0xff);
                break;
            }
            sb.append(Integer.toHexString(words[i]));
        }
        if (bestBase != -1 && bestBase + bestLen == 8) {
            sb.append(':');
        }
        return sb.toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** C {@code isspace} in the C locale. */
    public static boolean isCSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }
}
