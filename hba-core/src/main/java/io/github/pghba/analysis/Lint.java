package io.github.pghba.analysis;

import io.github.pghba.eval.IdentMaps;
import io.github.pghba.eval.Policy;
import io.github.pghba.syntax.Address;
import io.github.pghba.syntax.AuthMethod;
import io.github.pghba.syntax.AuthSettings;
import io.github.pghba.syntax.AuthToken;
import io.github.pghba.syntax.ConnectionType;
import io.github.pghba.syntax.HbaRule;
import io.github.pghba.syntax.IdentMapping;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The hardening review: checks with stable IDs over a policy and its reachability, each finding with
 * a severity, the rule's position, a one-line rationale and a concrete fix. A deliberate
 * {@code reject}, however broad, is never a finding.
 */
public final class Lint {

    /** How serious a finding is. */
    public enum Severity {
        /** Anyone can get in. */
        CRITICAL,
        /** A real weakness. */
        HIGH,
        /** Worth fixing. */
        MEDIUM,
        /** Tidiness: the file does not do what it seems to. */
        LOW,
        /** For information. */
        INFO;

        /** Lower-case name. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A check.
     *
     * @param id the stable ID
     * @param severity its default severity
     * @param title a short title
     */
    public record Check(String id, Severity severity, String title) {}

    /** Every check, in the order they run. */
    public static final List<Check> CHECKS = List.of(
            new Check("trust-tcp", Severity.CRITICAL, "trust over TCP"),
            new Check("trust-local-all", Severity.HIGH, "trust on the Unix socket for every user"),
            new Check("cleartext-password", Severity.HIGH, "cleartext password without TLS"),
            new Check("superuser-without-cert", Severity.HIGH, "privileged role over TCP without a client certificate"),
            new Check("broad-network-password", Severity.HIGH, "privileged role from any address with a password only"),
            new Check("catch-all-allow", Severity.HIGH, "a catch-all allow rule makes the rules above it pointless"),
            new Check("gss-encryption-fallthrough", Severity.HIGH, "GSS-encrypted clients skip a hostssl rule"),
            new Check("unencrypted-tcp", Severity.MEDIUM, "TCP connections admitted without encryption"),
            new Check("md5", Severity.MEDIUM, "md5 where scram-sha-256 is available"),
            new Check("ident-tcp", Severity.MEDIUM, "ident over TCP"),
            new Check("ldap-without-tls", Severity.MEDIUM, "ldap without TLS"),
            new Check("missing-ident-map", Severity.MEDIUM, "map= names a map pg_ident.conf does not have"),
            new Check("regex-unanchored", Severity.MEDIUM, "an unanchored regular expression matches more than it seems"),
            new Check("dead-rule", Severity.LOW, "no request can reach the rule"),
            new Check("shadowed-rule", Severity.INFO, "earlier rules take part of the rule's requests"));

    /**
     * One finding.
     *
     * @param check the check's ID
     * @param severity its severity
     * @param rule the rule it is about
     * @param message what is wrong, about this rule
     * @param rationale why it matters
     * @param fix what to do
     */
    public record Finding(String check, Severity severity, HbaRule rule, String message, String rationale,
            String fix) {

        /** Checks for null. */
        public Finding {
            Objects.requireNonNull(check, "check");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(rule, "rule");
        }

        /** {@code file:line: severity [check] message}, then the fix. */
        public String format() {
            return rule.file() + ":" + rule.lineNumber() + ": " + severity.label() + " [" + check + "] " + message
                    + "\n  why: " + rationale + "\n  fix: " + fix;
        }
    }

    /**
     * What to check.
     *
     * @param disabled check IDs to skip
     * @param adminRoles privileged roles besides the role graph's superusers (default: postgres)
     * @param identMaps the pg_ident.conf maps, for missing-ident-map (empty: not checked)
     */
    public record Config(Set<String> disabled, Set<String> adminRoles, Optional<IdentMaps> identMaps) {
        /** Copies the sets. */
        public Config {
            disabled = Set.copyOf(disabled);
            adminRoles = Set.copyOf(adminRoles);
            Objects.requireNonNull(identMaps, "identMaps");
        }

