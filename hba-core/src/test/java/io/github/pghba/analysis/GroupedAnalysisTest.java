package io.github.pghba.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pghba.check.BuildFeatures;
import io.github.pghba.check.PgVersion;
import io.github.pghba.eval.ConnectionRequest;
import io.github.pghba.eval.Decision;
import io.github.pghba.eval.Environment;
import io.github.pghba.eval.HostResolver;
import io.github.pghba.eval.Policy;
import io.github.pghba.eval.Replication;
import io.github.pghba.eval.RoleGraph;
import io.github.pghba.eval.ServerInterface;
import io.github.pghba.internal.AreRegex;
import io.github.pghba.internal.ReferenceMatcher;
import io.github.pghba.load.HbaLoader;
import io.github.pghba.load.LoadOptions;
import io.github.pghba.syntax.AuthToken;
import io.github.pghba.syntax.HbaRule;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The grouped computation (user groups x database groups, sameuser/samerole as per-pair exceptions,
 * first rules per name group, who's products) against straightforward per-pair and per-request
 * computation on small random files whose role graph and fields exercise sameuser, samerole,
 * samegroup, +role, regular expressions and all. Seeded: {@code -Dpghba.seed=S} repeats a failure.
 */
class GroupedAnalysisTest {
    static final String[] TYPES = {"local", "host", "hostssl", "hostnossl", "hostgssenc"};
    static final String[] DBS = {"db1", "alice", "grp", "admins", "sameuser", "samerole", "samegroup", "all",
        "\"/^a\"", "/b$", "replication", "\"sameuser\"", "bob"};
    static final String[] USERS = {"alice", "bob", "carol", "+grp", "+admins", "all", "\"/^a\"", "/o", "root",
        "\"+grp\"", "admins", "grp"};
    static final String[] ADDRS = {"all", "samenet", "127.0.0.1/32", "10.0.0.0/8", "10.1.0.0/16", "::1/128",
        "::/0"};
    static final Environment ENV = Environment.defaults()
            .withRoles(RoleGraph.builder().role("alice").role("bob").role("carol").superuser("root")
                    .grant("grp", "alice").grant("grp", "bob").grant("admins", "grp").grant("admins", "carol").build())
            .withResolver(HostResolver.none())
            .withInterfaces(List.of(ServerInterface.of("127.0.0.1", 8), ServerInterface.of("::1", 128)));

    record File(String text, List<String> lines, Policy policy) {}

    static File file(Random rnd, LoadOptions options) {
        List<String> lines = new ArrayList<>();
        int n = 1 + rnd.nextInt(8);
        for (int i = 0; i < n; i++) {
            String type = TYPES[rnd.nextInt(TYPES.length)];
            StringBuilder sb = new StringBuilder(type).append(' ').append(field(rnd, DBS)).append(' ')
                    .append(field(rnd, USERS)).append(' ');
            if (!type.equals("local")) {
                sb.append(ADDRS[rnd.nextInt(ADDRS.length)]).append(' ');
            }
            sb.append(rnd.nextInt(4) == 0 ? "reject" : rnd.nextBoolean() ? "trust" : "md5");
            lines.add(sb.toString());
        }
        String text = String.join("\n", lines) + "\n";
        return new File(text, lines, Policy.compile(HbaLoader.with(options).parseHba("/p/pg_hba.conf", text), ENV));
    }

    static String field(Random rnd, String[] vocab) {
        StringBuilder sb = new StringBuilder(vocab[rnd.nextInt(vocab.length)]);
        while (rnd.nextInt(3) == 0) {
            sb.append(',').append(vocab[rnd.nextInt(vocab.length)]);
        }
        return sb.toString();
    }

    static LoadOptions options(Random rnd) {
        return LoadOptions.defaults().withVersion(PgVersion.of(13 + rnd.nextInt(6)))
                .withBuild(rnd.nextBoolean() ? BuildFeatures.TYPICAL_LINUX : BuildFeatures.SSL_ONLY);
    }

    /** Straightforward: the rules matching (user, database) for a normal or physical connection. */
    static BitSet naive(Policy p, String user, String db, boolean physical) {
        List<HbaRule> rules = p.rules();
        ReferenceMatcher m = MATCHERS.computeIfAbsent(p, GroupedAnalysisTest::matcher);
        BitSet out = new BitSet();
        for (int i = 0; i < rules.size(); i++) {
            if (m.checkRole(rules.get(i).users(), user) && m.checkDb(rules.get(i).databases(), db, user,
                    physical ? Replication.PHYSICAL : Replication.NONE)) {
                out.set(i);
            }
        }
        return out;
    }

    private static final Map<Policy, ReferenceMatcher> MATCHERS = new java.util.IdentityHashMap<>();

    /** PostgreSQL's check_role/check_db for the policy's rules, as evaluation uses them. */
    static ReferenceMatcher matcher(Policy p) {
        List<HbaRule> rules = p.rules();
        Map<String, Optional<AreRegex>> regexes = new HashMap<>();
        for (HbaRule r : rules) {
            for (List<AuthToken> l : List.of(r.databases(), r.users())) {
                for (AuthToken t : l) {
                    if (t.isRegex()) {
                        regexes.computeIfAbsent(t.text(), k -> AreRegex.compile(k.substring(1)));
                    }
                }
            }
        }
        return new ReferenceMatcher(rules, new int[rules.size()], p.config().version(),
                p.config().options().build(), p.environment(), regexes);
    }

    static String userName(NameClass c) {
        return ConnectionRequest.local().user(c.witness()).effectiveUser();
    }

    static String dbName(NameClass c, NameClass user) {
        return c.kind() == NameClass.Kind.SAME_AS_USER ? userName(user)
                : ConnectionRequest.local().user("x").database(c.witness()).effectiveDatabase();
    }

    static BitSet bits(long[] words) {
        return BitSet.valueOf(words);
    }

    @Test
    void nameGroupsEqualPerPairRuleSets() {
        long seed = Long.getLong("pghba.seed", System.nanoTime());
        Random rnd = new Random(seed);
        for (int k = 0; k < 150; k++) {
            MATCHERS.clear();
            LoadOptions options = options(rnd);
            File a = file(rnd, options);
            File b = file(rnd, options);
            if (!a.policy().config().loadable() || !b.policy().config().loadable()) {
                continue;
            }
            String context = "(-Dpghba.seed=" + seed + ") " + options.version() + "\n" + a.text() + "--\n" + b.text();
            List<Policy> both = List.of(a.policy(), b.policy());
            Partition partition = new Partition(both);
            List<SpaceBits> bits = List.of(new SpaceBits(a.policy(), partition), new SpaceBits(b.policy(), partition));
            NameClass physDb = new NameClass(NameClass.Kind.OTHER, "(replication)", "x");
            for (List<SpaceBits> of : List.of(List.of(bits.get(0)), bits)) {
                NameGroups ng = new NameGroups(of, partition, physDb);
                int pairs = 0;
                for (int g = 0; g < ng.normalBits.size(); g++) {
                    for (Region.NamePair p : ng.names(g, false)) {
                        int u = partition.users.indexOf(p.user());
                        int d = partition.databases.indexOf(p.database());
                        assertThat(ng.group(u, d)).as("group of listed pair %s %s", p, context).isEqualTo(g);
                        pairs++;
                    }
                }
                assertThat(pairs).as("every pair listed once %s", context)
                        .isEqualTo(partition.users.size() * partition.databases.size());
                for (int u = 0; u < partition.users.size(); u++) {
                    NameClass uc = partition.users.get(u);
                    for (int d = 0; d < partition.databases.size(); d++) {
                        NameClass dc = partition.databases.get(d);
                        int g = ng.group(u, d);
                        for (int p = 0; p < of.size(); p++) {
                            assertThat(bits(ng.normalBits.get(g)[p]))
                                    .as("rules of (%s, %s) in policy %d %s", uc, dc, p, context)
                                    .isEqualTo(naive(both.get(p), userName(uc), dbName(dc, uc), false));
                        }
                    }
                    int pg = ng.physGroup[ng.userGroup[u]];
                    for (int p = 0; p < of.size(); p++) {
                        assertThat(bits(ng.physBits.get(pg)[p])).as("replication rules of %s %s", uc, context)
                                .isEqualTo(naive(both.get(p), userName(uc), "x", true));
                    }
                }
            }
        }
    }

    @Test
    void deadAndShadowedRulesEqualBruteForce() {
        long seed = Long.getLong("pghba.seed", System.nanoTime());
        Random rnd = new Random(seed);
        for (int k = 0; k < 60; k++) {
            LoadOptions options = options(rnd);
            File f = file(rnd, options);
            Policy policy = f.policy();
            if (!policy.config().loadable()) {
                continue;
            }
            String context = "(-Dpghba.seed=" + seed + ") " + options.version() + "\n" + f.text();
            List<Policy> single = new ArrayList<>();
            for (String line : f.lines()) {
                single.add(Policy.compile(HbaLoader.with(options).parseHba("/p/pg_hba.conf", line + "\n"), ENV));
            }
            Reachability reach = Reachability.of(policy);
            int n = policy.rules().size();
            boolean[] reached = new boolean[n];
            boolean[] matches = new boolean[n];
            List<TreeSet<Integer>> shadow = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                shadow.add(new TreeSet<>());
            }
            for (ConnectionRequest r : requests(reach)) {
                int first = index(policy, policy.evaluate(r));
                if (first >= 0) {
                    reached[first] = true;
                }
                for (int i = 0; i < n; i++) {
                    if (single.get(i).evaluate(r).rule().isPresent()) {
                        matches[i] = true;
                        if (first != i) {
                            assertThat(first).as("a match before %d for %s %s", i, r, context).isBetween(0, i - 1);
                            shadow.get(i).add(first);
                        }
                    }
                }
            }
            for (RuleReach rr : reach.rules()) {
                int i = rr.index();
                assertThat(rr.reached()).as("rule %d reached %s", i, context).isEqualTo(reached[i]);
                assertThat(rr.matchesAnything()).as("rule %d matches %s", i, context).isEqualTo(matches[i]);
                assertThat(rr.shadowedBy()).as("rule %d shadowed by %s", i, context).containsExactlyElementsOf(shadow.get(i));
            }
            checkWho(reach, context);
        }
    }

    /** One request per (transport, elementary interval, user class, database class, replication). */
    static List<ConnectionRequest> requests(Reachability reach) {
        Partition p = reach.partition();
        List<ConnectionRequest> out = new ArrayList<>();
        for (Transport t : reach.transports()) {
            List<ConnectionRequest> base = new ArrayList<>();
            if (t == Transport.LOCAL) {
                base.add(ConnectionRequest.local());
            } else {
                for (AddressRange a : p.v4) {
                    base.add(ConnectionRequest.host(a.firstBytes()));
                }
                for (AddressRange a : p.v6) {
                    base.add(ConnectionRequest.host(a.firstBytes()));
                }
            }
            for (ConnectionRequest b : base) {
                ConnectionRequest r0 = t == Transport.TCP_SSL ? b.ssl() : t == Transport.TCP_GSS ? b.gss() : b;
                for (NameClass u : p.users) {
                    for (NameClass d : p.databases) {
                        out.add(r0.user(u.witness()).database(d.kind() == NameClass.Kind.SAME_AS_USER ? u.witness()
                                : d.witness()));
                    }
                    out.add(r0.user(u.witness()).database(reach.physicalDb().witness()).replication(Replication.PHYSICAL));
                }
            }
        }
        return out;
    }

    /** Who's rows cover exactly the regions that reach a rule. */
    static void checkWho(Reachability reach, String context) {
        Who who = reach.who();
        List<Who.Row> rows = new ArrayList<>(who.allowed());
        rows.addAll(who.rejected());
        Map<String, NameClass> users = new HashMap<>();
        reach.userClasses().forEach(c -> users.put(c.label(), c));
        Map<String, NameClass> dbs = new HashMap<>();
        reach.databaseClasses().forEach(c -> dbs.put(c.label(), c));
        Policy policy = reach.policy();
        // every row's requests reach its rule
        for (Who.Row row : rows) {
            for (Transport t : row.transports()) {
                for (String ul : row.users().equals(List.of("all")) ? List.copyOf(users.keySet()) : row.users()) {
                    NameClass u = users.get(ul);
                    List<String> dl = row.physicalReplication() ? List.of("(replication)")
                            : row.databases().equals(List.of("all")) ? List.copyOf(dbs.keySet()) : row.databases();
                    for (String dn : dl) {
                        NameClass d = row.physicalReplication() ? reach.physicalDb() : dbs.get(dn);
                        List<AddressRange> nets = t == Transport.LOCAL ? List.of(AddressRange.all(false))
                                : row.networks();
                        for (AddressRange a : nets) {
                            ConnectionRequest r = t == Transport.LOCAL ? ConnectionRequest.local()
                                    : ConnectionRequest.host(a.firstBytes());
                            r = t == Transport.TCP_SSL ? r.ssl() : t == Transport.TCP_GSS ? r.gss() : r;
                            r = r.user(u.witness()).database(d.kind() == NameClass.Kind.SAME_AS_USER ? u.witness()
                                    : d.witness());
                            if (row.physicalReplication()) {
                                r = r.replication(Replication.PHYSICAL);
                            }
                            assertThat(index(policy, policy.evaluate(r))).as("who row %s: %s %s", row, r, context)
                                    .isEqualTo(row.ruleIndex());
                        }
                    }
                }
            }
        }
        // every region reaching a rule is in some row
        for (Region region : reach.regions()) {
            if (region.ruleIndex() < 0) {
                continue;
            }
            for (Region.NamePair p : region.names()) {
                List<AddressRange> ranges = region.addresses().isEmpty() ? List.of(AddressRange.all(false))
                        : region.addresses();
                for (AddressRange a : ranges) {
                    assertThat(rows).as("a who row for %s %s in %s %s", p, a, region, context).anySatisfy(row -> {
                        assertThat(row.ruleIndex()).isEqualTo(region.ruleIndex());
                        assertThat(row.physicalReplication()).isEqualTo(region.physicalReplication());
                        assertThat(row.transports()).contains(region.transport());
                        assertThat(row.users().equals(List.of("all")) || row.users().contains(p.user().label())).isTrue();
                        assertThat(region.physicalReplication() || row.databases().equals(List.of("all"))
                                || row.databases().contains(p.database().label())).isTrue();
                        if (region.transport() != Transport.LOCAL) {
                            assertThat(row.networks()).anySatisfy(x -> assertThat(x.ipv6() == a.ipv6()
                                    && x.first().compareTo(a.first()) <= 0 && x.last().compareTo(a.last()) >= 0)
                                    .isTrue());
                        }
                    });
                }
            }
        }
    }

    static int index(Policy p, Decision d) {
        Optional<HbaRule> rule = d.rule();
        if (rule.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < p.rules().size(); i++) {
            if (p.rules().get(i) == rule.get()) {
                return i;
            }
        }
        throw new AssertionError("rule not in policy");
    }
}
