package io.github.pghba.syntax;

import java.util.Arrays;
import java.util.List;
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
        for (Optional<ConnectionType> o : BY_ORDINAL) {
            if (o.get().keyword.equals(text)) {
                return o;
            }
        }
        return Optional.empty();
    }

    /** Every constant, each in an Optional made once (lookups allocate nothing). */
    private static final List<Optional<ConnectionType>> BY_ORDINAL = Arrays.stream(values()).map(Optional::of).toList();
}
