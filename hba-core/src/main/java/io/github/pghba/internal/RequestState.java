package io.github.pghba.internal;

import io.github.pghba.eval.ConnectionRequest;
import io.github.pghba.eval.HostResolver;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Per-connection host name state, as PostgreSQL keeps it in the Port: the reverse lookup is done once,
 * the forward check once, and a failed verification makes every later host-name rule fail.
 */
public final class RequestState {
    private final byte[] client;
    private final HostResolver resolver;
    private boolean reverseDone;
    private @Nullable String remoteHostname;
    /** PostgreSQL's remote_hostname_resolv: 0 unknown, +1 verified, -1 forward mismatch, -2 lookup failed. */
    private int resolv;

    public RequestState(byte[] client, HostResolver resolver) {
        this.client = client;
        this.resolver = resolver;
    }

    /** {@code check_hostname(port, pattern)}. */
    public boolean checkHostname(String pattern) {
        if (resolv < 0) {
            return false;
        }
        if (!reverseDone) {
            reverseDone = true;
            Optional<String> name = resolver.reverse(client);
            if (name.isEmpty()) {
                resolv = -2;
                return false;
            }
            remoteHostname = name.get();
        }
        String host = remoteHostname;
        if (host == null || !hostnameMatch(pattern, host)) {
            return false;
        }
        if (resolv == 1) {
            return true;
        }
        List<byte[]> addrs = resolver.forward(host);
        if (addrs.isEmpty()) {
            resolv = -2;
            return false;
        }
        boolean found = false;
        for (byte[] a : addrs) {
            if (Arrays.equals(a, client)) {
                found = true;
                break;
            }
        }
        resolv = found ? 1 : -1;
        return found;
    }

    /** The name the reverse lookup gave, if it ran and succeeded. */
    public Optional<String> remoteHostname() {
        return Optional.ofNullable(remoteHostname);
    }

    /** Whether the reverse lookup ran. */
    public boolean reverseDone() {
        return reverseDone;
    }

    /** The verification state (see {@link #resolv}). */
    public int resolv() {
        return resolv;
    }

    /** {@code hostname_match}: case-insensitive (ASCII) exact name, or suffix for a leading dot. */
    public static boolean hostnameMatch(String pattern, String actual) {
        if (pattern.startsWith(".")) {
            int plen = pattern.length();
            int hlen = actual.length();
            if (plen > hlen) {
                return false;
            }
            return asciiEqualsIgnoreCase(pattern, actual.substring(hlen - plen));
        }
        return asciiEqualsIgnoreCase(pattern, actual);
    }

    static boolean asciiEqualsIgnoreCase(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x >= 'A' && x <= 'Z') {
                x = (char) (x + 32);
            }
            if (y >= 'A' && y <= 'Z') {
                y = (char) (y + 32);
            }
            if (x != y) {
                return false;
            }
        }
        return true;
    }

    /** Builds state for a request, or null for local connections. */
    public static @Nullable RequestState of(ConnectionRequest r, HostResolver resolver) {
        return r.address().map(a -> new RequestState(a, resolver)).orElse(null);
    }
}
