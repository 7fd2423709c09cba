package io.github.pghba.internal;

import io.github.pghba.check.BuildFeatures;
import io.github.pghba.check.PgVersion;
import io.github.pghba.eval.ConnectionRequest;
import io.github.pghba.eval.Criterion;
import io.github.pghba.eval.Encryption;
import io.github.pghba.eval.Environment;
import io.github.pghba.eval.Replication;
import io.github.pghba.eval.RuleCheck;
import io.github.pghba.eval.ServerInterface;
import io.github.pghba.syntax.Address;
import io.github.pghba.syntax.AuthToken;
import io.github.pghba.syntax.ConnectionType;
import io.github.pghba.syntax.HbaRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The reference interpreter: hba.c's {@code check_hba}, {@code check_db} and {@code check_role} line by
 * line, over the syntax tree, saying for every rule which check failed and why. Clarity first; the
 * {@link CompiledMatcher} must always agree with it.
 */
public final class ReferenceMatcher {
    private final List<HbaRule> rules;
    private final int[] ruleNumbers;
    private final PgVersion version;
    private final BuildFeatures build;
    private final Environment env;
    private final Map<String, Optional<AreRegex>> regexes;

    public ReferenceMatcher(List<HbaRule> rules, int[] ruleNumbers, PgVersion version, BuildFeatures build,
            Environment env, Map<String, Optional<AreRegex>> regexes) {
        this.rules = rules;
        this.ruleNumbers = ruleNumbers;
        this.version = version;
        this.build = build;
        this.env = env;
        this.regexes = regexes;
    }

    /**
     * The result of a scan.
     *
     * @param matched index of the matched rule, or -1
     * @param checks one entry per rule tried (when explaining)
     * @param state the host name state, if any lookup ran
     */
    public record Result(int matched, List<RuleCheck> checks, @Nullable RequestState state) {}

    /** Scans the rules for {@code r} with the given effective encryption. */
    public Result run(ConnectionRequest r, Encryption enc, boolean explain) {
        RequestState state = RequestState.of(r, env.resolver());
        List<RuleCheck> checks = new ArrayList<>();
        String db = r.effectiveDatabase();
        String user = r.effectiveUser();
        for (int i = 0; i < rules.size(); i++) {
            HbaRule rule = rules.get(i);
            Fail f = check(rule, r, enc, state, db, user);
            if (explain) {
                checks.add(new RuleCheck(rule, ruleNumbers[i], f == null ? Optional.empty() : Optional.of(f.criterion),
                        f == null ? "matches" : f.reason));
            }
            if (f == null) {
                return new Result(i, checks, state);
            }
        }
        return new Result(-1, checks, state);
    }

    private record Fail(Criterion criterion, String reason) {}

    private @Nullable Fail check(HbaRule rule, ConnectionRequest r, Encryption enc, @Nullable RequestState state,
            String db, String user) {
        ConnectionType t = rule.connectionType();
        if (t == ConnectionType.LOCAL) {
            if (!r.isLocal()) {
                return new Fail(Criterion.TYPE, "a local rule matches only Unix-socket connections; this one is TCP from "
                        + r.hostText());
            }
        } else {
            if (r.isLocal()) {
                return new Fail(Criterion.TYPE, "a " + t.keyword() + " rule matches only TCP connections; this one is "
                        + "over the Unix socket");
            }
            if (enc == Encryption.SSL) {
                if (t == ConnectionType.HOSTNOSSL) {
                    return new Fail(Criterion.ENCRYPTION, "hostnossl does not match a TLS connection");
                }
            } else if (t == ConnectionType.HOSTSSL) {
                return new Fail(Criterion.ENCRYPTION, "hostssl matches only TLS connections" + (build.ssl()
                        ? "" : " (this build has no SSL, so it never matches)"));
            }
            if (build.gssapi()) {
                if (enc == Encryption.GSS && t == ConnectionType.HOSTNOGSSENC) {
                    return new Fail(Criterion.ENCRYPTION, "hostnogssenc does not match a GSS-encrypted connection");
                } else if (enc != Encryption.GSS && t == ConnectionType.HOSTGSSENC) {
                    return new Fail(Criterion.ENCRYPTION, "hostgssenc matches only GSS-encrypted connections");
                }
            } else if (t == ConnectionType.HOSTGSSENC) {
                return new Fail(Criterion.ENCRYPTION, "hostgssenc never matches: this build has no GSSAPI");
            }
            Address a = rule.address().orElseThrow();
            String why = addressMismatch(a, r, state);
            if (why != null) {
                return new Fail(Criterion.ADDRESS, why);
            }
        }
        if (!checkDb(rule.databases(), db, user, r.replicationMode())) {
            if (r.replicationMode() == Replication.PHYSICAL) {
                return new Fail(Criterion.DATABASE, "a physical replication connection matches only the replication "
                        + "keyword, and the database field " + list(rule.databases()) + " does not have it");
            }
            return new Fail(Criterion.DATABASE, "database \"" + db + "\" does not match " + list(rule.databases()));
        }
        if (!checkRole(rule.users(), user)) {
            return new Fail(Criterion.USER, "user \"" + user + "\" does not match " + list(rule.users()));
        }
        return null;
    }

