package io.github.pghba.eval;

import io.github.pghba.internal.InetText;
import io.github.pghba.internal.Utf8;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One connection attempt, as the server sees it before it consults pg_hba.conf. Build one with
 * {@link #local()} or {@link #host(String)}:
 *
 * <pre>{@code
 * ConnectionRequest.host("203.0.113.7").ssl().user("app").database("appdb")
 * ConnectionRequest.local().user("postgres").systemUser("postgres")
 * }</pre>
 *
 * <p>Names longer than 63 bytes are cut to 63 bytes, as the server does. A missing or empty
 * database name defaults to the user name. A request needs a user name: the server refuses one
 * without it before it reads pg_hba.conf, so evaluating one throws.
 */
public final class ConnectionRequest {
    /** PostgreSQL's NAMEDATALEN - 1. */
    public static final int MAX_NAME_BYTES = 63;

    private final byte @Nullable [] address;
    private final Encryption encryption;
    private final String user;
    private final @Nullable String database;
    private final Replication replication;
    private final @Nullable String systemUser;
    private final @Nullable String certificate;
    // derived once, so matching allocates nothing
    private final String effectiveUser;
    private final String effectiveDatabase;
    final int family; // 0 local, 4, 6
    final int v4;
    final long v6hi;
    final long v6lo;

    private ConnectionRequest(byte @Nullable [] address, Encryption encryption, String user, @Nullable String database,
            Replication replication, @Nullable String systemUser, @Nullable String certificate) {
        this.address = address;
        this.encryption = encryption;
        this.user = user;
        this.database = database;
        this.replication = replication;
        this.systemUser = systemUser;
        this.certificate = certificate;
        this.effectiveUser = clip(user);
        this.effectiveDatabase = clip(database == null || database.isEmpty() ? user : database);
        if (address == null) {
            family = 0;
            v4 = 0;
            v6hi = 0;
            v6lo = 0;
        } else if (address.length == 4) {
            family = 4;
            v4 = ((address[0] & 0xff) << 24) | ((address[1] & 0xff) << 16) | ((address[2] & 0xff) << 8)
                    | (address[3] & 0xff);
            v6hi = 0;
            v6lo = 0;
        } else {
            family = 6;
            v4 = 0;
            v6hi = toLong(address, 0);
            v6lo = toLong(address, 8);
        }
    }

    static long toLong(byte[] b, int from) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[from + i] & 0xff);
        }
        return v;
    }

    /** A connection over the Unix-domain socket. */
    public static ConnectionRequest local() {
        return new ConnectionRequest(null, Encryption.NONE, "", null, Replication.NONE, null, null);
    }

    /**
     * A TCP connection from a numeric IPv4 or IPv6 address.
     *
     * @throws IllegalArgumentException if the text is not a numeric address
     */
    public static ConnectionRequest host(String address) {
        Optional<byte[]> a = InetText.parseNumericHost(address, Set.of());
        if (a.isEmpty() && address.startsWith("[") && address.endsWith("]")) {
            a = InetText.parseNumericHost(address.substring(1, address.length() - 1), Set.of());
        }
        if (a.isEmpty()) {
            throw new IllegalArgumentException("not a numeric IP address: \"" + address + "\"");
        }
        return new ConnectionRequest(a.get(), Encryption.NONE, "", null, Replication.NONE, null, null);
    }

    /**
     * A TCP connection from the address given as 4 (IPv4) or 16 (IPv6) bytes. Unlike
     * {@link InetAddress}, an IPv4-mapped IPv6 address stays IPv6 (the server listens with
     * IPV6_V6ONLY, so such a client is an IPv6 client).
     */
    public static ConnectionRequest host(byte[] address) {
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + address.length);
        }
        return new ConnectionRequest(address.clone(), Encryption.NONE, "", null, Replication.NONE, null, null);
    }

    /** A TCP connection from {@code address}. */
    public static ConnectionRequest host(InetAddress address) {
        return new ConnectionRequest(address.getAddress(), Encryption.NONE, "", null, Replication.NONE, null, null);
    }

    /** A copy with this user name. */
    public ConnectionRequest user(String name) {
        return new ConnectionRequest(address, encryption, Objects.requireNonNull(name, "name"), database, replication,
                systemUser, certificate);
    }

    /** A copy with this database name. */
    public ConnectionRequest database(String name) {
        return new ConnectionRequest(address, encryption, user, Objects.requireNonNull(name, "name"), replication,
                systemUser, certificate);
    }

    /** A copy using TLS. */
    public ConnectionRequest ssl() {
        return encryption(Encryption.SSL);
    }

    /** A copy using GSSAPI encryption. */
    public ConnectionRequest gss() {
        return encryption(Encryption.GSS);
    }

    /** A copy with this transport encryption (ignored for local connections). */
    public ConnectionRequest encryption(Encryption e) {
        return new ConnectionRequest(address, address == null ? Encryption.NONE : Objects.requireNonNull(e), user,
                database, replication, systemUser, certificate);
    }

    /** A copy that is a physical replication connection. */
    public ConnectionRequest replication() {
        return replication(Replication.PHYSICAL);
    }

    /** A copy with this replication mode. */
    public ConnectionRequest replication(Replication r) {
        return new ConnectionRequest(address, encryption, user, database, Objects.requireNonNull(r), systemUser, certificate);
    }

    /**
     * A copy carrying the identity the authentication method establishes: the OS user (peer, ident),
     * the certificate's CN or DN (cert, clientcert=verify-full) or the Kerberos principal (gss). When
     * present, decisions check it against the rule's user name map.
     */
    public ConnectionRequest systemUser(String identity) {
        return new ConnectionRequest(address, encryption, user, database, replication,
                Objects.requireNonNull(identity), certificate);
    }

    /**
     * A copy carrying the name the server reads from the client's certificate: its CN, or with
     * {@code clientname=DN} its subject as OpenSSL prints it in RFC 2253 form (last RDN first,
     * commas without blanks, non-ASCII bytes escaped: {@code CN=alice,OU=Dev,O=Acme,C=DE}). The
     * {@code cert} method maps it; with {@code clientcert=verify-full} any method maps it too, after
     * its own identity ({@link #systemUser(String)}) for peer, ident and gss, so both must pass.
     */
    public ConnectionRequest clientCertificate(String name) {
        return new ConnectionRequest(address, encryption, user, database, replication, systemUser,
                Objects.requireNonNull(name));
    }

    /** The client certificate's name (CN or DN), if given. */
    public Optional<String> clientCertificate() {
        return Optional.ofNullable(certificate);
    }

    /** Whether this is a Unix-socket connection. */
    public boolean isLocal() {
        return address == null;
    }

    /** The client address bytes (4 or 16), empty for local connections. */
    public Optional<byte[]> address() {
        return address == null ? Optional.empty() : Optional.of(address.clone());
    }

    /** The client address as text, {@code [local]} for local connections (as in server messages). */
    public String hostText() {
        return address == null ? "[local]" : InetText.format(address);
    }

    /** The transport encryption. */
    public Encryption encryption() {
        return encryption;
    }

    /** The user name as sent. */
    public String user() {
        return user;
    }

    /** The database name as sent, or the user name when none (or an empty one) was sent. */
    public String database() {
        return database == null || database.isEmpty() ? user : database;
    }

    /**
     * The request as a server with {@code db_user_namespace} on (13-16) sees it: a user name whose
     * only {@code @} is its last character loses it, any other becomes {@code user@database} (the
     * database defaulted first, both cut to 63 bytes after).
     */
    ConnectionRequest underDbUserNamespace() {
        String db = database();
        int at = user.indexOf('@');
        String u = at >= 0 && at == user.length() - 1 ? user.substring(0, at) : user + "@" + db;
        return new ConnectionRequest(address, encryption, u, db, replication, systemUser, certificate);
    }

    /** The user name the server matches: cut to 63 bytes. */
    public String effectiveUser() {
        return effectiveUser;
    }

    /** The database name the server matches: cut to 63 bytes. */
    public String effectiveDatabase() {
        return effectiveDatabase;
    }

    /** The replication mode. */
    public Replication replicationMode() {
        return replication;
    }

    /** The established system identity, if given. */
    public Optional<String> systemUser() {
        return Optional.ofNullable(systemUser);
    }

    byte @Nullable [] rawAddress() {
        return address;
    }

    private static String clip(String name) {
        return Utf8.cutBytes(name, MAX_NAME_BYTES);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionRequest r && Arrays.equals(address, r.address) && encryption == r.encryption
                && user.equals(r.user) && Objects.equals(database, r.database) && replication == r.replication
                && Objects.equals(systemUser, r.systemUser) && Objects.equals(certificate, r.certificate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(address), encryption, user, database, replication, systemUser, certificate);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(address == null ? "local" : "host " + hostText());
        if (encryption != Encryption.NONE) {
            sb.append(' ').append(encryption.name().toLowerCase(java.util.Locale.ROOT));
        }
        sb.append(" user=").append(user).append(" database=").append(database());
        if (replication != Replication.NONE) {
            sb.append(" replication=").append(replication.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (systemUser != null) {
            sb.append(" system_user=").append(systemUser);
        }
        if (certificate != null) {
            sb.append(" certificate=").append(certificate);
        }
        return sb.toString();
    }
}
