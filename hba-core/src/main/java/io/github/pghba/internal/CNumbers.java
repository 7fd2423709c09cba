package io.github.pghba.internal;

/** C library number parsing as PostgreSQL uses it. */
public final class CNumbers {
    private CNumbers() {}

    /** C {@code atoi}: leading white space, an optional sign, decimal digits; 0 when none. */
    public static int atoi(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && InetText.isCSpace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            v = v * 10 + (s.charAt(i) - '0');
            if (v > Integer.MAX_VALUE + 1L) {
                v = Integer.MAX_VALUE + 1L;
            }
            i++;
        }
        long r = neg ? -v : v;
        return (int) r;
    }
}
