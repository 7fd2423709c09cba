package io.github.pghba.eval;

import io.github.pghba.check.BuildFeatures;
import io.github.pghba.check.Diagnostic;
import io.github.pghba.check.PgVersion;
import io.github.pghba.check.ServerSettings;
import io.github.pghba.internal.AreRegex;
import io.github.pghba.internal.EvalMessages;
import io.github.pghba.internal.ReferenceMatcher;
import io.github.pghba.load.HbaConfig;
import io.github.pghba.syntax.AuthMethod;
import io.github.pghba.syntax.AuthSettings;
import io.github.pghba.syntax.AuthToken;
import io.github.pghba.syntax.HbaRule;
import io.github.pghba.syntax.SourceLine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded pg_hba.conf ready to answer connection requests: which rule PostgreSQL would pick (first
 * match, top-down), with the method, options and messages that follow. Immutable and thread-safe;
 * build it once and evaluate from any number of threads.
 *
 * <pre>{@code
 * Policy policy = Policy.compile(config, Environment.defaults());
 * Decision d = policy.evaluate(ConnectionRequest.host("192.0.2.10").ssl().user("alice").database("app"));
 * System.out.println(policy.explain(request).format());
 * }</pre>
 *
 * <p>Two engines give the same answers: a compiled matcher for {@link #evaluate} and a reference
 * interpreter that mirrors PostgreSQL's {@code check_hba} for {@link #explain} and
 * {@link #evaluateReference}.
 */
public final class Policy {
    private final HbaConfig config;
    private final Environment env;
    private final IdentMaps identMaps;
    private final List<HbaRule> rules;
    private final int[] ruleNumbers;
    private final PgVersion version;
    private final BuildFeatures build;
    private final ServerSettings settings;
    private final CompiledMatcher compiled;
    private final ReferenceMatcher reference;
    private final List<Diagnostic> loadErrors;
    /** {@code config.loadable()}, computed once: the hot path must not stream the diagnostics. */
    private final boolean loadable;
    /** {@code db_user_namespace} is on, and the release still has it (13-16). */
    private final boolean dbUserNamespace;

    private Policy(HbaConfig config, IdentMaps identMaps, Environment env) {
        this.config = config;
        this.env = env;
        this.identMaps = identMaps;
        this.version = config.version();
        this.build = config.options().build();
        this.settings = config.options().settings();
        this.dbUserNamespace = settings.dbUserNamespace() && !version.atLeast(17);
        this.loadErrors = config.errors();
        this.loadable = loadErrors.isEmpty();
        this.rules = loadable ? config.rules() : List.of();
        this.ruleNumbers = new int[rules.size()];
        int n = 0;
        int i = 0;
        for (SourceLine line : config.entries()) {
            if (line instanceof HbaRule r && loadable) {
                boolean warned = r.warnings().stream().anyMatch(w -> w.viewError().isPresent());
                ruleNumbers[i++] = warned ? 0 : ++n;
            } else if (!(line instanceof HbaRule)) {
                n++; // silent-failure rows count too, but then the file does not load
            }
        }
        Map<String, Optional<AreRegex>> regexes = new HashMap<>();
        if (version.atLeast(16)) {
            for (HbaRule r : rules) {
                for (List<AuthToken> l : List.of(r.databases(), r.users())) {
                    for (AuthToken t : l) {
                        if (t.isRegex()) {
                            regexes.computeIfAbsent(t.text(), k -> AreRegex.compile(k.substring(1)));
                        }
                    }
                }
            }
        }
        Map<String, Optional<AreRegex>> frozen = Map.copyOf(regexes);
        this.compiled = new CompiledMatcher(rules, version, build, env, frozen);
        this.reference = new ReferenceMatcher(rules, ruleNumbers, version, build, env, frozen);
    }

    /** A policy from a loaded pg_hba.conf, without user name maps. */
    public static Policy compile(HbaConfig config, Environment env) {
        return new Policy(config, IdentMaps.none(config.version()), env);
    }

    /** A policy from a loaded pg_hba.conf and its pg_ident.conf maps. */
    public static Policy compile(HbaConfig config, IdentMaps identMaps, Environment env) {
        return new Policy(Objects.requireNonNull(config), Objects.requireNonNull(identMaps), Objects.requireNonNull(env));
    }

    /** The loaded file. */
    public HbaConfig config() {
        return config;
    }

    /** The environment. */
    public Environment environment() {
        return env;
    }

    /** The rules matched against, in order (empty if the file does not load). */
    public List<HbaRule> rules() {
        return rules;
    }

    /** The encryption the connection can really have on this server (TLS needs ssl on, GSS a GSSAPI build). */
    public Encryption effectiveEncryption(ConnectionRequest r) {
        if (r.isLocal()) {
            return Encryption.NONE;
        }
        if (r.encryption() == Encryption.SSL && !(settings.ssl() && build.ssl())) {
            return Encryption.NONE;
        }
        if (r.encryption() == Encryption.GSS && !build.gssapi()) {
            return Encryption.NONE;
        }
        return r.encryption();
    }

    /**
     * The index in {@link #rules()} of the rule the request hits, or -1: the compiled matcher's raw
     * answer, allocating nothing unless a host-name rule has to be tried (or a thread runs one of
     * the file's regular expressions for the first time).
     */
    public int match(ConnectionRequest request) {
        ConnectionRequest r = seen(request);
        if (!loadable) {
            return -1;
        }
        return compiled.match(r, effectiveEncryption(r));
    }

    /**
     * The decision, from the compiled matcher (no explanation). The decision's request is the one
     * the server matches: with {@code db_user_namespace} on (13-16), its user name rewritten.
     *
     * @throws IllegalArgumentException if the request has no user name (the server refuses it
     *     before it reads pg_hba.conf: "no PostgreSQL user name specified in startup packet")
     */
    public Decision evaluate(ConnectionRequest request) {
        ConnectionRequest r = seen(request);
        if (!loadable) {
            return invalid(r);
        }
        return decide(r, compiled.match(r, effectiveEncryption(r)), List.of());
    }

    /** The decision from the reference interpreter (no explanation); always equal to {@link #evaluate}. */
    public Decision evaluateReference(ConnectionRequest request) {
        ConnectionRequest r = seen(request);
        if (!loadable) {
            return invalid(r);
        }
        return decide(r, reference.run(r, effectiveEncryption(r), false).matched(), List.of());
    }

    /** The decision with the full explanation: every rule tried and why it did or did not match. */
    public Decision explain(ConnectionRequest request) {
        ConnectionRequest r = seen(request);
        if (!loadable) {
            return invalid(r);
        }
        ReferenceMatcher.Result res = reference.run(r, effectiveEncryption(r), true);
        return decide(r, res.matched(), res.checks());
    }

    /**
     * The request as the server matches it (ProcessStartupPacket): a user name is required, and
     * {@code db_user_namespace} (13-16) rewrites it.
     */
    private ConnectionRequest seen(ConnectionRequest r) {
        if (r.user().isEmpty()) {
            throw new IllegalArgumentException("no PostgreSQL user name specified in startup packet");
        }
        return dbUserNamespace ? r.underDbUserNamespace() : r;
    }

    private Decision invalid(ConnectionRequest r) {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : loadErrors) {
            sb.append(sb.length() == 0 ? "" : "\n").append(d.span()).append(": ").append(d.message());
        }
        return new Decision(Decision.Outcome.INVALID_FILE, r, Optional.empty(), 0, Optional.empty(), Optional.empty(),
                Optional.of(sb.toString()), List.of(), Optional.empty(), loadErrors);
    }

    private Decision decide(ConnectionRequest r, int index, List<RuleCheck> checks) {
        Encryption enc = effectiveEncryption(r);
        if (index < 0) {
            return new Decision(Decision.Outcome.NO_MATCH, r, Optional.empty(), 0, Optional.empty(), Optional.empty(),
                    Optional.of(EvalMessages.noMatch(version, r, enc)), checks, Optional.empty(), List.of());
        }
        HbaRule rule = rules.get(index);
        if (rule.method() == AuthMethod.REJECT) {
            return new Decision(Decision.Outcome.REJECTED, r, Optional.of(rule), ruleNumbers[index],
                    Optional.of(rule.method()), Optional.of(rule.settings()),
                    Optional.of(EvalMessages.rejected(version, r, enc)), checks, Optional.empty(), List.of());
        }
        return new Decision(Decision.Outcome.MATCHED, r, Optional.of(rule), ruleNumbers[index],
                Optional.of(rule.method()), Optional.of(rule.settings()), Optional.empty(), checks, identity(rule, r),
                List.of());
    }

    /**
     * The user name map checks authentication would run (ClientAuthentication): the method's own
     * identity (peer, ident, gss, sspi: {@link ConnectionRequest#systemUser()}; cert: the
     * certificate's name), then, with {@code clientcert=verify-full}, the certificate's name through
     * the same map (CheckCertAuth). The first check that refuses is the result; empty when the
     * request does not carry the identities the rule needs.
     */
    private Optional<IdentResult> identity(HbaRule rule, ConnectionRequest r) {
        AuthSettings s = rule.settings();
        AuthMethod m = rule.method();
        boolean ownIdentity = m == AuthMethod.PEER || m == AuthMethod.IDENT || m == AuthMethod.GSS
                || m == AuthMethod.SSPI;
        boolean certCheck = m == AuthMethod.CERT || s.clientCert() == AuthSettings.ClientCert.VERIFY_FULL;
        // the certificate's name; before clientCertificate() existed, systemUser() carried it
        Optional<String> cert = r.clientCertificate().isPresent() || ownIdentity ? r.clientCertificate()
                : r.systemUser();
        if (ownIdentity) {
            if (r.systemUser().isEmpty()) {
                return Optional.empty();
            }
            String sys = r.systemUser().get();
            if (m == AuthMethod.IDENT) {
                sys = identAnswer(sys);
            }
            if ((m == AuthMethod.GSS || m == AuthMethod.SSPI) && !s.includeRealm()) {
                int at = sys.indexOf('@');
                if (at >= 0) {
                    sys = sys.substring(0, at);
                }
            }
            IdentResult own = identMaps.check(s.map(), r.effectiveUser(), sys, m == AuthMethod.SSPI, env.roles());
            if (!own.admitted() || !certCheck || cert.isEmpty()) {
                return Optional.of(own);
            }
        }
        if (!certCheck || cert.isEmpty()) {
            return Optional.empty();
        }
        IdentResult byCert = identMaps.check(s.map(), r.effectiveUser(), cert.get(), false, env.roles());
        if (byCert.admitted() || m == AuthMethod.CERT) {
            return Optional.of(byCert);
        }
        // auth.c CheckCertAuth: after the map's own message
        String why = "certificate validation (clientcert=verify-full) failed for user \"" + r.effectiveUser()
                + "\": " + (s.clientName() == AuthSettings.ClientName.DN ? "DN" : "CN") + " mismatch";
        return Optional.of(new IdentResult(false, byCert.map(), byCert.systemUser(), byCert.databaseUser(),
                byCert.line(), Optional.of(byCert.log().map(l -> l + "; ").orElse("") + why)));
    }

    /** The user name an ident server's answer gives: its first 512 bytes (auth.c IDENT_USERNAME_MAX). */
    private static String identAnswer(String answer) {
        return io.github.pghba.internal.Utf8.cutBytes(answer, 512);
    }

    @Override
    public String toString() {
        return "Policy(" + config.path() + ", " + rules.size() + " rules, PostgreSQL " + version + ")";
    }
}
