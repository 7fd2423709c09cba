package io.github.pghba.syntax;

import io.github.pghba.internal.InetText;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The address field of a {@code host*} record, as PostgreSQL interprets it.
 */
public sealed interface Address permits Address.All, Address.SameHost, Address.SameNet,
        Address.HostName, Address.IpMask {

    /** The text the view's {@code address} column shows. */
    String viewText();

    /** The unquoted keyword {@code all}: any client address. */
    record All() implements Address {
        @Override
        public String viewText() {
            return "all";
        }

        @Override
        public String toString() {
            return viewText();
        }
    }

    /** The unquoted keyword {@code samehost}: any of the server's own addresses. */
    record SameHost() implements Address {
        @Override
        public String viewText() {
            return "samehost";
        }

        @Override
        public String toString() {
            return viewText();
        }
    }

    /** The unquoted keyword {@code samenet}: any address on a subnet the server is directly on. */
    record SameNet() implements Address {
        @Override
        public String viewText() {
            return "samenet";
        }

        @Override
        public String toString() {
            return viewText();
        }
    }

    /**
     * A host name (anything that is not a numeric address), matched through reverse and forward DNS.
     * A name starting with a dot matches as a suffix.
     *
     * @param name the name as written (quoted keywords such as {@code "samehost"} land here)
     */
    record HostName(String name) implements Address {
        /** Checks for null. */
        public HostName {
            Objects.requireNonNull(name, "name");
        }

        /** Whether the name starts with a dot and so matches every name ending in it. */
        public boolean isSuffix() {
            return name.startsWith(".");
        }

        @Override
        public String viewText() {
            return name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * A numeric address with a mask: from CIDR notation ({@code 10.0.0.0/8}) or a separate netmask
     * field. PostgreSQL matches {@code (client XOR address) AND mask == 0} within one address family;
     * the mask need not be contiguous and the address may have host bits set.
     */
    final class IpMask implements Address {
        private final byte[] address;
        private final byte[] mask;
        private final String written;

        /**
         * @param address 4 or 16 bytes
         * @param mask as many bytes as {@code address}
         * @param written the address token as written in the file (zone included)
         */
        public IpMask(byte[] address, byte[] mask, String written) {
            if ((address.length != 4 && address.length != 16) || mask.length != address.length) {
                throw new IllegalArgumentException("address and mask must both be 4 or 16 bytes");
            }
            this.address = address.clone();
            this.mask = mask.clone();
            this.written = Objects.requireNonNull(written, "written");
        }

        /** Whether this is an IPv6 range. */
        public boolean isIpv6() {
            return address.length == 16;
        }

        /** The address bytes (a copy). */
        public byte[] addressBytes() {
            return address.clone();
        }

        /** The mask bytes (a copy). */
        public byte[] maskBytes() {
            return mask.clone();
        }

        /** The address as an {@link InetAddress} (no name lookup happens). */
        public InetAddress address() {
            return toInet(address);
        }

        /** The mask as an {@link InetAddress}. */
        public InetAddress mask() {
            return toInet(mask);
        }

        /** The prefix length if the mask is contiguous, else -1. */
        public int prefixLength() {
            int bits = 0;
            boolean zeroSeen = false;
            for (byte b : mask) {
                for (int i = 7; i >= 0; i--) {
                    boolean one = ((b >> i) & 1) != 0;
                    if (one) {
                        if (zeroSeen) {
                            return -1;
                        }
                        bits++;
                    } else {
                        zeroSeen = true;
                    }
                }
            }
            return bits;
        }

        /** The address token as written in the file. */
        public String written() {
            return written;
        }

        /** Whether {@code client} (4 or 16 bytes) is in this range; families never mix. */
        public boolean contains(byte[] client) {
            if (client.length != address.length) {
                return false;
            }
            for (int i = 0; i < client.length; i++) {
                if (((client[i] ^ address[i]) & mask[i]) != 0) {
                    return false;
                }
            }
            return true;
        }

        /** The normalised address the view shows ({@code getnameinfo(NI_NUMERICHOST)}, zone dropped). */
        @Override
        public String viewText() {
            return InetText.format(address);
        }

        /** The normalised netmask the view shows. */
        public String maskViewText() {
            return InetText.format(mask);
        }

        private static InetAddress toInet(byte[] bytes) {
            try {
                return InetAddress.getByAddress(bytes);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IpMask m && Arrays.equals(address, m.address) && Arrays.equals(mask, m.mask)
                    && written.equals(m.written);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(address) * 31 + Arrays.hashCode(mask);
        }

        @Override
        public String toString() {
            int p = prefixLength();
            return viewText() + (p >= 0 ? "/" + p : " " + maskViewText());
        }
    }
}
