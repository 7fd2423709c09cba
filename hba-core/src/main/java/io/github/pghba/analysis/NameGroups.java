package io.github.pghba.analysis;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.TreeSet;

/**
 * The (user class, database class) pairs of a partition grouped by what one or more policies do with
 * them, without a rule set per pair.
 *
 * <p>Users whose user-field bits are equal in every policy form a user group; databases whose static
 * database-field bits are equal form a database group. Every pair of a (user group, database group)
 * cell matches the same rules, namely the AND of the two, except where sameuser or samerole adds rules
 * for one particular pair: the pair (u, database named like u) when a rule matching u has sameuser, and
 * (u, each role u is a member of) when one has samerole. Those pairs, and every pair with the "same as
 * user" database class, are <em>exceptions</em>, computed one by one. A name group is the set of pairs
 * with equal rule sets in every policy: cells and exceptions, kept as ints until a list of
 * {@link Region.NamePair}s is asked for.
 */
final class NameGroups {
    final int nu;
    final int nd;
    /** Index of the "same as user" database class. */
    final int sameDb;
    /** User class to user group; user group to its classes. */
    final int[] userGroup;
    final int[][] ugMembers;
    /** Database class to database group (-1 for "same as user"); database group to its classes. */
    final int[] dbGroup;
    final int[][] dgMembers;
    /** [user group][database group]: the normal name group of the cell (exceptions aside; -1 if all are). */
    final int[][] cellGroup;
    /** Per user class: its exception database classes (sorted) and their name groups. */
    final int[][] excDbs;
    final int[][] excGroups;
    /** Per user group: its physical-replication name group. */
    final int[] physGroup;
    /** Per normal name group: the rule words of each policy. */
    final List<long[][]> normalBits = new ArrayList<>();
    /** Per physical name group: the rule words of each policy. */
    final List<long[][]> physBits = new ArrayList<>();
    /** Per normal name group: its cells as (user group, database group) and its exception pairs (u, d). */
    final List<IntList> cells = new ArrayList<>();
    final List<IntList> exceptions = new ArrayList<>();
    /** Per physical name group: its user groups. */
    final List<IntList> physUserGroups = new ArrayList<>();

    private final Partition partition;
    private final NameClass physicalDb;
    private final List<Pairs> normalLists = new ArrayList<>();
    private final List<Pairs> physLists = new ArrayList<>();