        /** Everything on, admin role {@code postgres}, no ident maps. */
        public static Config defaults() {
            return new Config(Set.of(), Set.of("postgres"), Optional.empty());
        }

        /** A copy with these checks disabled. */
        public Config withDisabled(Set<String> ids) {
            return new Config(ids, adminRoles, identMaps);
        }

        /** A copy with these admin roles. */
        public Config withAdminRoles(Set<String> roles) {
            return new Config(disabled, roles, identMaps);
        }

        /** A copy checking map= against these maps. */
        public Config withIdentMaps(IdentMaps maps) {
            return new Config(disabled, adminRoles, Optional.of(maps));
        }
    }

    private Lint() {}

    /** Runs every enabled check; findings are sorted by file position. */
    public static List<Finding> run(Policy policy, Config config) {
        Reachability reach = Reachability.of(policy);
        List<Finding> out = new ArrayList<>();
        Ctx c = new Ctx(policy, reach, config, out);
        c.trust();
        c.cleartextAndUnencrypted();
        c.privileged();
        c.catchAll();
        c.gssFallthrough();
        c.methods();
        c.identMaps();
        c.regexes();
        c.deadAndShadowed();
        out.sort(Comparator.comparing((Finding f) -> f.rule().file()).thenComparingInt(f -> f.rule().lineNumber())
                .thenComparing(f -> f.severity()));
        return out;
    }

    private static final Map<String, Severity> SEVERITY = severities();

    private static Map<String, Severity> severities() {
        Map<String, Severity> m = new HashMap<>();
        for (Check k : CHECKS) {
            m.put(k.id(), k.severity());
        }
        return m;
    }

    /**
     * The checks over the analysis's grouped tables (first rule per row and name group), never over
     * {@link Region} objects: a region exists for every (row, name group) cell, its names are its
     * name group's pairs, and the address groups are disjoint, as are the name groups; so two regions
     * share a request exactly when they have the same address group and name group.
     */
    private static final class Ctx {
        final Policy policy;
        final Reachability reach;
        final Config config;
        final List<Finding> out;
        final List<HbaRule> rules;
        final Set<String> admins = new LinkedHashSet<>();
        /** Findings already made, per check: the rules (by identity). */
        final Map<String, Set<HbaRule>> made = new HashMap<>();
        /** Per rule: a bit per transport (by ordinal) whose requests reach it. */
        final int[] reachedOver;

        Ctx(Policy policy, Reachability reach, Config config, List<Finding> out) {
            this.policy = policy;
            this.reach = reach;
            this.config = config;
            this.out = out;
            this.rules = policy.rules();
            admins.addAll(config.adminRoles());
            for (String r : policy.environment().roles().roles()) {
                if (policy.environment().roles().isSuperuser(r)) {
                    admins.add(r);
                }
            }
            reachedOver = new int[rules.size()];
            for (int row = 0; row < reach.rowTransport.size(); row++) {
                int bit = 1 << reach.rowTransport.get(row).ordinal();
                for (int[] first : List.of(reach.firstNormal.get(row), reach.firstPhysical.get(row))) {
                    for (int f : first) {
                        if (f >= 0) {
                            reachedOver[f] |= bit;
                        }
                    }
                }
            }
        }

        void add(String id, HbaRule rule, String message, String rationale, String fix) {
            if (config.disabled().contains(id)) {
                return;
            }
            Severity s = Objects.requireNonNull(SEVERITY.get(id), id);
            if (!made.computeIfAbsent(id, k -> Collections.newSetFromMap(new IdentityHashMap<>())).add(rule)) {
                return;
            }
            out.add(new Finding(id, s, rule, message, rationale, fix));
        }

        /** Whether requests over any of the transports reach rule i. */
        boolean reaching(int i, Transport... transports) {
            for (Transport t : transports) {
                if ((reachedOver[i] & (1 << t.ordinal())) != 0) {
                    return true;
                }
            }
            return false;
        }

