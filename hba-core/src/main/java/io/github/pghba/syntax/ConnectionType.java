package io.github.pghba.syntax;

import java.util.Optional;

/** The first field of a pg_hba.conf record. */
public enum ConnectionType {
    /** Unix-domain socket connections. */
    LOCAL("local"),
    /** Any TCP/IP connection. */
    HOST("host"),
    /** TCP/IP with TLS. */
    HOSTSSL("hostssl"),
    /** TCP/IP without TLS (GSS-encrypted connections included). */
    HOSTNOSSL("hostnossl"),
    /** TCP/IP with GSSAPI encryption. */
    HOSTGSSENC("hostgssenc"),
    /** TCP/IP without GSSAPI encryption (TLS connections included). */
    HOSTNOGSSENC("hostnogssenc");

    private final String keyword;

    ConnectionType(String keyword) {
        this.keyword = keyword;
    }

    /** The keyword as written in the file and shown in the view's {@code type} column. */
    public String keyword() {
        return keyword;
    }

    /** The type named exactly (case-sensitively) {@code text}. */
    public static Optional<ConnectionType> fromKeyword(String text) {
        for (ConnectionType t : values()) {
            if (t.keyword.equals(text)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
