package io.github.pghba.analysis;

import io.github.pghba.analysis.Lint.Config;
import io.github.pghba.analysis.Lint.Finding;
import io.github.pghba.analysis.Lint.Severity;
import io.github.pghba.eval.Policy;
import io.github.pghba.syntax.Address;
import io.github.pghba.syntax.AuthMethod;
import io.github.pghba.syntax.AuthSettings;
import io.github.pghba.syntax.AuthToken;
import io.github.pghba.syntax.ConnectionType;
import io.github.pghba.syntax.HbaRule;
import io.github.pghba.syntax.IdentMapping;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The lint checks as they were before they read the grouped tables: over {@link Region} objects
 * ({@code regionsOf}, {@code regions()}) and their name lists. The oracle of {@link LintRandomTest}.
 */
final class RegionLint {
    private RegionLint() {}

    static List<Finding> run(Policy policy, Config config) {
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

    private static final class Ctx {
        final Policy policy;
        final Reachability reach;
        final Config config;
        final List<Finding> out;
        final List<HbaRule> rules;
        final Set<String> admins = new LinkedHashSet<>();

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
        }

        void add(String id, HbaRule rule, String message, String rationale, String fix) {
            if (config.disabled().contains(id)) {
                return;
            }
            Severity s = Lint.CHECKS.stream().filter(k -> k.id().equals(id)).findFirst().orElseThrow().severity();
            for (Finding f : out) {
                if (f.check().equals(id) && f.rule() == rule) {
                    return;
                }
            }
            out.add(new Finding(id, s, rule, message, rationale, fix));
        }

        /** Regions reaching rule i over the given transports. */
        List<Region> reaching(int i, Transport... transports) {
            List<Region> l = new ArrayList<>();
            for (Region r : reach.regionsOf(i)) {
                for (Transport t : transports) {
                    if (r.transport() == t) {
                        l.add(r);
                    }
                }
            }
            return l;
        }

        void trust() {
            for (int i = 0; i < rules.size(); i++) {
                HbaRule r = rules.get(i);
                if (r.method() != AuthMethod.TRUST) {
                    continue;
                }
                if (r.connectionType() != ConnectionType.LOCAL && !reaching(i, Transport.TCP, Transport.TCP_SSL,
                        Transport.TCP_GSS).isEmpty()) {
                    add("trust-tcp", r, "`" + text(r) + "` lets anyone who can reach the port in without a password",
                            "trust over TCP authenticates nothing: any client on the allowed networks can claim to be "
                                    + "any user it names",
                            "use scram-sha-256 (with hostssl) or cert instead of trust");
                }
                if (r.connectionType() == ConnectionType.LOCAL && hasKeyword(r.users(), "all")
                        && !reaching(i, Transport.LOCAL).isEmpty()) {
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
                if (reaching(i, Transport.TCP).isEmpty()) {
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

        void privileged() {
            for (int i = 0; i < rules.size(); i++) {
                HbaRule r = rules.get(i);
                if (r.method() == AuthMethod.REJECT || r.connectionType() == ConnectionType.LOCAL) {
                    continue;
                }
                Set<String> who = new LinkedHashSet<>();
                for (Region region : reaching(i, Transport.TCP, Transport.TCP_SSL, Transport.TCP_GSS)) {
                    for (Region.NamePair p : region.names()) {
                        if (p.user().kind() == NameClass.Kind.NAMED && admins.contains(p.user().witness())) {
                            who.add(p.user().witness());
                        }
                    }
                }
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
            for (int i = 1; i < rules.size(); i++) {
                HbaRule r = rules.get(i);
                if (r.method() == AuthMethod.REJECT || r.connectionType() == ConnectionType.LOCAL) {
                    continue;
                }
                boolean broadAddr = r.address().map(a -> a instanceof Address.All
                        || (a instanceof Address.IpMask m && m.prefixLength() == 0)).orElse(false);
                if (!broadAddr || !hasKeyword(r.users(), "all") || !hasKeyword(r.databases(), "all")) {
                    continue;
                }
                if (reach.regionsOf(i).isEmpty()) {
                    continue;
                }
                boolean restrictiveAbove = false;
                for (int k = 0; k < i; k++) {
                    HbaRule e = rules.get(k);
                    if (e.connectionType() != ConnectionType.LOCAL && e.method() != AuthMethod.REJECT) {
                        restrictiveAbove = true;
                    }
                }
                if (restrictiveAbove) {
                    add("catch-all-allow", r, "`" + text(r) + "` admits every TCP request the rules above do not take,"
                            + " so their user, database and address limits restrict nothing",
                            "an allow-list only restricts if what it does not list is refused; a trailing catch-all "
                                    + "(such as an operator's `host all all all scram-sha-256`) admits the rest",
                            "add `host all all all reject` right after the rules that should be the only way in");
                }
            }
        }

        void gssFallthrough() {
            if (!reach.transports().contains(Transport.TCP_GSS)) {
                return;
            }
            for (int i = 0; i < rules.size(); i++) {
                HbaRule r = rules.get(i);
                if (r.connectionType() != ConnectionType.HOSTSSL || r.method() == AuthMethod.REJECT) {
                    continue;
                }
                List<Region> ssl = reaching(i, Transport.TCP_SSL);
                for (Region g : reach.regions()) {
                    if (g.transport() != Transport.TCP_GSS || g.ruleIndex() <= i
                            || g.outcome() != io.github.pghba.eval.Decision.Outcome.MATCHED
                            || g.rule().orElseThrow().method() == r.method()) {
                        continue;
                    }
                    if (overlaps(ssl, g)) {
                        HbaRule to = g.rule().orElseThrow();
                        add("gss-encryption-fallthrough", r, "clients using GSS encryption instead of TLS skip `"
                                + text(r) + "` and reach " + to.file() + ":" + to.lineNumber() + " (" + to.method()
                                .keyword() + ")",
                                "hostssl matches only TLS; a GSS-encrypted connection is not TLS, so it falls through "
                                        + "to a later, often weaker, rule",
                                "add the same rule as hostgssenc (or use host, which matches both), or reject "
                                        + "hostgssenc connections explicitly");
                        break;
                    }
                }
            }
        }

        private static boolean overlaps(List<Region> a, Region g) {
            for (Region r : a) {
                boolean names = false;
                for (Region.NamePair p : r.names()) {
                    if (g.names().contains(p)) {
                        names = true;
                        break;
                    }
                }
                if (!names) {
                    continue;
                }
                for (AddressRange x : r.addresses()) {
                    for (AddressRange y : g.addresses()) {
                        if (x.ipv6() == y.ipv6() && x.first().compareTo(y.last()) <= 0
                                && y.first().compareTo(x.last()) <= 0) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        void methods() {
            boolean v14 = policy.config().version().atLeast(14);
            for (int i = 0; i < rules.size(); i++) {
                HbaRule r = rules.get(i);
                if (reach.regionsOf(i).isEmpty()) {
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
