package io.github.pghba.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/** PostgreSQL's path helpers ({@code AbsoluteConfigLocation}, {@code canonicalize_path}) on '/' paths. */
public final class PgPaths {
    private PgPaths() {}

    /**
     * {@code AbsoluteConfigLocation} / the relative-path join of 13–15's {@code @file} code: an
     * absolute location as is, else joined to the caller's directory ({@code join_path_components}
     * drops leading {@code ./} of the location) and canonicalised.
     *
     * @param legacy canonicalise like 13 and 14, which only fold trailing {@code .} and {@code ..}
     */
    public static String resolve(String location, String callingFile, boolean legacy) {
        if (location.startsWith("/")) {
            return location;
        }
        String tail = location;
        while (tail.length() >= 2 && tail.charAt(0) == '.' && tail.charAt(1) == '/') {
            tail = tail.substring(2);
        }
        String dir = parentDirectory(callingFile);
        String joined = tail.isEmpty() ? (dir.isEmpty() ? "." : dir) : (dir.isEmpty() ? tail : dir + "/" + tail);
        return legacy ? canonicalizeLegacy(joined) : canonicalize(joined);
    }

    /** {@link #resolve(String, String, boolean)} with the current rules. */
    public static String resolve(String location, String callingFile) {
        return resolve(location, callingFile, false);
    }

    /** 13/14's {@code canonicalize_path}: trailing separators, repeated slashes, trailing . and .. only. */
    static String canonicalizeLegacy(String path) {
        StringBuilder sb = new StringBuilder(path.replaceAll("/{2,}", "/"));
        while (sb.length() > 1 && sb.charAt(sb.length() - 1) == '/') {
            sb.setLength(sb.length() - 1);
        }
        int pending = 0;
        while (true) {
            String s = sb.toString();
            int len = s.length();
            if (len >= 2 && s.endsWith("/.")) {
                trimDirectory(sb);
            } else if (s.equals(".")) {
                if (pending > 0) {
                    sb.setLength(0);
                }
                break;
            } else if ((len >= 3 && s.endsWith("/..")) || s.equals("..")) {
                trimDirectory(sb);
                pending++;
            } else if (pending > 0 && len > 0) {
                trimDirectory(sb);
                pending--;
                if (sb.length() == 0) {
                    sb.append('.');
                }
            } else {
                break;
            }
        }
        if (pending > 0) {
            while (--pending > 0) {
                sb.append("../");
            }
            sb.append("..");
        }
        return sb.toString();
    }

    private static void trimDirectory(StringBuilder path) {
        if (path.length() == 0) {
            return;
        }
        int p = path.length() - 1;
        while (p > 0 && path.charAt(p) == '/') {
            p--;
        }
        while (p > 0 && path.charAt(p) != '/') {
            p--;
        }
        while (p > 0 && path.charAt(p - 1) == '/') {
            p--;
        }
        if (p == 0 && path.charAt(0) == '/') {
            p++;
        }
        path.setLength(p);
    }

    /** {@code get_parent_directory}: the path without its last component ("" for a bare name). */
    public static String parentDirectory(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        int slash = p.lastIndexOf('/');
        if (slash < 0) {
            return "";
        }
        return slash == 0 ? "/" : p.substring(0, slash);
    }

    /**
     * {@code canonicalize_path}: collapses repeated slashes, drops {@code .} components and trailing
     * slashes, and resolves {@code ..} against a preceding real component.
     */
    public static String canonicalize(String path) {
        if (path.isEmpty()) {
            return path;
        }
        boolean absolute = path.startsWith("/");
        Deque<String> parts = new ArrayDeque<>();
        int leadingUp = 0;
        for (String part : path.split("/+")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.removeLast();
                } else if (!absolute) {
                    leadingUp++;
                }
                continue;
            }
            parts.addLast(part);
        }
        StringBuilder sb = new StringBuilder();
        if (absolute) {
            sb.append('/');
        }
        for (int i = 0; i < leadingUp; i++) {
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '/') {
                sb.append('/');
            }
            sb.append("..");
        }
        for (String p : parts) {
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '/') {
                sb.append('/');
            }
            sb.append(p);
        }
        if (sb.length() == 0) {
            return ".";
        }
        return sb.toString();
    }
}
