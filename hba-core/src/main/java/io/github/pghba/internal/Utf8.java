package io.github.pghba.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lossless conversion between the bytes of a configuration file and Java strings.
 *
 * <p>PostgreSQL treats the files as bytes. Valid UTF-8 decodes to the characters it encodes; every
 * byte that is not part of a valid UTF-8 sequence decodes to the lone low surrogate
 * {@code U+DC00 + byte} (the "surrogate escape" scheme), so {@link #encode} gives back exactly the
 * original bytes and byte lengths (PostgreSQL's token and name limits) can be computed from text.
 */
public final class Utf8 {
    private Utf8() {}

    /** Decodes {@code bytes[from, to)}. */
    public static String decode(byte[] bytes, int from, int to) {
        int ascii = asciiPrefix(bytes, from, to);
        if (ascii == to) {
            // one copy into a compact (Latin-1) string; the JDK's intrinsic
            return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        }
        StringBuilder sb = new StringBuilder(to - from);
        sb.append(new String(bytes, from, ascii - from, StandardCharsets.ISO_8859_1));
        int i = ascii;
        while (i < to) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                sb.append((char) b);
                i++;
                continue;
            }
            int need;
            int cp;
            int min;
            if (b >= 0xc2 && b <= 0xdf) {
                need = 1;
                cp = b & 0x1f;
                min = 0x80;
            } else if (b >= 0xe0 && b <= 0xef) {
                need = 2;
                cp = b & 0x0f;
                min = 0x800;
            } else if (b >= 0xf0 && b <= 0xf4) {
                need = 3;
                cp = b & 0x07;
                min = 0x10000;
            } else {
                sb.append((char) (0xdc00 + b));
                i++;
                continue;
            }
            boolean ok = true;
            int j = 1;
            while (ok && j <= need) {
                if (i + j >= to) {
                    ok = false;
                    break;
                }
                int c = bytes[i + j] & 0xff;
                if ((c & 0xc0) != 0x80) {
                    ok = false;
                    break;
                }
                cp = (cp << 6) | (c & 0x3f);
                j++;
            }
            if (ok && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) {
                ok = false;
            }
            if (!ok) {
                sb.append((char) (0xdc00 + b));
                i++;
                continue;
            }
            sb.appendCodePoint(cp);
            i += need + 1;
        }
        return sb.toString();
    }

    /** The end of the run of ASCII bytes (below 0x80) that starts at {@code from}. */
    public static int asciiPrefix(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to && bytes[i] >= 0) {
            i++;
        }
        return i;
    }

    /** Decodes all of {@code bytes}. */
    public static String decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Encodes text produced by {@link #decode} (or any Java string) back to bytes. */
    public static byte[] encode(CharSequence text) {
        if (text instanceof String s && isAscii(s)) {
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                out.write(c);
            } else if (c < 0x800) {
                out.write(0xc0 | (c >> 6));
                out.write(0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                out.write(0xf0 | (cp >> 18));
                out.write(0x80 | ((cp >> 12) & 0x3f));
                out.write(0x80 | ((cp >> 6) & 0x3f));
                out.write(0x80 | (cp & 0x3f));
            } else if (c >= 0xdc80 && c <= 0xdcff) {
                out.write(c - 0xdc00);
            } else {
                out.write(0xe0 | (c >> 12));
                out.write(0x80 | ((c >> 6) & 0x3f));
                out.write(0x80 | (c & 0x3f));
            }
        }
        return out.toByteArray();
    }

    /** Number of bytes {@code text} has in the file (the unit of PostgreSQL's limits). */
    public static int byteLength(CharSequence text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            n += byteLength(text.charAt(i), i + 1 < text.length() ? text.charAt(i + 1) : 0);
            if (Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            }
        }
        return n;
    }

    /** Bytes taken by the character at a position (4 for a surrogate pair, counted on its high half). */
    public static int byteLength(char c, char next) {
        if (c < 0x80) {
            return 1;
        }
        if (c < 0x800) {
            return 2;
        }
        if (Character.isHighSurrogate(c) && Character.isLowSurrogate(next)) {
            return 4;
        }
        if (c >= 0xdc80 && c <= 0xdcff) {
            return 1;
        }
        return 3;
    }

    /**
     * The first {@code maxBytes} bytes of {@code text}, as C code cutting a buffer takes them: a
     * character may be split, and its leading bytes stay as raw bytes ({@link #decode} keeps them).
     */
    public static String cutBytes(String text, int maxBytes) {
        if (text.length() <= maxBytes / 4) {
            return text;
        }
        byte[] b = encode(text);
        return b.length <= maxBytes ? text : decode(b, 0, maxBytes);
    }

    /** Cuts {@code text} to at most {@code maxBytes} bytes without splitting a character. */
    public static String truncateBytes(String text, int maxBytes) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            int len = byteLength(c, next);
            if (n + len > maxBytes) {
                return text.substring(0, i);
            }
            n += len;
            if (len == 4) {
                i++;
            }
        }
        return text;
    }
}
