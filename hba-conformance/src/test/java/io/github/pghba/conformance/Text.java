package io.github.pghba.conformance;

import java.nio.charset.StandardCharsets;

/** Byte/text helpers: the surrogate-escape decoding of the golden corpus and escaped printing. */
final class Text {
    private Text() {}

    /**
     * Decodes bytes as UTF-8; every byte that is not part of a valid sequence becomes the lone
     * surrogate U+DC00+byte (Python's {@code surrogateescape}), as the golden corpus does.
     */
    static String decode(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length);
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xff;
            int need;
            int cp;
            int min;
            if (c < 0x80) {
                sb.append((char) c);
                i++;
                continue;
            } else if (c >= 0xc2 && c <= 0xdf) {
                need = 1;
                cp = c & 0x1f;
                min = 0x80;
            } else if (c >= 0xe0 && c <= 0xef) {
                need = 2;
                cp = c & 0x0f;
                min = 0x800;
            } else if (c >= 0xf0 && c <= 0xf4) {
                need = 3;
                cp = c & 0x07;
                min = 0x10000;
            } else {
                sb.append((char) (0xdc00 + c));
                i++;
                continue;
            }
            boolean ok = i + need < b.length;
            for (int j = 1; ok && j <= need; j++) {
                int d = b[i + j] & 0xff;
                if ((d & 0xc0) != 0x80) {
                    ok = false;
                } else {
                    cp = (cp << 6) | (d & 0x3f);
                }
            }
            if (ok && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) {
                ok = false;
            }
            if (ok) {
                sb.appendCodePoint(cp);
                i += need + 1;
            } else {
                sb.append((char) (0xdc00 + c));
                i++;
            }
        }
        return sb.toString();
    }

    /** The file's bytes as C-style string literals, one per physical line. */
    static String escapeFile(byte[] b) {
        StringBuilder sb = new StringBuilder();
        StringBuilder line = new StringBuilder("    \"");
        for (int i = 0; i < b.length; i++) {
            int c = b[i] & 0xff;
            switch (c) {
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                case '\\' -> line.append("\\\\");
                case '"' -> line.append("\\\"");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        line.append(String.format("\\x%02x", c));
                        // keep the next character from being read as a hex digit
                        if (i + 1 < b.length && isHex(b[i + 1])) {
                            line.append("\"\"");
                        }
                    } else {
                        line.append((char) c);
                    }
                }
            }
            if (c == '\n' || line.length() > 200) {
                sb.append(line).append("\"\n");
                line.setLength(0);
                line.append("    \"");
            }
        }
        if (line.length() > 5 || b.length == 0) {
            sb.append(line).append("\"\n");
        }
        return sb.toString();
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    /** Escapes a Java string (which may hold U+DCxx escapes of raw bytes) for a one-line display. */
    static String escapeString(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0xdc80 && c <= 0xdcff) {
                sb.append(String.format("\\x%02x", c - 0xdc00));
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