    NameGroups(List<SpaceBits> policies, Partition partition, NameClass physicalDb) {
        this.partition = partition;
        this.physicalDb = physicalDb;
        nu = partition.users.size();
        nd = partition.databases.size();
        int same = -1;
        for (int d = 0; d < nd; d++) {
            if (partition.databases.get(d).kind() == NameClass.Kind.SAME_AS_USER) {
                same = d;
            }
        }
        sameDb = same;
        // user groups: equal user bits in every policy
        userGroup = new int[nu];
        List<IntList> ug = new ArrayList<>();
        Map<Key, Integer> ugIds = new HashMap<>();
        for (int u = 0; u < nu; u++) {
            final int uu = u;
            Key k = Key.of(policies, p -> p.userBits[uu]);
            int id = ugIds.computeIfAbsent(k, x -> {
                ug.add(new IntList());
                return ug.size() - 1;
            });
            ug.get(id).add(u);
            userGroup[u] = id;
        }
        ugMembers = toArrays(ug);
        dbGroup = new int[nd];
        List<IntList> dg = new ArrayList<>();
        Map<Key, Integer> dgIds = new HashMap<>();
        Map<String, List<Integer>> dbsByName = new HashMap<>();
        for (int d = 0; d < nd; d++) {
            if (d == sameDb) {
                dbGroup[d] = -1;
                continue;
            }
            final int dd = d;
            Key k = Key.of(policies, p -> p.dbStatic[dd]);
            int id = dgIds.computeIfAbsent(k, x -> {
                dg.add(new IntList());
                return dg.size() - 1;
            });
            dg.get(id).add(d);
            dbGroup[d] = id;
            // database names are the same in every policy (one partition)
            dbsByName.computeIfAbsent(policies.get(0).dbName[d], x -> new ArrayList<>()).add(d);
        }
        dgMembers = toArrays(dg);

        // exceptions: "same as user" for everyone; sameuser/samerole pairs where a rule can use them
        excDbs = new int[nu][];
        excGroups = new int[nu][];
        Map<Long, Integer> excPerCell = new HashMap<>();
        for (int u = 0; u < nu; u++) {
            TreeSet<Integer> ex = new TreeSet<>();
            if (sameDb >= 0) {
                ex.add(sameDb);
            }
            for (SpaceBits s : policies) {
                if (s.usesSameuser(u)) {
                    ex.addAll(dbsByName.getOrDefault(s.userName[u], List.of()));
                }
                if (s.usesSamerole(u)) {
                    for (String role : s.memberships(u)) {
                        ex.addAll(dbsByName.getOrDefault(role, List.of()));
                    }
                }
            }
            excDbs[u] = new int[ex.size()];
            int i = 0;
            for (int d : ex) {
                excDbs[u][i++] = d;
                if (d != sameDb) {
                    excPerCell.merge(((long) userGroup[u] << 32) | dbGroup[d], 1, Integer::sum);
                }
            }
        }
        Map<Key, Integer> groupIds = new HashMap<>();
        cellGroup = new int[ugMembers.length][dgMembers.length];
        long[][] tmp = new long[policies.size()][];
        for (int g = 0; g < ugMembers.length; g++) {
            int rep = ugMembers[g][0];
            for (int h = 0; h < dgMembers.length; h++) {
                int db = dgMembers[h][0];
                if (excPerCell.getOrDefault(((long) g << 32) | h, 0) == ugMembers[g].length * dgMembers[h].length) {
                    cellGroup[g][h] = -1; // every pair of the cell is an exception
                    continue;
                }
                for (int p = 0; p < tmp.length; p++) {
                    SpaceBits s = policies.get(p);
                    long[] a = s.userBits[rep];
                    long[] b = s.dbStatic[db];
                    long[] c = new long[a.length];
                    for (int w = 0; w < c.length; w++) {
                        c[w] = a[w] & b[w];
                    }
                    tmp[p] = c;
                }
                int id = normalGroup(groupIds, tmp);
                cellGroup[g][h] = id;
                cells.get(id).add(g);
                cells.get(id).add(h);
            }
        }
        for (int u = 0; u < nu; u++) {
            excGroups[u] = new int[excDbs[u].length];
            for (int i = 0; i < excDbs[u].length; i++) {
                int d = excDbs[u][i];
                for (int p = 0; p < tmp.length; p++) {
                    tmp[p] = policies.get(p).pair(u, d);
                }
                int id = normalGroup(groupIds, tmp);
                excGroups[u][i] = id;
                exceptions.get(id).add(u);
                exceptions.get(id).add(d);
            }
        }
        Map<Key, Integer> physIds = new HashMap<>();
        physGroup = new int[ugMembers.length];
        for (int g = 0; g < ugMembers.length; g++) {
            for (int p = 0; p < tmp.length; p++) {
                tmp[p] = policies.get(p).physical(ugMembers[g][0]);
            }
            long[][] copy = tmp.clone();
            Key k = new Key(copy);
            int id = physIds.computeIfAbsent(k, x -> {
                physBits.add(copy);
                physUserGroups.add(new IntList());
                return physBits.size() - 1;
            });
            physGroup[g] = id;
            physUserGroups.get(id).add(g);
        }
        for (int g = 0; g < normalBits.size(); g++) {
            normalLists.add(new Pairs(this, g, false));
        }
        for (int g = 0; g < physBits.size(); g++) {
            physLists.add(new Pairs(this, g, true));
        }
    }

    private int normalGroup(Map<Key, Integer> ids, long[][] bits) {
        long[][] copy = bits.clone();
        return ids.computeIfAbsent(new Key(copy), x -> {
            normalBits.add(copy);
            cells.add(new IntList());
            exceptions.add(new IntList());
            return normalBits.size() - 1;
        });
    }

