package io.github.pghba.analysis;

import io.github.pghba.check.PgVersion;
import io.github.pghba.eval.Environment;
import io.github.pghba.eval.Policy;
import io.github.pghba.eval.ServerInterface;
import io.github.pghba.internal.AreRegex;
import io.github.pghba.internal.RequestState;
import io.github.pghba.syntax.Address;
import io.github.pghba.syntax.AuthToken;
import io.github.pghba.syntax.HbaRule;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The finite partition of the request space that one or more policies induce: elementary address
 * intervals per family (split at every range boundary any rule draws), and name classes for users
 * and databases. Within an interval and a class, every rule of the policies behaves alike, except
 * where {@link #approximations} says otherwise.
 */
final class Partition {
    /** Non-contiguous masks are enumerated as intervals up to this many per rule. */
    static final int MAX_INTERVALS_PER_MASK = 4096;

    final List<AddressRange> v4 = new ArrayList<>();
    final List<AddressRange> v6 = new ArrayList<>();
    final List<NameClass> users = new ArrayList<>();
    final List<NameClass> databases = new ArrayList<>();
    final Set<String> approximations = new LinkedHashSet<>();
    /** The index of each named user and database class, by name. */
    private final Map<String, Integer> userIndex = new HashMap<>();
    private final Map<String, Integer> dbIndex = new HashMap<>();

    Partition(List<Policy> policies) {
        TreeSet<BigInteger> b4 = new TreeSet<>();
        TreeSet<BigInteger> b6 = new TreeSet<>();
        b4.add(BigInteger.ZERO);
        b6.add(BigInteger.ZERO);
        Set<String> userNames = new LinkedHashSet<>();
        Set<String> dbNames = new LinkedHashSet<>();
        Set<String> userRegexes = new LinkedHashSet<>();
        Set<String> dbRegexes = new LinkedHashSet<>();
        for (Policy p : policies) {
            Environment env = p.environment();
            PgVersion v = p.config().version();
            userNames.addAll(env.roles().roles());
            for (HbaRule r : p.rules()) {
                r.address().ifPresent(a -> boundaries(a, r, env, b4, b6));
                for (AuthToken t : r.users()) {
                    if (t.isRoleMembership()) {
                        userNames.add(t.text().substring(1));
                    } else if (v.atLeast(16) && t.isRegex()) {
                        userRegexes.add(t.text().substring(1));
                    } else if (!t.isKeyword("all")) {
                        userNames.add(t.text());
                    }
                }
                for (AuthToken t : r.databases()) {
                    if (t.isKeyword("all") || t.isKeyword("sameuser") || t.isKeyword("samerole")
                            || t.isKeyword("samegroup") || t.isKeyword("replication")) {
                        continue;
                    }
                    if (v.atLeast(16) && t.isRegex()) {
                        dbRegexes.add(t.text().substring(1));
                    } else {
                        dbNames.add(t.text());
                    }
                }
            }
            for (ServerInterface i : env.interfaces()) {
                for (Address a : List.of((Address) new Address.SameHost(), new Address.SameNet())) {
                    boundaries(a, null, env, b4, b6);
                }
            }
        }
        intervals(b4, false, v4);
        intervals(b6, true, v6);
        // sameuser couples the two names: every database name is also a user name to consider, and
        // samerole makes every role a database name to consider
        Set<String> allUsers = new LinkedHashSet<>(userNames);
        allUsers.addAll(dbNames);
        Set<String> allDbs = new LinkedHashSet<>(dbNames);
        for (Policy p : policies) {
            allDbs.addAll(p.environment().roles().roles());
        }
        allDbs.addAll(userNames);
        for (String u : allUsers) {
            users.add(new NameClass(NameClass.Kind.NAMED, u, u));
        }
        for (String d : allDbs) {
            databases.add(new NameClass(NameClass.Kind.NAMED, d, d));
        }
        databases.add(new NameClass(NameClass.Kind.SAME_AS_USER, "(same as user)", ""));
        Set<String> taken = new LinkedHashSet<>(allUsers);
        taken.addAll(allDbs);
        samples(userRegexes, taken, users);
        samples(dbRegexes, taken, databases);
        List<AreRegex> all = new ArrayList<>();
        for (String re : userRegexes) {
            AreRegex.compile(re).ifPresent(all::add);
        }
        for (String re : dbRegexes) {
            AreRegex.compile(re).ifPresent(all::add);
        }
        String otherUser = other("pghba_other_user", taken, all);
        taken.add(otherUser);
        String otherDb = other("pghba_other_db", taken, all);
        users.add(new NameClass(NameClass.Kind.OTHER, "(any other user)", otherUser));
        databases.add(new NameClass(NameClass.Kind.OTHER, "(any other database)", otherDb));
        if (!userRegexes.isEmpty() || !dbRegexes.isEmpty()) {
            approximations.add("names matching regular expressions are represented by one sample name per pattern");
        }
        index(users, userIndex);
        index(databases, dbIndex);
    }

    private static void index(List<NameClass> classes, Map<String, Integer> out) {
        for (int i = 0; i < classes.size(); i++) {
            if (classes.get(i).kind() == NameClass.Kind.NAMED) {
                out.putIfAbsent(classes.get(i).witness(), i);
            }
        }
    }

    /** The index of the user class a name falls in: its named class, else "any other user". */
    int userClass(String name) {
        return userIndex.getOrDefault(name, users.size() - 1);
    }

    /** The index of the database class a name falls in: its named class, else "any other database". */
    int databaseClass(String name) {
        return dbIndex.getOrDefault(name, databases.size() - 1);
    }

    private void samples(Set<String> regexes, Set<String> taken, List<NameClass> out) {
        for (String re : regexes) {
            Optional<AreRegex> compiled = AreRegex.compile(re);
            if (compiled.isEmpty()) {
                continue;
            }
            Optional<String> sample = RegexSample.of(re).filter(s -> compiled.get().find(s) && !taken.contains(s));
            if (sample.isPresent()) {
                taken.add(sample.get());
                out.add(new NameClass(NameClass.Kind.REGEX_SAMPLE, "like /" + re + " (e.g. " + sample.get() + ")",
                        sample.get()));
            } else {
                approximations.add("found no sample name for /" + re + " beyond the names already considered");
            }
        }
    }

    private String other(String base, Set<String> taken, List<AreRegex> regexes) {
        for (int i = 0; i < 50; i++) {
            String cand = i == 0 ? base : base + i;
            if (taken.contains(cand)) {
                continue;
            }
            boolean hit = false;
            for (AreRegex re : regexes) {
                if (re.find(cand)) {
                    hit = true;
                    break;
                }
            }
            if (!hit) {
                return cand;
            }
        }
        approximations.add("every candidate for \"any other name\" matches a regular expression; it stands for"
                + " the names those patterns do not match");
        return base;
    }

    private void boundaries(Address a, HbaRule rule, Environment env, TreeSet<BigInteger> b4, TreeSet<BigInteger> b6) {
        if (a instanceof Address.IpMask m) {
            TreeSet<BigInteger> b = m.isIpv6() ? b6 : b4;
            int bits = m.isIpv6() ? 128 : 32;
            BigInteger addr = AddressRange.number(m.addressBytes());
            BigInteger mask = AddressRange.number(m.maskBytes());
            int low = mask.signum() == 0 ? bits : mask.getLowestSetBit();
            BigInteger base = addr.and(mask);
            // bits above the lowest mask bit that the mask leaves free: each combination is an interval
            List<Integer> free = new ArrayList<>();
            for (int i = low; i < bits; i++) {
                if (!mask.testBit(i)) {
                    free.add(i);
                }
            }
            long combos = 1L << Math.min(free.size(), 40);
            if (free.size() > 12) {
                approximations.add("line " + (rule == null ? "?" : rule.lineNumber()) + ": the netmask "
                        + m.maskViewText() + " is not contiguous; its " + combos
                        + " address blocks are represented by the first " + MAX_INTERVALS_PER_MASK);
            }
            long limit = Math.min(combos, MAX_INTERVALS_PER_MASK);
            for (long c = 0; c < limit; c++) {
                BigInteger start = base;
                for (int k = 0; k < free.size(); k++) {
                    if (((c >> k) & 1) != 0) {
                        start = start.setBit(free.get(k));
                    }
                }
                b.add(start);
                b.add(start.add(BigInteger.ONE.shiftLeft(low)));
            }
        } else if (a instanceof Address.SameHost || a instanceof Address.SameNet) {
            for (ServerInterface i : env.interfaces()) {
                byte[] ad = i.address();
                TreeSet<BigInteger> b = ad.length == 16 ? b6 : b4;
                int bits = ad.length * 8;
                BigInteger n = AddressRange.number(ad);
                b.add(n);
                b.add(n.add(BigInteger.ONE));
                int host = bits - i.prefix();
                BigInteger net = n.shiftRight(host).shiftLeft(host);
                b.add(net);
                b.add(net.add(BigInteger.ONE.shiftLeft(host)));
            }
        } else if (a instanceof Address.HostName h) {
            Optional<List<byte[]>> known = env.resolver().knownAddresses();
            if (known.isEmpty()) {
                approximations.add("line " + (rule == null ? "?" : rule.lineNumber()) + ": host name " + h.name()
                        + " depends on DNS; without a hosts file it is assumed to match no address");
                return;
            }
            for (byte[] ad : known.get()) {
                BigInteger n = AddressRange.number(ad);
                TreeSet<BigInteger> b = ad.length == 16 ? b6 : b4;
                b.add(n);
                b.add(n.add(BigInteger.ONE));
            }
        }
    }

    private static void intervals(TreeSet<BigInteger> bounds, boolean ipv6, List<AddressRange> out) {
        BigInteger end = BigInteger.ONE.shiftLeft(ipv6 ? 128 : 32);
        List<BigInteger> list = new ArrayList<>(bounds.headSet(end, false));
        for (int i = 0; i < list.size(); i++) {
            BigInteger next = i + 1 < list.size() ? list.get(i + 1) : end;
            out.add(new AddressRange(ipv6, list.get(i), next.subtract(BigInteger.ONE)));
        }
    }

    /** Whether the address predicate of a rule holds for an address (as PostgreSQL checks it). */
    static boolean addressMatches(Address a, byte[] client, Environment env) {
        if (a instanceof Address.All) {
            return true;
        }
        if (a instanceof Address.IpMask m) {
            return m.contains(client);
        }
        if (a instanceof Address.HostName h) {
            return new RequestState(client, env.resolver()).checkHostname(h.name());
        }
        boolean same = a instanceof Address.SameHost;
        for (ServerInterface i : env.interfaces()) {
            if (same ? i.sameHost(client) : i.sameNet(client)) {
                return true;
            }
        }
        return false;
    }
}