        boolean reached(int i) {
            return reachedOver[i] != 0;
        }

        void trust() {
            for (int i = 0; i < rules.size(); i++) {
                HbaRule r = rules.get(i);
                if (r.method() != AuthMethod.TRUST) {
                    continue;
                }
                if (r.connectionType() != ConnectionType.LOCAL && reaching(i, Transport.TCP, Transport.TCP_SSL,
                        Transport.TCP_GSS)) {
                    add("trust-tcp", r, "`" + text(r) + "` lets anyone who can reach the port in without a password",
                            "trust over TCP authenticates nothing: any client on the allowed networks can claim to be "
                                    + "any user it names",
                            "use scram-sha-256 (with hostssl) or cert instead of trust");
                }
                if (r.connectionType() == ConnectionType.LOCAL && hasKeyword(r.users(), "all")
                        && reaching(i, Transport.LOCAL)) {
                    add("trust-local-all", r, "`" + text(r) + "` lets every local OS user connect as any database user",
                            "anyone with a shell on the server (or kubectl exec into it) becomes any role, "
                                    + "superusers included",
                            "use peer (with a map= where OS and database user names differ) instead of trust");
                }
            }
        }

        void cleartextAndUnencrypted() {
            for (int i = 0; i < rules.size(); i++) {
                HbaRule r = rules.get(i);
                if (r.method() == AuthMethod.REJECT || r.connectionType() == ConnectionType.LOCAL) {
                    continue;
                }
                if (!reaching(i, Transport.TCP)) {
                    continue;
                }
                if (r.method() == AuthMethod.PASSWORD) {
                    add("cleartext-password", r, "`" + text(r) + "` sends passwords in clear text over unencrypted TCP",
                            "the password method transmits the password itself; without TLS anyone on the path "
                                    + "reads it",
                            "use scram-sha-256, and hostssl instead of " + r.connectionType().keyword());
                }
                add("unencrypted-tcp", r, "`" + text(r) + "` admits TCP connections without encryption",
                        "without TLS the session, its data and (for weak methods) its credentials cross the network "
                                + "in clear",
                        "use hostssl for this rule, and put `hostnossl all all all reject` before the TCP rules");
            }
        }

        /**
         * Per rule: the privileged user classes TCP requests reaching it come from, in the order the
         * regions and their name lists would list them (rows, normal then physical name groups, each
         * group's pairs user-major over its cells, then its exception pairs).
         */
        List<Set<String>> privilegedUsers() {
            List<Set<String>> who = new ArrayList<>();
            for (int i = 0; i < rules.size(); i++) {
                who.add(new LinkedHashSet<>());
            }
            NameGroups ng = reach.names;
            List<NameClass> users = reach.userClasses();
            boolean[] admin = new boolean[users.size()];
            boolean any = false;
            for (int u = 0; u < admin.length; u++) {
                NameClass c = users.get(u);
                admin[u] = c.kind() == NameClass.Kind.NAMED && admins.contains(c.witness());
                any |= admin[u];
            }
            if (!any) {
                return who;
            }
            // per user group: its privileged members, in member order
            int[][] adminMembers = new int[ng.ugMembers.length][];
            for (int g = 0; g < adminMembers.length; g++) {
                adminMembers[g] = Arrays.stream(ng.ugMembers[g]).filter(u -> admin[u]).toArray();
            }
            int[][] normal = new int[ng.normalBits.size()][];
            for (int g = 0; g < normal.length; g++) {
                Set<Integer> l = new LinkedHashSet<>();
                NameGroups.IntList c = ng.cells.get(g);
                for (int k = 0; k < c.size(); k += 2) {
                    int dg = c.get(k + 1);
                    for (int u : adminMembers[c.get(k)]) {
                        int exceptions = 0;
                        for (int d : ng.excDbs[u]) {
                            exceptions += d != ng.sameDb && ng.dbGroup[d] == dg ? 1 : 0;
                        }
                        if (exceptions < ng.dgMembers[dg].length) {
                            l.add(u);
                        }
                    }
                }
                NameGroups.IntList e = ng.exceptions.get(g);
                for (int k = 0; k < e.size(); k += 2) {
                    if (admin[e.get(k)]) {
                        l.add(e.get(k));
                    }
                }
                normal[g] = l.stream().mapToInt(Integer::intValue).toArray();
            }
            int[][] physical = new int[ng.physBits.size()][];
            for (int g = 0; g < physical.length; g++) {
                List<Integer> l = new ArrayList<>();
                NameGroups.IntList ugs = ng.physUserGroups.get(g);
                for (int k = 0; k < ugs.size(); k++) {
                    for (int u : adminMembers[ugs.get(k)]) {
                        l.add(u);
                    }
                }
                physical[g] = l.stream().mapToInt(Integer::intValue).toArray();
            }
            for (int row = 0; row < reach.rowTransport.size(); row++) {
                if (reach.rowTransport.get(row) == Transport.LOCAL) {
                    continue;
                }
                for (int kind = 0; kind < 2; kind++) {
                    int[] first = kind == 0 ? reach.firstNormal.get(row) : reach.firstPhysical.get(row);
                    int[][] members = kind == 0 ? normal : physical;
                    for (int g = 0; g < first.length; g++) {
                        if (first[g] >= 0 && members[g].length > 0) {
                            for (int u : members[g]) {
                                who.get(first[g]).add(users.get(u).witness());
                            }
                        }
                    }
                }
            }
            return who;
        }

