package io.github.pghba.conformance;

import io.github.pghba.eval.ServerInterface;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private network and mount namespace for one server ("the lab"): interfaces that carry
 * documentation addresses, a private {@code /etc/hosts}, and a client process inside it that makes
 * the connection attempts. Nothing in it can reach any other network: its two veth ends are
 * connected to each other, and there is no route out.
 *
 * <p>Root only. A holder process ({@code unshare --net --mount --propagation private sleep
 * infinity}) keeps the namespaces alive; {@code nsenter} configures them ({@code ip -batch}) and
 * starts the server and the client in them. The server's interfaces (what its {@code getifaddrs()}
 * sees, so what {@code samehost}/{@code samenet} use) are:
 *
 * <pre>
 *   lo    127.0.0.1/8, ::1/128
 *   pgv0  192.0.2.1/24, 192.0.2.200/28, 2001:db8:1::1/64, 2001:db8:1:1::1/64   (several addresses)
 *   pgv1  198.51.100.77/26, 2001:db8:2::5/48                   (its veth peer)
 * </pre>
 *
 * Client source addresses that are not interface addresses come from "AnyIP" local routes
 * ({@code ip route add local NET dev lo}: every address of NET is local and bindable, but none
 * appears in {@code getifaddrs()}): 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8:1::/64,
 * 2001:db8:1:1::/64, 2001:db8:2::/48, 2001:db8:ff::/64, and again every interface's own subnet (IPv4 merges the local
 * and main routing tables and takes the longest prefix, so the /26 of pgv1 would otherwise win over
 * the local /24); {@code net.ipv6.ip_nonlocal_bind = 1} lets IPv6 sockets bind them. So 192.0.2.10
 * is on the same net as an interface but is not one, and 203.0.113.5 is on no interface's net.
 */
