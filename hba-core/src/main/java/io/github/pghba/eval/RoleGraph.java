package io.github.pghba.eval;

import java.util.AbstractSet;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The server's roles and their memberships, for {@code +role}, {@code samerole} and pg_ident's
 * {@code +role}. PostgreSQL's rules: membership is direct or indirect through any chain of grants; a
 * role is a member of itself; superusers are not implicitly members of anything; an unknown role is a
 * member of nothing and has no members.
 *
 * <p>A graph from a {@link #builder()} also has the memberships every cluster has from initdb
 * (13-18): {@code pg_monitor} is a member of {@code pg_read_all_settings}, {@code pg_read_all_stats}
 * and {@code pg_stat_scan_tables}, so a role granted {@code pg_monitor} matches
 * {@code +pg_read_all_stats}. Those four roles exist in it, but {@link #roles()} lists them only if
 * the builder was told about them (they cannot log in).
 */
public final class RoleGraph {
    private final Map<String, Boolean> superuser;
    private final Map<String, Set<String>> closure;
    /** The roles {@link #roles()} lists: all of them but the predefined ones nobody declared. */
    private final Set<String> declared;

    private RoleGraph(Map<String, Boolean> superuser, Map<String, Set<String>> closure, Set<String> hidden) {
        this.superuser = superuser;
        this.closure = closure;
        // a view, not a copy: a graph of a large installation has tens of thousands of roles
        this.declared = hidden.isEmpty() ? Collections.unmodifiableSet(superuser.keySet()) : new AbstractSet<>() {
            @Override
            public java.util.Iterator<String> iterator() {
                return superuser.keySet().stream().filter(r -> !hidden.contains(r)).iterator();
            }

            @Override
            public int size() {
                return superuser.size() - hidden.size();
            }

            @Override
            public boolean contains(@org.jspecify.annotations.Nullable Object o) {
                return superuser.containsKey(o) && !hidden.contains(o);
            }
        };
    }

    /** No roles at all: every membership test is false. */
    public static RoleGraph empty() {
        return new RoleGraph(Map.of(), Map.of(), Set.of());
    }

    /** A builder; the graph it builds has initdb's grants among the predefined roles too. */
    public static Builder builder() {
        return new Builder();
    }

    /** initdb's grants (13-18): pg_monitor is a member of these. */
    private static final List<String> PG_MONITOR_GROUPS = List.of("pg_read_all_settings", "pg_read_all_stats",
            "pg_stat_scan_tables");

    /** Whether the role exists. */
    public boolean exists(String role) {
        return superuser.containsKey(role);
    }

    /** Whether the role exists and is a superuser. */
    public boolean isSuperuser(String role) {
        return superuser.getOrDefault(role, false);
    }

    /** The roles the builder was told about, in the order they were added. */
    public Set<String> roles() {
        return declared;
    }

    /** PostgreSQL's {@code is_member(user, role)}: both exist, and user is role or a (indirect) member of it. */
    public boolean isMember(String user, String role) {
        if (!exists(user) || !exists(role)) {
            return false;
        }
        return user.equals(role) || closure.getOrDefault(user, Set.of()).contains(role);
    }

    /** Every role {@code user} is a member of, itself included (empty if it does not exist). */
    public Set<String> memberships(String user) {
        if (!exists(user)) {
            return Set.of();
        }
        Set<String> s = new LinkedHashSet<>();
        s.add(user);
        s.addAll(closure.getOrDefault(user, Set.of()));
        return Collections.unmodifiableSet(s);
    }

    /** Builds a {@link RoleGraph}. */
    public static final class Builder {
        private final Map<String, Boolean> superuser = new LinkedHashMap<>();
        private final Map<String, Set<String>> direct = new HashMap<>();
        private final Set<String> declared = new LinkedHashSet<>();

        private Builder() {}

        /** Adds a role (not a superuser). */
        public Builder role(String name) {
            superuser.putIfAbsent(Objects.requireNonNull(name), false);
            declared.add(name);
            return this;
        }

        /** Adds a superuser. */
        public Builder superuser(String name) {
            superuser.put(Objects.requireNonNull(name), true);
            declared.add(name);
            return this;
        }

        /** Adds a role with its superuser flag. */
        public Builder role(String name, boolean isSuperuser) {
            return isSuperuser ? superuser(name) : role(name);
        }

        /** Grants {@code group} to {@code member}; both are added as roles if missing. */
        public Builder grant(String group, String member) {
            role(group);
            role(member);
            direct.computeIfAbsent(member, k -> new LinkedHashSet<>()).add(group);
            return this;
        }

        /** The graph, memberships closed transitively. */
        public RoleGraph build() {
            // the predefined roles after the declared ones, so that roles() keeps the declared order
            Map<String, Boolean> superuser = new LinkedHashMap<>(this.superuser);
            Map<String, Set<String>> direct = new HashMap<>(this.direct);
            Set<String> predefined = new LinkedHashSet<>(direct.getOrDefault("pg_monitor", Set.of()));
            predefined.addAll(PG_MONITOR_GROUPS);
            direct.put("pg_monitor", predefined);
            superuser.putIfAbsent("pg_monitor", false);
            PG_MONITOR_GROUPS.forEach(g -> superuser.putIfAbsent(g, false));
            Map<String, Set<String>> closure = new HashMap<>();
            for (String r : superuser.keySet()) {
                Set<String> seen = new HashSet<>();
                Deque<String> todo = new ArrayDeque<>(direct.getOrDefault(r, Set.of()));
                while (!todo.isEmpty()) {
                    String g = todo.pop();
                    if (seen.add(g)) {
                        todo.addAll(direct.getOrDefault(g, Set.of()));
                    }
                }
                closure.put(r, Set.copyOf(seen));
            }
            Set<String> hidden = new HashSet<>(superuser.keySet());
            hidden.removeAll(declared);
            return new RoleGraph(Collections.unmodifiableMap(superuser), Map.copyOf(closure), Set.copyOf(hidden));
        }
    }
}
