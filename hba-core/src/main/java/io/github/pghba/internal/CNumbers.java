package io.github.pghba.internal;

/** C library number parsing as PostgreSQL uses it. */
public final class CNumbers {
    private CNumbers() {}

    /**
     * glibc's {@code atoi}, which is {@code (int) strtol(s, NULL, 10)}: leading white space, an
     * optional sign, decimal digits (0 when none); a value beyond a 64-bit {@code long} saturates at
     * {@code LONG_MAX} or {@code LONG_MIN}, and the {@code int} keeps its low 32 bits
     * ({@code "4294967297"} is 1, {@code "9223372036854775808"} is -1).
     */
    public static int atoi(String s) {
        return (int) strtol(s);
    }

    /** glibc's {@code strtol(s, NULL, 10)} on a 64-bit {@code long}. */
    static long strtol(String s) {
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
        // the magnitude, negated as it grows so that LONG_MIN fits
        long v = 0;
        boolean overflow = false;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            int d = s.charAt(i) - '0';
            if (!overflow) {
                if (v < (Long.MIN_VALUE + d) / 10) {
                    overflow = true;
                } else {
                    v = v * 10 - d;
                }
            }
            i++;
        }
        if (overflow) {
            return neg ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        if (neg) {
            return v;
        }
        return v == Long.MIN_VALUE ? Long.MAX_VALUE : -v;
    }
}