    /** The normal name group of a pair. */
    int group(int u, int d) {
        int i = Arrays.binarySearch(excDbs[u], d);
        if (i >= 0) {
            return excGroups[u][i];
        }
        return cellGroup[userGroup[u]][dbGroup[d]];
    }

    /** Whether (u, d) is an exception pair. */
    boolean isException(int u, int d) {
        return Arrays.binarySearch(excDbs[u], d) >= 0;
    }

    /** The pairs of a name group, as an immutable list made on first use. */
    List<Region.NamePair> names(int group, boolean physical) {
        return (physical ? physLists : normalLists).get(group);
    }

    private static int[][] toArrays(List<IntList> l) {
        int[][] out = new int[l.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = l.get(i).toArray();
        }
        return out;
    }

    /** A growable int array. */
    static final class IntList {
        private int[] a = new int[4];
        private int size;

        void add(int v) {
            if (size == a.length) {
                a = Arrays.copyOf(a, size * 2);
            }
            a[size++] = v;
        }

        int get(int i) {
            return a[i];
        }

        int size() {
            return size;
        }

        int[] toArray() {
            return Arrays.copyOf(a, size);
        }
    }

    /** A growable long array. */
    private static final class LongList {
        private long[] a = new long[16];
        private int size;

        void add(long v) {
            if (size == a.length) {
                a = Arrays.copyOf(a, size * 2);
            }
            a[size++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(a, size);
        }
    }

    /** Rule words of one or more policies, compared by content. */
    static final class Key {
        private final long[][] bits;
        private final int hash;

        Key(long[][] bits) {
            this.bits = bits;
            long h = bits.length;
            for (long[] a : bits) {
                for (long w : a) {
                    h = (h + w) * 0x9E3779B97F4A7C15L; // sparse bit patterns collide under Arrays.hashCode
                    h ^= h >>> 31;
                }
            }
            this.hash = (int) (h ^ (h >>> 32));
        }

        static Key of(List<SpaceBits> policies, java.util.function.Function<SpaceBits, long[]> f) {
            long[][] b = new long[policies.size()][];
            for (int p = 0; p < b.length; p++) {
                b[p] = f.apply(policies.get(p));
            }
            return new Key(b);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && hash == k.hash && Arrays.deepEquals(bits, k.bits);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /**
     * The pairs of one name group: user-major over its cells, then its exceptions. Packed as
     * {@code u << 32 | d} when first read ({@code d = -1}: physical replication).
     */
    static final class Pairs extends AbstractList<Region.NamePair> implements RandomAccess {
        private final NameGroups groups;
        private final int group;
        private final boolean physical;
        private volatile long[] packed;

        Pairs(NameGroups groups, int group, boolean physical) {
            this.groups = groups;
            this.group = group;
            this.physical = physical;
        }

        private long[] packed() {
            long[] p = packed;
            if (p == null) {
                p = expand();
                packed = p;
            }
            return p;
        }

        private long[] expand() {
            NameGroups g = groups;
            LongList out = new LongList();
            if (physical) {
                IntList ugs = g.physUserGroups.get(group);
                for (int i = 0; i < ugs.size(); i++) {
                    for (int u : g.ugMembers[ugs.get(i)]) {
                        out.add(((long) u << 32) | 0xffffffffL);
                    }
                }
            } else {
                IntList c = g.cells.get(group);
                for (int i = 0; i < c.size(); i += 2) {
                    for (int u : g.ugMembers[c.get(i)]) {
                        for (int d : g.dgMembers[c.get(i + 1)]) {
                            if (!g.isException(u, d)) {
                                out.add(((long) u << 32) | d);
                            }
                        }
                    }
                }
                IntList e = g.exceptions.get(group);
                for (int i = 0; i < e.size(); i += 2) {
                    out.add(((long) e.get(i) << 32) | e.get(i + 1));
                }
            }
            return out.toArray();
        }

        @Override
        public Region.NamePair get(int index) {
            long v = packed()[index];
            int u = (int) (v >>> 32);
            int d = (int) v;
            return new Region.NamePair(groups.partition.users.get(u),
                    d < 0 ? groups.physicalDb : groups.partition.databases.get(d));
        }

        @Override
        public int size() {
            return packed().length;
        }
    }
}