        void privileged() {
            List<Set<String>> privileged = privilegedUsers();
            for (int i = 0; i < rules.size(); i++) {
                HbaRule r = rules.get(i);
                if (r.method() == AuthMethod.REJECT || r.connectionType() == ConnectionType.LOCAL) {
                    continue;
                }
                Set<String> who = privileged.get(i);
                if (who.isEmpty()) {
                    continue;
                }
                boolean certified = r.method() == AuthMethod.CERT
                        || r.settings().clientCert() == AuthSettings.ClientCert.VERIFY_FULL;
                if (!certified) {
                    add("superuser-without-cert", r, "privileged role(s) " + String.join(", ", who)
                            + " can connect over TCP through `" + text(r) + "` without a client certificate",
                            "a stolen or guessed password is enough to become superuser",
                            "require clientcert=verify-full (or use cert) on hostssl lines for these roles, or allow "
                                    + "them only on the Unix socket");
                }
                boolean broad = r.address().map(a -> a instanceof Address.All
                        || (a instanceof Address.IpMask m && m.prefixLength() == 0)).orElse(false);
                boolean passwordOnly = r.method() == AuthMethod.PASSWORD || r.method() == AuthMethod.MD5
                        || r.method() == AuthMethod.SCRAM_SHA_256;
                if (broad && passwordOnly && !certified) {
                    add("broad-network-password", r, "privileged role(s) " + String.join(", ", who)
                            + " can log in from any address with only a password through `" + text(r) + "`",
                            "the whole internet (or cluster network) can try passwords against superusers",
                            "limit the address to the admin network and add clientcert=verify-full");
                }
            }
        }

        void catchAll() {
            boolean restrictiveAbove = false;
            for (int i = 0; i < rules.size(); i++) {
                HbaRule r = rules.get(i);
                boolean check = i > 0 && r.method() != AuthMethod.REJECT && r.connectionType() != ConnectionType.LOCAL
                        && r.address().map(a -> a instanceof Address.All
                                || (a instanceof Address.IpMask m && m.prefixLength() == 0)).orElse(false)
                        && hasKeyword(r.users(), "all") && hasKeyword(r.databases(), "all") && reached(i);
                if (check && restrictiveAbove) {
                    add("catch-all-allow", r, "`" + text(r) + "` admits every TCP request the rules above do not take,"
                            + " so their user, database and address limits restrict nothing",
                            "an allow-list only restricts if what it does not list is refused; a trailing catch-all "
                                    + "(such as an operator's `host all all all scram-sha-256`) admits the rest",
                            "add `host all all all reject` right after the rules that should be the only way in");
                }
                restrictiveAbove |= r.connectionType() != ConnectionType.LOCAL && r.method() != AuthMethod.REJECT;
            }
        }

