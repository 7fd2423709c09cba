package io.github.pghba.eval;

/**
 * The transport encryption of a TCP connection. Three states, because {@code hostnossl} also matches
 * GSS-encrypted connections and {@code hostnogssenc} also matches TLS ones.
 */
public enum Encryption {
    /** Plain TCP. */
    NONE,
    /** TLS (the client sent an SSLRequest, or direct TLS in 17+). */
    SSL,
    /** GSSAPI encryption (the client sent a GSSENCRequest the server accepted). */
    GSS
}
