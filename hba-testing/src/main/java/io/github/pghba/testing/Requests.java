package io.github.pghba.testing;

import io.github.pghba.eval.ConnectionRequest;

/**
 * Connection requests that read like a connection string:
 * {@code host("203.0.113.7").ssl().user("app").database("appdb")}, {@code local().user("postgres")},
 * {@code host("10.0.0.5").ssl().user("replicator").replication()}.
 */
public final class Requests {
    private Requests() {}

    /** A TCP connection from a numeric IPv4 or IPv6 address. */
    public static ConnectionRequest host(String address) {
        return ConnectionRequest.host(address);
    }

    /** A Unix-socket connection. */
    public static ConnectionRequest local() {
        return ConnectionRequest.local();
    }
}