final class NetLab implements AutoCloseable {
    private static final Set<NetLab> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (NetLab l : OPEN) {
                l.close();
            }
        }, "netlab-stop"));
    }

    /** The setup, one {@code ip} command a line (also printed in every reproduction). */
    static final List<String> IP_SETUP = List.of(
            "link set lo up",
            "link add pgv0 type veth peer name pgv1",
            "link set pgv0 addrgenmode none",
            "link set pgv1 addrgenmode none",
            "addr add 192.0.2.1/24 dev pgv0",
            "addr add 192.0.2.200/28 dev pgv0",
            "addr add 2001:db8:1::1/64 dev pgv0 nodad",
            "addr add 2001:db8:1:1::1/64 dev pgv0 nodad",
            "addr add 198.51.100.77/26 dev pgv1",
            "addr add 2001:db8:2::5/48 dev pgv1 nodad",
            "link set pgv0 up",
            "link set pgv1 up",
            "route add local 192.0.2.0/24 dev lo",
            "route add local 192.0.2.192/28 dev lo",
            "route add local 198.51.100.0/24 dev lo",
            "route add local 198.51.100.64/26 dev lo",
            "route add local 203.0.113.0/24 dev lo",
            "route add local 2001:db8:1::/64 dev lo",
            "route add local 2001:db8:1:1::/64 dev lo",
            "route add local 2001:db8:2::/48 dev lo",
            "route add local 2001:db8:ff::/64 dev lo");

    /** Where IPv4 / IPv6 clients connect (an interface address; loopback sources connect to loopback). */
    static final String TARGET4 = "192.0.2.1";
    static final String TARGET6 = "2001:db8:1::1";

    /**
     * The private hosts file (bind-mounted over {@code /etc/hosts} in the server's mount namespace,
     * with an {@code nsswitch.conf} that says {@code hosts: files}: no DNS ever).
     */
    static final String HOSTS = """
            127.0.0.1\tlocalhost
            ::1\tlocalhost ip6-localhost
            192.0.2.10\talpha.example alpha
            192.0.2.11\tbeta.db.example
            192.0.2.130\tGamma.Example
            192.0.2.200\tself.example
            198.51.100.70\tdelta.db.example
            198.51.100.5\tfar.example
            203.0.113.5\tout.example
            203.0.113.6\t203.0.113.7
            203.0.113.8\tfirst.example second.example
            203.0.113.9\ttwice.example
            203.0.113.9\tlater.example
            203.0.113.10\tmoved.example
            203.0.113.11\t2001:db8:ff::5
            203.0.113.12\texample
            203.0.113.13\tdb.example.
            2001:db8:1::10\tsix.example
            2001:db8:1:1::77\tsix.db.example
            2001:db8:ff::5\tsixout.example
            2001:db8:ff::6\tdual.example
            203.0.113.14\tdual.example
            2001:db8:2::99\tv6.db.example
            """;

    private final Process holder;
    private final long pid;
    private final Path dir;
    private final List<ServerInterface> interfaces;

    /** Why this machine cannot make a lab, or null if it can (as far as can be told without trying). */
    static String unsupportedReason(Host host) {
        if (!host.root) {
            return "network namespaces need root (this JVM is not root)";
        }
        for (String tool : List.of("unshare", "nsenter", "ip", "mount", "sleep")) {
            if (Host.which(tool) == null) {
                return "`" + tool + "` is not installed (util-linux, iproute2, mount, coreutils)";
            }
        }
        if (!Files.isRegularFile(Path.of("/etc/hosts")) || !Files.isRegularFile(Path.of("/etc/nsswitch.conf"))) {
            return "/etc/hosts and /etc/nsswitch.conf must be regular files (they are bind-mounted over)";
        }
        // a container without CAP_SYS_ADMIN, or a kernel without veth, fails here
        try {
            Fs.run(List.of("unshare", "--net", "--mount", "--propagation", "private", "--", "ip", "link", "add",
                    "pgvt0", "type", "veth", "peer", "name", "pgvt1"), null, 30);
        } catch (IOException e) {
            return "cannot make a network namespace with a veth pair: " + e.getMessage().strip();
        }
        return null;
    }

    private NetLab(Process holder, Path dir) throws IOException {
        this.holder = holder;
        this.pid = holder.pid();
        this.dir = dir;
        OPEN.add(this);
        try {
            awaitNamespaces();
            Path batch = dir.resolve("ip-setup");
            Files.writeString(batch, String.join("\n", IP_SETUP) + "\n");
            Fs.run(List.of("nsenter", "--net=" + ns("net"), "--", "ip", "-batch", batch.toString()), null, 30);
            Fs.run(List.of("nsenter", "--net=" + ns("net"), "--", "sh", "-c",
                    "echo 1 > /proc/sys/net/ipv6/ip_nonlocal_bind"), null, 30);
            Path etc = dir.resolve("etc");
            Files.createDirectories(etc);
            Files.setPosixFilePermissions(etc, Fs.DIR);
            write(etc.resolve("hosts"), HOSTS);
            write(etc.resolve("nsswitch.conf"), "passwd: files\ngroup: files\nshadow: files\nhosts: files\n");
            StringBuilder mounts = new StringBuilder("set -e\n");
            mounts.append("mount --bind ").append(etc.resolve("hosts")).append(" /etc/hosts\n");
            mounts.append("mount --bind ").append(etc.resolve("nsswitch.conf")).append(" /etc/nsswitch.conf\n");
            if (Files.isRegularFile(Path.of("/etc/host.conf"))) {
                write(etc.resolve("host.conf"), "multi on\n");
                mounts.append("mount --bind ").append(etc.resolve("host.conf")).append(" /etc/host.conf\n");
            }
            Fs.run(List.of("nsenter", "--mount=" + ns("mnt"), "--", "sh", "-c", mounts.toString()), null, 30);
            this.interfaces = readInterfaces();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private static void write(Path p, String text) throws IOException {
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, Fs.FILE);
    }

    /** Makes the namespaces and configures them; {@code dir} holds the private /etc files. */
    static NetLab create(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, Fs.DIR);
        ProcessBuilder pb = new ProcessBuilder("setpriv", "--pdeathsig=KILL", "--", "unshare", "--net", "--mount",
                "--propagation", "private", "--", "sleep", "infinity")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return new NetLab(pb.start(), dir);
    }

    private String ns(String kind) {
        return "/proc/" + pid + "/ns/" + kind;
    }

    private void awaitNamespaces() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Path mine = Path.of("/proc/self/ns/net");
        Path mineMnt = Path.of("/proc/self/ns/mnt");
        while (true) {
            if (!holder.isAlive()) {
                throw new IOException("unshare --net --mount failed (exit " + holder.exitValue()
                        + "): no namespaces here?");
            }
            try {
                if (!Files.readSymbolicLink(Path.of(ns("net"))).equals(Files.readSymbolicLink(mine))
                        && !Files.readSymbolicLink(Path.of(ns("mnt"))).equals(Files.readSymbolicLink(mineMnt))) {
                    return;
                }
            } catch (IOException e) {
                // not there yet
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("timed out waiting for unshare");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    private static final Pattern ADDR = Pattern.compile("^\\d+:\\s+(\\S+)\\s+inet6?\\s+([0-9a-fA-F.:]+)/(\\d+)");

    /** The addresses the namespace really has (what getifaddrs() gives the server). */
    private List<ServerInterface> readInterfaces() throws IOException {
        List<ServerInterface> out = new ArrayList<>();
        for (String line : Fs.run(List.of("nsenter", "--net=" + ns("net"), "--", "ip", "-o", "addr", "show"), null, 30)
                .split("\n")) {
            Matcher m = ADDR.matcher(line);
            if (m.find()) {
                out.add(ServerInterface.of(m.group(2), Integer.parseInt(m.group(3))));
            }
        }
        return List.copyOf(out);
    }

    /**
     * Replaces the contents of the lab's hosts file (in place: the bind mount keeps the inode; glibc
     * reads the file at every lookup).
     */
    void hosts(String text) throws IOException {
        Files.writeString(dir.resolve("etc/hosts"), text);
    }

    /** The server's interface addresses, as read back from the namespace. */
    List<ServerInterface> interfaces() {
        return interfaces;
    }

    /** Runs a command in the lab's network and mount namespaces. */
    List<String> inside(List<String> cmd) {
        List<String> out = new ArrayList<>(List.of("nsenter", "--net=" + ns("net"), "--mount=" + ns("mnt"), "--"));
        out.addAll(cmd);
        return out;
    }

    /** A description for reproductions. */
    String describe() {
        StringBuilder sb = new StringBuilder("network namespace: ip -batch of\n");
        IP_SETUP.forEach(l -> sb.append("    ").append(l).append('\n'));
        sb.append("  interfaces (library): ").append(interfaces).append("\n  /etc/hosts:\n");
        HOSTS.lines().forEach(l -> sb.append("    ").append(l).append('\n'));
        return sb.toString();
    }

    /** Where a client at {@code source} connects to. */
    static String target(String source) {
        if (source.startsWith("127.")) {
            return "127.0.0.1";
        }
        if (source.equals("::1")) {
            return "::1";
        }
        return source.contains(":") ? TARGET6 : TARGET4;
    }

    /**
     * The client: a JVM inside the lab's network namespace ({@link NetLabClient}) that makes one
     * connection attempt per line it is sent and answers one line.
     */
    Client client() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) {
            cp = System.getProperty("java.class.path");
        }
        ProcessBuilder pb = new ProcessBuilder(inside(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", cp, NetLabClient.class.getName()))).redirectError(ProcessBuilder.Redirect.INHERIT);
        return new Client(pb.start());
    }

    /** The client process. */
    static final class Client implements AutoCloseable {
        private final Process proc;
        private final Writer out;
        private final BufferedReader in;

        Client(Process proc) {
            this.proc = proc;
            this.out = new OutputStreamWriter(proc.getOutputStream(), StandardCharsets.UTF_8);
            this.in = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8));
        }

        /** Makes the attempt from inside the lab. */
        MatchConformanceTest.Answer connect(MatchConformanceTest.Attempt a, int port, long logFrom)
                throws IOException {
            out.write(NetLabClient.encode(a, NetLab.target(a.address()), port));
            out.write('\n');
            out.flush();
            String line = in.readLine();
            if (line == null) {
                throw new IOException("the lab's client process ended");
            }
            return NetLabClient.decode(line, logFrom);
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                // ending anyway
            }
            try {
                if (!proc.waitFor(10, TimeUnit.SECONDS)) {
                    proc.destroyForcibly();
                }
            } catch (InterruptedException e) {
                proc.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        OPEN.remove(this);
        if (holder.isAlive()) {
            holder.destroyForcibly();
            try {
                holder.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
