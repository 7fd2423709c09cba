package io.github.pghba.eval;

import io.github.pghba.internal.InetText;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Name service for host-name rules. PostgreSQL takes the first name the reverse lookup of the
 * client address returns, compares it with the rule, then requires a forward lookup of that name to
 * return the client address.
 */
public interface HostResolver {

    /** The first name of the reverse lookup of {@code address} (4 or 16 bytes), if any. */
    Optional<String> reverse(byte[] address);

    /** The addresses a forward lookup of {@code name} returns (both families); empty if it fails. */
    List<byte[]> forward(String name);

    /**
     * Every address whose reverse lookup succeeds, if this resolver knows them all (a hosts file
     * does; DNS does not). Analysis uses it to treat host-name rules exactly.
     */
    default Optional<List<byte[]>> knownAddresses() {
        return Optional.empty();
    }

    /** No name service: every lookup fails, so host-name rules never match. */
    static HostResolver none() {
        return new HostResolver() {
            @Override
            public Optional<String> reverse(byte[] address) {
                return Optional.empty();
            }

            @Override
            public List<byte[]> forward(String name) {
                return List.of();
            }

            @Override
            public Optional<List<byte[]>> knownAddresses() {
                return Optional.of(List.of());
            }

            @Override
            public String toString() {
                return "no name service";
            }
        };
    }

    /**
     * A hosts(5) file as the only name service, as glibc's {@code files} backend reads it: a line's
     * address is read with {@code inet_pton} for the family asked (no inet_aton forms, no scope ids).
     * The reverse lookup gives the first name of the first line with that address, where for IPv4
     * an IPv4-mapped IPv6 line ({@code ::ffff:a.b.c.d}) stands for {@code a.b.c.d} and {@code ::1}
     * for {@code 127.0.0.1}; a forward lookup ({@code getaddrinfo} with no hints) gives the
     * addresses of every line naming it (canonical name or alias, case-insensitively), each line
     * read as IPv4 if it can be, else as IPv6; a numeric name is its own address, as
     * {@code getaddrinfo()} parses it first.
     */
    static HostResolver hostsFile(String text) {
        // address4: the line read for an AF_INET lookup; address6: for AF_INET6; forward: AF_UNSPEC
        record Entry(byte @org.jspecify.annotations.Nullable [] address4,
                byte @org.jspecify.annotations.Nullable [] address6, List<String> names) {
            byte[] forward() {
                byte[] a = address6 != null ? address6 : address4;
                return java.util.Objects.requireNonNull(a, "a line has at least one address");
            }
        }
        List<Entry> entries = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            int hash = line.indexOf('#');
            String l = hash >= 0 ? line.substring(0, hash) : line;
            // glibc splits fields at isspace(): blank, tab, CR, vertical tab, form feed
            String[] parts = l.replaceAll("^[ \t\r\\x0B\f]+", "").split("[ \t\r\\x0B\f]+");
            if (parts.length < 2 || parts[0].isEmpty()) {
                continue;
            }
            String addr = parts[0];
            byte[] v4 = InetText.ptonV4(addr).orElse(null);
            byte[] v6 = v4 != null ? null : InetText.ptonV6(addr).orElse(null);
            byte[] as4 = v4;
            if (as4 == null && v6 != null) {
                if (isV4Mapped(v6)) {
                    as4 = Arrays.copyOfRange(v6, 12, 16);
                } else if (isLoopback6(v6)) {
                    as4 = new byte[] {127, 0, 0, 1};
                }
            }
            if (v4 == null && v6 == null) {
                continue; // glibc ignores a line whose address inet_pton does not read
            }
            entries.add(new Entry(as4, v6, List.of(Arrays.copyOfRange(parts, 1, parts.length))));
        }
        return new HostResolver() {
            @Override
            public Optional<String> reverse(byte[] address) {
                for (Entry e : entries) {
                    if (Arrays.equals(address.length == 4 ? e.address4() : e.address6(), address)) {
                        return Optional.of(e.names().get(0));
                    }
                }
                return Optional.empty();
            }

            @Override
            public List<byte[]> forward(String name) {
                List<byte[]> out = new ArrayList<>();
                // getaddrinfo() parses a numeric name itself and never asks the hosts file
                Optional<byte[]> numeric = InetText.parseNumericHost(name, Set.of());
                if (numeric.isPresent()) {
                    out.add(numeric.get());
                    return out;
                }
                if (InetText.isIpv6WithBadScope(name)) {
                    return out; // glibc fails with EAI_NONAME before asking the hosts file
                }
                for (Entry e : entries) {
                    for (String n : e.names()) {
                        if (asciiEqualsIgnoreCase(n, name)) { // glibc: strcasecmp in the C locale
                            out.add(e.forward().clone());
                            break;
                        }
                    }
                }
                return out;
            }

            @Override
            public Optional<List<byte[]>> knownAddresses() {
                List<byte[]> out = new ArrayList<>();
                for (Entry e : entries) {
                    if (e.address4() != null) {
                        out.add(e.address4().clone());
                    }
                    if (e.address6() != null) {
                        out.add(e.address6().clone());
                    }
                }
                return Optional.of(out);
            }

            @Override
            public String toString() {
                return "hosts file (" + entries.size() + " entries)";
            }
        };
    }

    private static boolean asciiEqualsIgnoreCase(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x == y) {
                continue;
            }
            int lower = x | 0x20;
            if (lower != (y | 0x20) || lower < 'a' || lower > 'z') {
                return false;
            }
        }
        return true;
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static boolean isLoopback6(byte[] a) {
        for (int i = 0; i < 15; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[15] == 1;
    }

    /**
     * The JVM's system name service (DNS, /etc/hosts...), each lookup bounded by {@code timeout}.
     * A lookup that times out counts as failed.
     */
    static HostResolver system(Duration timeout) {
        return new HostResolver() {
            private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "pghba-dns");
                t.setDaemon(true);
                return t;
            });

            private <T> Optional<T> bounded(java.util.concurrent.Callable<T> task) {
                Future<T> f = pool.submit(task);
                try {
                    return Optional.ofNullable(f.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
                } catch (TimeoutException e) {
                    f.cancel(true);
                    return Optional.empty();
                } catch (ExecutionException e) {
                    return Optional.empty();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }

            @Override
            public Optional<String> reverse(byte[] address) {
                return bounded(() -> {
                    InetAddress a = InetAddress.getByAddress(address);
                    String name = a.getCanonicalHostName();
                    return name.equals(a.getHostAddress()) ? null : name;
                });
            }

            @Override
            public List<byte[]> forward(String name) {
                return bounded(() -> {
                    List<byte[]> out = new ArrayList<>();
                    try {
                        for (InetAddress a : InetAddress.getAllByName(name)) {
                            out.add(a.getAddress());
                        }
                    } catch (UnknownHostException e) {
                        return out;
                    }
                    return out;
                }).orElse(List.of());
            }

            @Override
            public String toString() {
                return "system name service (timeout " + timeout + ")";
            }
        };
    }
}
