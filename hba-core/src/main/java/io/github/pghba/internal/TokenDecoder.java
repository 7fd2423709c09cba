package io.github.pghba.internal;

/**
 * Decodes one word the lexer found, exactly as hba.c's {@code next_token} builds its buffer:
 * double quotes are dropped except that {@code ""} inside quotes is a literal quote, and
 * {@code initial_quote} is set when a quote is seen while nothing has been appended yet.
 */
public final class TokenDecoder {
    private TokenDecoder() {}

    /**
     * The decoded token.
     *
     * @param text the token text
     * @param initialQuote PostgreSQL's {@code initial_quote} ("quoted")
     * @param tooLong whether the 13–15 token buffer overflowed
     */
    public record Decoded(String text, boolean initialQuote, boolean tooLong) {}

    /**
     * @param raw the word as written, without a terminating comma
     * @param commaTerminated whether an unquoted comma follows immediately (it passes the length
     *     check once more in 13–15)
     * @param bufferBytes {@link io.github.pghba.check.PgVersion#tokenBufferBytes()}
     */
    public static Decoded decode(String raw, boolean commaTerminated, int bufferBytes) {
        StringBuilder buf = new StringBuilder(raw.length());
        int bytes = 0;
        int usable = bufferBytes == Integer.MAX_VALUE ? Integer.MAX_VALUE : bufferBytes - 1;
        boolean inQuote = false;
        boolean wasQuote = false;
        boolean initialQuote = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            char next = i + 1 < raw.length() ? raw.charAt(i + 1) : 0;
            int len = Utf8.byteLength(c, next);
            boolean append = c != '"' || wasQuote;
            // hba.c checks "buf >= end_buf" before every byte it looks at
            if (usable != Integer.MAX_VALUE && bytes + (append ? len : 1) - 1 >= usable) {
                return new Decoded(buf.toString(), initialQuote, true);
            }
            if (append) {
                buf.append(c);
                bytes += len;
                if (len == 4) {
                    buf.append(next);
                    i++;
                }
            }
            if (inQuote && c == '"') {
                wasQuote = !wasQuote;
            } else {
                wasQuote = false;
            }
            if (c == '"') {
                inQuote = !inQuote;
                if (buf.length() == 0) {
                    initialQuote = true;
                }
            }
        }
        if (commaTerminated && usable != Integer.MAX_VALUE && bytes >= usable) {
            return new Decoded(buf.toString(), initialQuote, true);
        }
        return new Decoded(buf.toString(), initialQuote, false);
    }
}