    private static String list(List<AuthToken> tokens) {
        StringBuilder sb = new StringBuilder();
        for (AuthToken t : tokens) {
            sb.append(sb.length() == 0 ? "" : ",").append(t);
        }
        return sb.toString();
    }

    private @Nullable String addressMismatch(Address a, ConnectionRequest r, @Nullable RequestState state) {
        byte[] client = r.address().orElseThrow();
        String host = r.hostText();
        if (a instanceof Address.All) {
            return null;
        }
        if (a instanceof Address.IpMask m) {
            if (m.isIpv6() != (client.length == 16)) {
                return host + " is " + (client.length == 16 ? "IPv6" : "IPv4") + " and " + m + " is "
                        + (m.isIpv6() ? "IPv6" : "IPv4") + " (families never mix)";
            }
            return m.contains(client) ? null : host + " is outside " + m;
        }
        if (a instanceof Address.HostName h) {
            if (state == null || !state.checkHostname(h.name())) {
                if (state != null && state.remoteHostname().isEmpty()) {
                    return host + " has no host name (the reverse lookup failed), so host name " + h.name()
                            + " cannot match";
                }
                String name = state == null ? "?" : state.remoteHostname().orElse("?");
                if (!RequestState.hostnameMatch(h.name(), name)) {
                    return host + " is " + name + ", which does not match " + (h.isSuffix() ? "the suffix " : "")
                            + h.name();
                }
                return name + " does not resolve back to " + host + ", so " + h.name() + " does not match";
            }
            return null;
        }
        boolean same = a instanceof Address.SameHost;
        for (ServerInterface i : env.interfaces()) {
            if (same ? i.sameHost(client) : i.sameNet(client)) {
                return null;
            }
        }
        return host + (same ? " is not one of the server's addresses" : " is not on a subnet of the server's "
                + "interfaces") + " " + env.interfaces();
    }

    /** {@code check_db}. */
    public boolean checkDb(List<AuthToken> tokens, String db, String user, Replication repl) {
        for (AuthToken tok : tokens) {
            if (repl == Replication.PHYSICAL) {
                if (tok.isKeyword("replication")) {
                    return true;
                }
            } else if (tok.isKeyword("all")) {
                return true;
            } else if (tok.isKeyword("sameuser")) {
                if (db.equals(user)) {
                    return true;
                }
            } else if (tok.isKeyword("samegroup") || tok.isKeyword("samerole")) {
                if (env.roles().isMember(user, db)) {
                    return true;
                }
            } else if (tok.isKeyword("replication")) {
                continue;
            } else if (tokenMatches(tok, db)) {
                return true;
            }
        }
        return false;
    }

    /** {@code check_role}. */
    public boolean checkRole(List<AuthToken> tokens, String user) {
        for (AuthToken tok : tokens) {
            if (tok.isRoleMembership()) {
                if (env.roles().isMember(user, tok.text().substring(1))) {
                    return true;
                }
            } else if (tok.isKeyword("all")) {
                return true;
            } else if (tokenMatches(tok, user)) {
                return true;
            }
        }
        return false;
    }

    /** {@code token_matches}: a regex search in 16+, else exact. */
    private boolean tokenMatches(AuthToken tok, String name) {
        if (version.atLeast(16) && tok.isRegex()) {
            Optional<AreRegex> re = regexes.getOrDefault(tok.text(), Optional.empty());
            return re.isPresent() && re.get().find(name);
        }
        return tok.text().equals(name);
    }
}
