package io.github.pghba.internal;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** PostgreSQL's list splitters ({@code SplitGUCList}, {@code SplitDirectoriesString}) with ',' separators. */
public final class GucLists {
    private GucLists() {}

    /** {@code scanner_isspace}: vertical tab counts only from 17 on. */
    private static boolean isSpace(char c, boolean vt) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || (vt && c == '\u000b');
    }

    /** {@code SplitGUCList(raw, ',')} of a major version: null on a syntax error. */
    public static @Nullable List<String> splitGucList(String raw, int major) {
        return split(raw, false, major >= 17);
    }

    /**
     * {@code SplitDirectoriesString(raw, ',')} of a major version: null on a syntax error. Each
     * name is cut to {@code MAXPGPATH - 1} bytes and made canonical ({@code canonicalize_path}:
     * {@code " ./lib/../v/"} is {@code v}).
     */
    public static @Nullable List<String> splitDirectories(String raw, int major) {
        return split(raw, true, major >= 17);
    }

    /** {@code MAXPGPATH}: a longer name keeps its first 1,023 bytes. */
    private static final int MAXPGPATH = 1024;

    private static String directory(String name) {
        return PgPaths.canonicalize(Utf8.cutBytes(name, MAXPGPATH - 1));
    }

    private static @Nullable List<String> split(String raw, boolean directories, boolean vt) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = raw.length();
        while (i < n && isSpace(raw.charAt(i), vt)) {
            i++;
        }
        if (i == n) {
            return out;
        }
        boolean done = false;
        do {
            String cur;
            if (i >= n) {
                return null; // a separator at the end: an empty name
            }
            if (raw.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                int j = i + 1;
                while (true) {
                    int q = raw.indexOf('"', j);
                    if (q < 0) {
                        return null;
                    }
                    sb.append(raw, j, q);
                    if (q + 1 < n && raw.charAt(q + 1) == '"') {
                        sb.append('"');
                        j = q + 2;
                        continue;
                    }
                    i = q + 1;
                    break;
                }
                cur = sb.toString();
            } else {
                int start = i;
                if (directories) {
                    while (i < n && raw.charAt(i) != ',') {
                        i++;
                    }
                    int end = i;
                    while (end > start && isSpace(raw.charAt(end - 1), vt)) {
                        end--;
                    }
                    cur = raw.substring(start, end);
                } else {
                    while (i < n && raw.charAt(i) != ',' && !isSpace(raw.charAt(i), vt)) {
                        i++;
                    }
                    cur = raw.substring(start, i);
                }
                if (cur.isEmpty()) {
                    return null;
                }
            }
            while (i < n && isSpace(raw.charAt(i), vt)) {
                i++;
            }
            if (i < n && raw.charAt(i) == ',') {
                i++;
                while (i < n && isSpace(raw.charAt(i), vt)) {
                    i++;
                }
            } else if (i == n) {
                done = true;
            } else {
                return null;
            }
            out.add(directories ? directory(cur) : cur);
        } while (!done);
        return out;
    }
}
