package io.github.pghba.internal;

import org.jspecify.annotations.Nullable;

/**
 * One {@code String} per distinct text for the duration of one load: words repeat (a tenant's
 * database and role names, methods, options; about three quarters of the words of a generated
 * file), so looking a word up by its characters before making a string saves most of the word
 * strings of a load and of the tree it returns. Open addressing over a power-of-two table; not
 * thread-safe (one per load).
 */
public final class Interner {
    /** Words longer than this are not worth hashing (addresses, regexes and names are shorter). */
    private static final int MAX_LENGTH = 64;

    private @Nullable String[] table;
    private int size;

    /** For about {@code expected} distinct strings (the table grows as needed). */
    public Interner(int expected) {
        int n = 64;
        while (n < expected * 2 && n < (1 << 20)) {
            n <<= 1;
        }
        table = new String[n];
    }

    /** For a few distinct strings. */
    public Interner() {
        this(32);
    }

    /** {@code text[start, end)} as a string, the same instance for the same characters. */
    public String intern(String text, int start, int end) {
        int len = end - start;
        if (len > MAX_LENGTH) {
            return text.substring(start, end);
        }
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + text.charAt(i);
        }
        return intern(text, start, end, h);
    }

    /**
     * {@code text[start, end)} as a string, the same instance for the same characters, given the
     * characters' {@link String#hashCode()} (the scanner computes it while it reads the word).
     */
    public String intern(String text, int start, int end, int hash) {
        int len = end - start;
        if (len > MAX_LENGTH) {
            return text.substring(start, end);
        }
        int h = hash;
        @Nullable String[] t = table;
        int mask = t.length - 1;
        int slot = mix(h) & mask;
        while (true) {
            String s = t[slot];
            if (s == null) {
                String made = text.substring(start, end);
                t[slot] = made;
                if (++size * 2 > t.length) {
                    grow();
                }
                return made;
            }
            if (s.length() == len && s.regionMatches(0, text, start, len)) {
                return s;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** {@code text} itself, or the instance already held for its characters. */
    public String intern(String text) {
        return intern(text, 0, text.length());
    }

    /** Fibonacci hashing: the high bits of the product, so that similar names spread over the table. */
    private static int mix(int h) {
        int x = h * 0x9E3779B9;
        return x ^ (x >>> 15);
    }

    private void grow() {
        @Nullable String[] old = table;
        @Nullable String[] t = new String[old.length * 2];
        int mask = t.length - 1;
        for (String s : old) {
            if (s != null) {
                int slot = mix(s.hashCode()) & mask;
                while (t[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                t[slot] = s;
            }
        }
        table = t;
    }
}
