package io.github.pghba.cnpg;

import org.jspecify.annotations.Nullable;

/**
 * Go's {@code net.ParseIP} and {@code (*net.IPNet).String()} as the operator's {@code hostCIDR}
 * uses them: an IPv4 address (also IPv4-mapped IPv6) becomes {@code a.b.c.d/32}, an IPv6 address
 * its canonical form (lower case, longest run of two or more zero groups as {@code ::}) plus
 * {@code /128}; text Go cannot parse is returned unchanged.
 */
final class GoNet {
    private GoNet() {}

    /** hostCIDR from pkg/postgres/hba/hba.go. */
    static String hostCidr(String ip) {
        byte[] a = parseIp(ip);
        if (a == null) {
            return ip;
        }
        if (isV4Mapped(a)) {
            return (a[12] & 0xff) + "." + (a[13] & 0xff) + "." + (a[14] & 0xff) + "." + (a[15] & 0xff) + "/32";
        }
        return v6String(a) + "/128";
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
    }

    /** net.ParseIP: 16 bytes (IPv4 as IPv4-mapped), or null. */
    static byte @Nullable [] parseIp(String s) {
        if (s.indexOf(':') < 0) {
            byte[] v4 = parseV4(s);
            if (v4 == null) {
                return null;
            }
            byte[] out = new byte[16];
            out[10] = (byte) 0xff;
            out[11] = (byte) 0xff;
            System.arraycopy(v4, 0, out, 12, 4);
            return out;
        }
        return parseV6(s);
    }

    /** Go 1.17+: four decimal fields 0-255, no leading zeros. */
    private static byte @Nullable [] parseV4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            int v = 0;
            for (char c : p.toCharArray()) {
                if (c < '0' || c > '9') {
                    return null;
                }
                v = v * 10 + (c - '0');
            }
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte @Nullable [] parseV6(String s) {
        byte[] out = new byte[16];
        int ellipsis = -1;
        int n = 0;
        int i = 0;
        if (s.startsWith("::")) {
            ellipsis = 0;
            i = 2;
            if (i == s.length()) {
                return out;
            }
        }
        while (n < 16) {
            int j = i;
            int v = 0;
            while (j < s.length() && j - i < 4 && Character.digit(s.charAt(j), 16) >= 0) {
                v = v * 16 + Character.digit(s.charAt(j), 16);
                j++;
            }
            if (j == i) {
                return null;
            }
            if (j < s.length() && s.charAt(j) == '.') {
                if (ellipsis < 0 && n != 12) {
                    return null;
                }
                if (n + 4 > 16) {
                    return null;
                }
                byte[] v4 = parseV4(s.substring(i));
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, out, n, 4);
                n += 4;
                i = s.length();
                break;
            }
            if (j < s.length() && Character.digit(s.charAt(j), 16) >= 0) {
                return null;
            }
            out[n] = (byte) (v >> 8);
            out[n + 1] = (byte) v;
            n += 2;
            i = j;
            if (i == s.length()) {
                break;
            }
            if (s.charAt(i) != ':' || i + 1 == s.length()) {
                return null;
            }
            i++;
            if (s.charAt(i) == ':') {
                if (ellipsis >= 0) {
                    return null;
                }
                ellipsis = n;
                i++;
                if (i == s.length()) {
                    break;
                }
            }
        }
        if (i != s.length()) {
            return null;
        }
        if (n < 16) {
            if (ellipsis < 0) {
                return null;
            }
            int shift = 16 - n;
            for (int k = n - 1; k >= ellipsis; k--) {
                out[k + shift] = out[k];
            }
            for (int k = ellipsis + shift - 1; k >= ellipsis; k--) {
                out[k] = 0;
            }
        } else if (ellipsis >= 0) {
            return null;
        }
        return out;
    }

    /** net.IP.String for a 16-byte address that is not IPv4-mapped. */
    static String v6String(byte[] p) {
        int e0 = -1;
        int e1 = -1;
        for (int i = 0; i < 16; i += 2) {
            int j = i;
            while (j < 16 && p[j] == 0 && p[j + 1] == 0) {
                j += 2;
            }
            if (j > i && j - i > e1 - e0) {
                e0 = i;
                e1 = j;
                i = j;
            }
        }
        if (e1 - e0 <= 2) {
            e0 = -1;
            e1 = -1;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            if (i == e0) {
                sb.append("::");
                i = e1;
                if (i >= 16) {
                    break;
                }
            } else if (i > 0) {
                sb.append(':');
            }
            sb.append(Integer.toHexString(((p[i] & 0xff) << 8) | (p[i + 1] & 0xff)));
        }
        return sb.toString();
    }
}
