package io.github.pghba.analysis;

import io.github.pghba.internal.InetText;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * An inclusive range of client addresses of one family.
 *
 * @param ipv6 the family
 * @param first the first address, as an unsigned number
 * @param last the last address
 */
public record AddressRange(boolean ipv6, BigInteger first, BigInteger last) implements Comparable<AddressRange> {

    /** Checks the bounds. */
    public AddressRange {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (first.signum() < 0 || last.compareTo(first) < 0 || last.bitLength() > (ipv6 ? 128 : 32)) {
            throw new IllegalArgumentException("bad range " + first + ".." + last);
        }
    }

    /** The whole IPv4 or IPv6 space. */
    public static AddressRange all(boolean ipv6) {
        return new AddressRange(ipv6, BigInteger.ZERO, BigInteger.ONE.shiftLeft(ipv6 ? 128 : 32).subtract(BigInteger.ONE));
    }

    /** The address bytes of a number. */
    static byte[] bytes(BigInteger v, boolean ipv6) {
        int len = ipv6 ? 16 : 4;
        byte[] raw = v.toByteArray();
        byte[] out = new byte[len];
        int copy = Math.min(len, raw.length);
        System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
        return out;
    }

    /** The number of an address. */
    static BigInteger number(byte[] a) {
        return new BigInteger(1, a);
    }

    /** The first address, as bytes. */
    public byte[] firstBytes() {
        return bytes(first, ipv6);
    }

    /** Whether the address (4 or 16 bytes) is in the range. */
    public boolean contains(byte[] address) {
        if ((address.length == 16) != ipv6) {
            return false;
        }
        BigInteger v = number(address);
        return v.compareTo(first) >= 0 && v.compareTo(last) <= 0;
    }

    /** The range as the fewest CIDR blocks. */
    public List<String> cidrs() {
        List<String> out = new ArrayList<>();
        int bits = ipv6 ? 128 : 32;
        BigInteger cur = first;
        while (cur.compareTo(last) <= 0) {
            int size = cur.signum() == 0 ? bits : Math.min(bits, cur.getLowestSetBit());
            while (size > 0 && cur.add(BigInteger.ONE.shiftLeft(size)).subtract(BigInteger.ONE).compareTo(last) > 0) {
                size--;
            }
            out.add(InetText.format(bytes(cur, ipv6)) + "/" + (bits - size));
            cur = cur.add(BigInteger.ONE.shiftLeft(size));
        }
        return out;
    }

    /** Joins adjacent and overlapping ranges; the result is sorted. */
    public static List<AddressRange> merge(List<AddressRange> ranges) {
        List<AddressRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.naturalOrder());
        List<AddressRange> out = new ArrayList<>();
        for (AddressRange r : sorted) {
            if (!out.isEmpty()) {
                AddressRange prev = out.get(out.size() - 1);
                if (prev.ipv6 == r.ipv6 && prev.last.add(BigInteger.ONE).compareTo(r.first) >= 0) {
                    out.set(out.size() - 1, new AddressRange(r.ipv6, prev.first, prev.last.max(r.last)));
                    continue;
                }
            }
            out.add(r);
        }
        return out;
    }

    @Override
    public int compareTo(AddressRange o) {
        if (ipv6 != o.ipv6) {
            return ipv6 ? 1 : -1;
        }
        int c = first.compareTo(o.first);
        return c != 0 ? c : last.compareTo(o.last);
    }

    @Override
    public String toString() {
        if (this.equals(all(ipv6))) {
            return ipv6 ? "::/0" : "0.0.0.0/0";
        }
        List<String> c = cidrs();
        return c.size() <= 4 ? String.join(" ", c)
                : InetText.format(bytes(first, ipv6)) + "-" + InetText.format(bytes(last, ipv6));
    }
}