        /**
         * A hostssl rule reached over TLS whose requests, made GSS-encrypted instead, reach a later
         * rule with another method: the same (address group, name group) cell of the TLS row and the
         * GSS row of one address group. The first such GSS cell, in region order, names the rule.
         */
        void gssFallthrough() {
            if (!reach.transports().contains(Transport.TCP_GSS)) {
                return;
            }
            Map<Integer, Integer> sslRow = new HashMap<>();
            for (int row = 0; row < reach.rowTransport.size(); row++) {
                if (reach.rowTransport.get(row) == Transport.TCP_SSL) {
                    sslRow.put(reach.rowAddress.get(row), row);
                }
            }
            boolean[] candidate = new boolean[rules.size()];
            boolean anyCandidate = false;
            for (int i = 0; i < rules.size(); i++) {
                HbaRule r = rules.get(i);
                candidate[i] = r.connectionType() == ConnectionType.HOSTSSL && r.method() != AuthMethod.REJECT;
                anyCandidate |= candidate[i];
            }
            int[] to = new int[rules.size()];
            Arrays.fill(to, -1);
            if (anyCandidate) {
                for (int row = 0; row < reach.rowTransport.size(); row++) {
                    Integer ssl = sslRow.get(reach.rowAddress.get(row));
                    if (reach.rowTransport.get(row) != Transport.TCP_GSS || ssl == null) {
                        continue;
                    }
                    for (int kind = 0; kind < 2; kind++) {
                        int[] gss = kind == 0 ? reach.firstNormal.get(row) : reach.firstPhysical.get(row);
                        int[] tls = kind == 0 ? reach.firstNormal.get(ssl) : reach.firstPhysical.get(ssl);
                        for (int g = 0; g < gss.length; g++) {
                            int s = tls[g];
                            int j = gss[g];
                            if (s >= 0 && j > s && candidate[s] && to[s] < 0
                                    && rules.get(j).method() != AuthMethod.REJECT
                                    && rules.get(j).method() != rules.get(s).method()) {
                                to[s] = j;
                            }
                        }
                    }
                }
            }
            for (int i = 0; i < rules.size(); i++) {
                if (to[i] < 0) {
                    continue;
                }
                HbaRule r = rules.get(i);
                HbaRule target = rules.get(to[i]);
                add("gss-encryption-fallthrough", r, "clients using GSS encryption instead of TLS skip `"
                        + text(r) + "` and reach " + target.file() + ":" + target.lineNumber() + " ("
                        + target.method().keyword() + ")",
                        "hostssl matches only TLS; a GSS-encrypted connection is not TLS, so it falls through "
                                + "to a later, often weaker, rule",
                        "add the same rule as hostgssenc (or use host, which matches both), or reject "
                                + "hostgssenc connections explicitly");
            }
        }

        void methods() {
            boolean v14 = policy.config().version().atLeast(14);
            for (int i = 0; i < rules.size(); i++) {
                HbaRule r = rules.get(i);
                if (!reached(i)) {
                    continue;
                }
                if (r.method() == AuthMethod.MD5 && v14) {
                    add("md5", r, "`" + text(r) + "` uses md5",
                            "MD5 password hashes are weak and deprecated (PostgreSQL 18 warns when one is set); "
                                    + "scram-sha-256 is the default since 14",
                            "use scram-sha-256 (re-set passwords with password_encryption = scram-sha-256 first)");
                }
                if (r.method() == AuthMethod.IDENT && r.connectionType() != ConnectionType.LOCAL) {
                    add("ident-tcp", r, "`" + text(r) + "` trusts the client host's ident server",
                            "ident over TCP believes whatever user name the client machine reports; anyone "
                                    + "controlling that machine chooses it",
                            "use scram-sha-256 or cert over TCP; keep peer for local connections");
                }
                if (r.method() == AuthMethod.LDAP && !r.settings().value("ldaptls").isPresent()
                        && !"ldaps".equals(r.settings().value("ldapscheme").orElse(""))) {
                    add("ldap-without-tls", r, "`" + text(r) + "` talks to the LDAP server without TLS",
                            "the user's password is passed on to the LDAP server in clear",
                            "add ldaptls=1 or use ldapscheme=ldaps");
                }
            }
        }

