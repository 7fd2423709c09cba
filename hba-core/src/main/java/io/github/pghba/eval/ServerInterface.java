package io.github.pghba.eval;

import io.github.pghba.internal.InetText;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * One address of the server's network interfaces, with its prefix length, for {@code samehost}
 * (the exact address) and {@code samenet} (the subnet).
 */
public final class ServerInterface {
    private final byte[] address;
    private final int prefix;

    private ServerInterface(byte[] address, int prefix) {
        this.address = address;
        this.prefix = prefix;
    }

    /**
     * @param address a numeric IPv4 or IPv6 address
     * @param prefix the prefix length of its subnet
     * @throws IllegalArgumentException on a bad address or prefix
     */
    public static ServerInterface of(String address, int prefix) {
        Optional<byte[]> a = InetText.parseNumericHost(address, Set.of());
        if (a.isEmpty()) {
            throw new IllegalArgumentException("not a numeric IP address: \"" + address + "\"");
        }
        if (prefix < 0 || prefix > a.get().length * 8) {
            throw new IllegalArgumentException("bad prefix length " + prefix + " for " + address);
        }
        return new ServerInterface(a.get(), prefix);
    }

    /** The usual loopback interface: 127.0.0.1/8 and ::1/128. */
    public static java.util.List<ServerInterface> loopback() {
        return java.util.List.of(of("127.0.0.1", 8), of("::1", 128));
    }

    /** The address bytes (a copy). */
    public byte[] address() {
        return address.clone();
    }

    /** The prefix length. */
    public int prefix() {
        return prefix;
    }

    /** Whether {@code client} is this exact address (samehost). */
    public boolean sameHost(byte[] client) {
        return Arrays.equals(address, client);
    }

    /** Whether {@code client} is on this interface's subnet (samenet). */
    public boolean sameNet(byte[] client) {
        if (client.length != address.length) {
            return false;
        }
        for (int i = 0; i < client.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - 8 * i));
            int mask = bits == 0 ? 0 : (0xff << (8 - bits)) & 0xff;
            if (((client[i] ^ address[i]) & mask) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return InetText.format(address) + "/" + prefix;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerInterface s && Arrays.equals(address, s.address) && prefix == s.prefix;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(address) * 31 + prefix;
    }
}