        void identMaps() {
            if (config.identMaps().isEmpty()) {
                return;
            }
            Set<String> maps = new LinkedHashSet<>();
            for (IdentMapping m : config.identMaps().get().lines()) {
                maps.add(m.mapName());
            }
            for (HbaRule r : rules) {
                Optional<String> map = r.settings().map();
                if (map.isPresent() && !maps.contains(map.get())) {
                    add("missing-ident-map", r, "`" + text(r) + "` uses map=" + map.get()
                            + ", which pg_ident.conf does not define",
                            "with no such map every login through this rule fails after the password or certificate "
                                    + "check",
                            "add the map to pg_ident.conf or correct the name");
                }
            }
        }

        void regexes() {
            if (!policy.config().version().atLeast(16)) {
                return;
            }
            for (HbaRule r : rules) {
                for (List<AuthToken> field : List.of(r.databases(), r.users())) {
                    for (AuthToken t : field) {
                        String re = t.text();
                        if (!t.isRegex()) {
                            continue;
                        }
                        String body = re.substring(1);
                        if (body.startsWith("(?")) {
                            body = body.substring(body.indexOf(')') + 1);
                        }
                        if (!body.startsWith("^") || !body.endsWith("$")) {
                            add("regex-unanchored", r, "`" + re + "` is a search, not a full match: it matches every "
                                    + "name that merely contains a match" + (t.quoted() ? " (quoting does not stop "
                                    + "regular expressions)" : ""),
                                    "PostgreSQL searches the name for the pattern: /app matches webapp and app_admin",
                                    "anchor it: /^" + body.replaceAll("^\\^", "").replaceAll("\\$$", "") + "$");
                        }
                    }
                }
            }
        }

        void deadAndShadowed() {
            for (RuleReach rr : reach.rules()) {
                HbaRule r = rr.rule();
                if (rr.dead()) {
                    String by = rr.shadowedBy().isEmpty() ? "it matches no request at all"
                            : "earlier rules take all its requests: " + lines(rr.shadowedBy());
                    add("dead-rule", r, "no request can reach `" + text(r) + "`: " + by,
                            "a rule no one reaches usually means the file does not do what its author meant",
                            rr.shadowedBy().isEmpty() ? "remove it, or fix its connection type or address"
                                    : "move it above " + lines(rr.shadowedBy()) + ", or remove it");
                } else if (rr.partlyShadowed() && r.method() != AuthMethod.REJECT) {
                    add("shadowed-rule", r, "some requests `" + text(r) + "` matches go to earlier rules: "
                            + lines(rr.shadowedBy()),
                            "first match wins; only the remaining requests use this rule",
                            "no action needed if intended; otherwise reorder");
                }
            }
        }

        private String lines(List<Integer> idx) {
            List<String> s = new ArrayList<>();
            for (int i : idx) {
                s.add("line " + rules.get(i).lineNumber() + (rules.get(i).file().equals(policy.config().path()) ? ""
                        : " of " + rules.get(i).file()));
            }
            return String.join(", ", s);
        }

        private static boolean hasKeyword(List<AuthToken> tokens, String k) {
            return tokens.stream().anyMatch(t -> t.isKeyword(k));
        }

        private static String text(HbaRule r) {
            return r.logicalText().strip().replaceAll("\\s+", " ");
        }
    }
}
