package io.github.pghba.cnpg;

import io.github.pghba.analysis.Lint;
import io.github.pghba.analysis.Lint.Severity;
import io.github.pghba.analysis.Reachability;
import io.github.pghba.analysis.Region;
import io.github.pghba.analysis.RuleReach;
import io.github.pghba.analysis.Transport;
import io.github.pghba.analysis.Who;
import io.github.pghba.check.Diagnostic;
import io.github.pghba.cnpg.CnpgManifest.Cluster;
import io.github.pghba.cnpg.CnpgManifest.Parameter;
import io.github.pghba.cnpg.CnpgManifest.Scalar;
import io.github.pghba.cnpg.RenderedLine.Origin;
import io.github.pghba.eval.ConnectionRequest;
import io.github.pghba.eval.Decision;
import io.github.pghba.eval.Environment;
import io.github.pghba.eval.IdentMaps;
import io.github.pghba.eval.Policy;
import io.github.pghba.eval.Replication;
import io.github.pghba.eval.RoleGraph;
import io.github.pghba.load.HbaConfig;
import io.github.pghba.load.IdentConfig;
import io.github.pghba.load.LoadOptions;
import io.github.pghba.syntax.AuthMethod;
import io.github.pghba.syntax.ConnectionType;
import io.github.pghba.syntax.HbaRule;
import io.github.pghba.syntax.IdentMapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The review of one Cluster: manifest checks, then the rendered files. */
final class ClusterReviewer {
    /** Users the operator's fixed rules are for. */
    static final Set<String> OPERATOR_USERS = Set.of("streaming_replica", "cnpg_pooler_pgbouncer",
            "cnp_pooler_pgbouncer", "cnpg_metrics_exporter");

    private static final Pattern DID_YOU_MEAN = Pattern.compile("did you mean `([^`]+)`\\?");

    private final String file;
    private final Cluster cluster;
    private final RenderOptions options;
    private final OperatorVersion v;
    private final List<CnpgFinding> out = new ArrayList<>();

    ClusterReviewer(String file, Cluster cluster, RenderOptions options) {
        this.file = file;
        this.cluster = cluster;
        this.options = options;
        this.v = options.operator();
    }

    RenderedFiles run(List<CnpgFinding> sink) {
        RenderedFiles f = CnpgRenderer.render(cluster, options);
        strings();
        parameters(f);
        fields();
        podSelectors(f);
        LoadOptions base = LoadOptions.defaults();
        HbaConfig hba = f.loadHba(base);
        IdentConfig ident = f.loadIdent(base);
        if (f.identManaged() && !ident.loadable()) {
            identDoesNotLoad(f, ident);
        }
        RenderedFiles analysed = f;
        HbaConfig analysedHba = hba;
        boolean corrected = false;
        if (!hba.loadable()) {
            Optional<Cluster> fixed = doesNotLoad(f, hba);
            if (fixed.isPresent()) {
                analysed = CnpgRenderer.render(fixed.get(), options);
                analysedHba = analysed.loadHba(base);
                corrected = analysedHba.loadable();
            }
        }
        if (analysedHba.loadable()) {
            new Analysis(analysed, analysedHba, ident, corrected).run();
        }
        sink.addAll(out);
        return f;
    }

    // ---------------------------------------------------------------- helpers

    private void add(String check, @Nullable Severity severity, OptionalInt line, @Nullable String renderedFile,
            OptionalInt renderedLine, String message, String rationale, String fix, List<String> corrected) {
        Severity s = severity != null ? severity
                : CnpgReview.CHECKS.stream().filter(c -> c.id().equals(check)).findFirst().orElseThrow().severity();
        // one finding per manifest line: a ${podselector} entry renders one line per pod
        if (line.isPresent() && out.stream().anyMatch(f -> f.check().equals(check) && f.line().equals(line)
                && f.renderedFile().equals(Optional.ofNullable(renderedFile)))) {
            return;
        }
        out.add(new CnpgFinding(check, s, cluster.label(), file, line, Optional.ofNullable(renderedFile), renderedLine,
                message, rationale, fix, corrected));
    }

    private static OptionalInt at(int line) {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    private static String squash(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }

    // ---------------------------------------------------------------- manifest checks

    /** Values the CRD declares strings. */
    private void strings() {
        for (Scalar s : cluster.pgHba()) {
            notString("spec.postgresql.pg_hba entry", s.value(), s, "- '" + s.value() + "'");
        }
        for (Scalar s : cluster.pgIdent()) {
            notString("spec.postgresql.pg_ident entry", s.value(), s, "- '" + s.value() + "'");
        }
        for (Parameter p : cluster.parameters()) {
            notString("parameter", p.name() + ": " + p.value().value(), p.value(),
                    p.name() + ": '" + p.value().value() + "'");
        }
    }

    private void notString(String what, String shown, Scalar s, String quoted) {
        if (s.string()) {
            return;
        }
        String reading = switch (s.yamlType()) {
            case "int" -> {
                String t = s.value().replace("_", "");
                if (t.matches("0[0-7]+")) {
                    yield "a number: YAML 1.1, which kubectl follows, reads " + s.value() + " as the octal number "
                            + Long.parseLong(t.substring(1), 8);
                }
                yield "a number";
            }
            case "bool" -> "a boolean (YAML 1.1 reads on/off/yes/no/true/false unquoted as booleans)";
            case "float" -> "a floating-point number";
            case "null" -> "null";
            default -> "a YAML " + s.yamlType();
        };
        add("cnpg-not-a-string", null, at(s.line()), null, OptionalInt.empty(),
                what + " `" + shown + "` is " + reading + ", not a string",
                "the Cluster CRD declares these values as strings, so the API server refuses the whole manifest "
                        + "(\"must be of type string\"); nothing of it is applied",
                "quote it", List.of(quoted));
    }

    private void parameters(RenderedFiles f) {
        Map<String, String> fixed = OperatorFacts.fixedAccessParameters(v);
        for (Parameter p : cluster.parameters()) {
            String name = p.name();
            String value = p.value().value();
            if (fixed.containsKey(name)) {
                if (OperatorFacts.FORCED.contains(name) && value.equals(fixed.get(name))) {
                    continue;
                }
                String webhook = "the operator's admission webhook refuses the manifest (\"Can't set fixed "
                        + "configuration parameter\"), and where no webhook runs the operator drops it from "
                        + "postgresql.conf";
                if (name.equals("unix_socket_permissions")) {
                    add("cnpg-unix-socket-permissions", null, at(p.line()), null, OptionalInt.empty(),
                            "unix_socket_permissions cannot be set in a CloudNativePG cluster: " + webhook,
                            "the operator reserves unix_socket_permissions, unix_socket_group and "
                                    + "unix_socket_directories; the socket stays in /controller/run inside the pod "
                                    + "with PostgreSQL's default mode 0777, reachable only by the pod's own "
                                    + "containers, and the operator's `local all all peer map=local` admits only the "
                                    + "OS users pg_ident.conf maps (postgres)",
                            "remove unix_socket_permissions; restrict local access with peer and pg_ident maps "
                                    + "(spec.postgresql.pg_ident), which the operator already does", List.of());
                    continue;
                }
                String forced = fixed.get(name).isEmpty() ? "" : " (the operator sets it to '" + fixed.get(name) + "')";
                String tls = name.startsWith("ssl_m") || name.equals("ssl_ciphers")
                        ? "; operator " + v + " manages TLS versions itself (1.20.5, 1.21.2, 1.22.0 and later let "
                                + "you set them)" : "";
                add("cnpg-fixed-parameter", null, at(p.line()), null, OptionalInt.empty(),
                        name + " is fixed by the operator" + forced + ": " + webhook + tls,
                        "the operator needs " + name + " as it sets it to manage the instance (TLS certificates, "
                                + "the socket, the port its services point at)",
                        "remove " + name + " from spec.postgresql.parameters", List.of());
                continue;
            }
            if (name.equals("password_encryption") && !value.equalsIgnoreCase("scram-sha-256")) {
                add("cnpg-password-encryption", null, at(p.line()), null, OptionalInt.empty(),
                        "password_encryption is '" + value + "': new passwords are stored as MD5 hashes",
                        "an MD5 hash is a password equivalent that is weak against offline guessing; and a role whose "
                                + "password is stored as MD5 cannot log in through scram-sha-256 rules such as the "
                                + "operator's catch-all (PostgreSQL 14+)",
                        "set password_encryption: 'scram-sha-256' (the default from PostgreSQL 14) and re-set the "
                                + "passwords", List.of());
            }
            if (name.equals("ssl_min_protocol_version")
                    && (value.equalsIgnoreCase("TLSv1") || value.equalsIgnoreCase("TLSv1.1"))) {
                add("cnpg-ssl-min-protocol", null, at(p.line()), null, OptionalInt.empty(),
                        "ssl_min_protocol_version is '" + value + "': clients may use TLS versions with known "
                                + "weaknesses",
                        "TLS 1.0 and 1.1 are deprecated (RFC 8996); the operator's own default is TLSv1.3",
                        "remove it (the operator sets TLSv1.3) or set 'TLSv1.2' at the lowest", List.of());
            }
        }
        if (cluster.parameter("password_encryption").isEmpty() && f.pgMajor() < 14) {
            add("cnpg-password-encryption", null, at(cluster.parametersLine().orElse(cluster.postgresqlLine()
                    .orElse(cluster.line()))), null, OptionalInt.empty(),
                    "PostgreSQL " + f.pgMajor() + " stores new passwords as MD5 hashes by default (password_encryption "
                            + "= md5), and the operator's catch-all uses md5",
                    "MD5 password hashes are weak; scram-sha-256 is available since PostgreSQL 10",
                    "set parameter password_encryption: 'scram-sha-256' (then re-set passwords), or move to "
                            + "PostgreSQL 14+, where it is the default and the operator's catch-all uses scram-sha-256",
                    List.of());
        }
    }

    private void fields() {
        if (!cluster.pgIdent().isEmpty() && !OperatorFacts.userIdentLines(v)) {
            add("cnpg-field-ignored", null, cluster.pgIdentLine(), null, OptionalInt.empty(),
                    "operator " + v + " does not know spec.postgresql.pg_ident (1.20.6, 1.21.3, 1.22.1, 1.23.0 "
                            + "and later)",
                    "the API server drops fields its CRD does not declare, silently: these maps never reach "
                            + "pg_ident.conf", "upgrade the operator, or drop the field", List.of());
        }
        if (cluster.ldap().isPresent() && !OperatorFacts.ldap(v)) {
            add("cnpg-field-ignored", null, at(cluster.ldap().get().line()), null, OptionalInt.empty(),
                    "operator " + v + " does not know spec.postgresql.ldap (1.15 and later)",
                    "the API server drops fields its CRD does not declare, silently: no LDAP line is written",
                    "upgrade the operator, or write the ldap rule in pg_hba yourself", List.of());
        }
        if (!cluster.podSelectorRefs().isEmpty() && !OperatorFacts.podSelectors(v)) {
            add("cnpg-field-ignored", null, at(cluster.line()), null, OptionalInt.empty(),
                    "operator " + v + " does not know spec.podSelectorRefs (1.29 and later)",
                    "the API server drops fields its CRD does not declare, silently",
                    "upgrade the operator to 1.29 or later, or write the addresses in pg_hba", List.of());
        }
    }

    private void podSelectors(RenderedFiles f) {
        for (Scalar s : cluster.pgHba()) {
            Matcher m = OperatorFacts.DESCRIPTOR.matcher(s.value());
            if (!m.find()) {
                continue;
            }
            if (!OperatorFacts.podSelectors(v)) {
                add("cnpg-podselector", null, at(s.line()), null, OptionalInt.empty(),
                        "operator " + v + " writes `" + s.value() + "` as it is: ${podselector:NAME} is expanded from "
                                + "1.29 on",
                        "PostgreSQL reads the reference as a host name, which no client address ever resolves to: the "
                                + "rule never matches and its clients fall through to the next rules",
                        "upgrade the operator to 1.29 or later, or write the addresses", List.of());
                continue;
            }
            String type = m.group(1);
            String name = m.group(2);
            int count = 0;
            Matcher all = OperatorFacts.DESCRIPTOR.matcher(s.value());
            while (all.find()) {
                count++;
            }
            if (!type.equals("podselector")) {
                add("cnpg-podselector", Severity.HIGH, at(s.line()), null, OptionalInt.empty(),
                        "unknown descriptor type `" + type + "` in `" + s.value() + "`",
                        "the admission webhook refuses the manifest; without it the operator writes the line as a "
                                + "comment, so the rule does not exist",
                        "use ${podselector:NAME}", List.of());
            } else if (count > 1) {
                add("cnpg-podselector", Severity.HIGH, at(s.line()), null, OptionalInt.empty(),
                        "`" + s.value() + "` has " + count + " references; at most one podselector reference is "
                                + "allowed per line",
                        "the admission webhook refuses the manifest; the operator would expand only the first",
                        "split the rule", List.of());
            } else if (!cluster.podSelectorRefs().contains(name) && !options.selectors().containsKey(name)
                    && !cluster.statusPodSelectorIps().containsKey(name)) {
                add("cnpg-podselector", Severity.HIGH, at(s.line()), null, OptionalInt.empty(),
                        "pod selector `" + name + "` is not defined in spec.podSelectorRefs",
                        "the admission webhook refuses the manifest (\"pod selector not found\"); without it the "
                                + "operator writes the line as a comment, so the rule does not exist",
                        "add a podSelectorRefs entry named " + name, List.of());
            } else {
                List<String> ips = options.selectors().containsKey(name) ? options.selectors().get(name)
                        : cluster.statusPodSelectorIps().get(name);
                if (ips == null || ips.isEmpty()) {
                    boolean assumed = ips == null;
                    add("cnpg-podselector", Severity.INFO, at(s.line()), null, OptionalInt.empty(),
                            "selector `" + name + "` " + (assumed ? "has no pod IPs given (--selector " + name
                                    + "=IP,...), so it was rendered as matching no pods"
                                    : "matches no pods") + ": `" + s.value() + "` is left out of pg_hba.conf",
                            "while no pod matches, the line does not exist and those clients fall through to the "
                                    + "later rules, the operator's catch-all included",
                            assumed ? "pass the pods' IPs with --selector to review the rules as they are"
                                    : "make sure a later rule refuses what this one was meant to admit", List.of());
                }
            }
        }
    }

    // ---------------------------------------------------------------- loading

    private void identDoesNotLoad(RenderedFiles f, IdentConfig ident) {
        for (Diagnostic d : ident.diagnostics()) {
            if (d.severity() != io.github.pghba.check.Severity.ERROR) {
                continue;
            }
            int rl = d.span().line();
            String text = f.identLine(rl).map(RenderedLine::text).orElse("");
            add("cnpg-ident-does-not-load", null, f.yamlLineOfIdent(rl), RenderedFiles.IDENT_FILE, OptionalInt.of(rl),
                    "PostgreSQL " + f.pgVersion().map(Object::toString).orElse("13") + " refuses `" + squash(text)
                            + "`: " + d.message(),
                    "a pg_ident.conf with an error is not loaded: a starting server has no user name maps at all, "
                            + "so every peer and cert login through a map fails, the operator's own included; on "
                            + "a reload the old maps stay",
                    d.note().or(d::hint).orElse("correct the line"), List.of());
        }
    }

    /** One finding per error; returns the cluster with corrected lines when every error has a correction. */
    private Optional<Cluster> doesNotLoad(RenderedFiles f, HbaConfig hba) {
        List<Scalar> corrected = new ArrayList<>(cluster.pgHba());
        boolean all = true;
        String pg = "PostgreSQL " + f.pgVersion().map(Object::toString).orElse("13");
        for (Diagnostic d : hba.errors()) {
            int rl = d.span().line();
            Optional<RenderedLine> line = f.hbaLine(rl);
            String text = line.map(RenderedLine::text).orElse("");
            Optional<String> fix = d.note().map(DID_YOU_MEAN::matcher).filter(Matcher::find).map(m -> m.group(1));
            List<String> lines = fix.map(List::of).orElse(List.of());
            boolean user = line.isPresent() && line.get().origin() == Origin.USER && line.get().entry().isPresent();
            if (user && fix.isPresent()) {
                Scalar s = cluster.pgHba().get(line.get().entry().getAsInt());
                if (s.value().strip().equals(text.strip())) {
                    corrected.set(line.get().entry().getAsInt(), new Scalar(fix.get(), s.line(), s.column(), true,
                            "str"));
                } else {
                    all = false;
                }
            } else {
                all = false;
            }
            StringBuilder why = new StringBuilder("PostgreSQL loads pg_hba.conf all or nothing: at a restart (a new "
                    + "instance, a failover, a rolling update) it refuses to start (FATAL: could not load "
                    + ".../pg_hba.conf); on the reload the operator triggers after every change it logs the error and "
                    + "keeps the rules it had, so this manifest silently changes nothing");
            d.hint().ifPresent(h -> why.append(". Hint: ").append(h));
            boolean operatorLine = line.isPresent() && (line.get().origin() == Origin.OPERATOR
                    || line.get().origin() == Origin.DEFAULT);
            boolean ldapLine = line.isPresent() && line.get().origin() == Origin.LDAP;
            String how = operatorLine ? "the operator writes this line itself: operator " + v + " does not support "
                    + pg + "; use an operator release that does (or an older PostgreSQL image)"
                    : ldapLine ? "the operator builds this line from spec.postgresql.ldap: correct the fields there"
                    + d.note().or(d::hint).map(n -> " (" + n + ")").orElse("")
                    : fix.isPresent() ? "write it as below" + d.note().map(n -> " (" + n.replaceAll(
                            "; did you mean.*$", "") + ")").orElse("") : d.note().orElse("correct the line");
            add("cnpg-file-does-not-load", null, f.yamlLineOfHba(rl), RenderedFiles.HBA_FILE, OptionalInt.of(rl),
                    pg + " refuses `" + squash(text) + "`: " + d.message(), why.toString(), how, lines);
        }
        if (!all) {
            return Optional.empty();
        }
        Cluster c = cluster;
        return Optional.of(new Cluster(c.name(), c.namespace(), c.apiVersion(), c.line(), c.imageName(),
                c.imageCatalogMajor(), c.postgresqlLine(), c.pgHbaLine(), corrected, c.pgIdentLine(), c.pgIdent(),
                c.parametersLine(), c.parameters(), c.ldap(), c.podSelectorRefs(), c.statusPodSelectorIps(),
                c.enableSuperuserAccess()));
    }

    // ---------------------------------------------------------------- the analysis

    /** The analysis of a loadable rendering. */
    private final class Analysis {
        final RenderedFiles f;
        final HbaConfig hba;
        final IdentConfig ident;
        final String suffix;
        final Policy policy;
        final Reachability reach;
        final List<HbaRule> rules;
        final Origin[] origin;
        final int defaultRule;
        final int ldapRule;
        final Set<Integer> gssReported = new LinkedHashSet<>();
        final Set<Integer> shadowReported = new LinkedHashSet<>();

        Analysis(RenderedFiles f, HbaConfig hba, IdentConfig ident, boolean corrected) {
            this.f = f;
            this.hba = hba;
            this.ident = ident;
            this.suffix = corrected ? " [in the file with the corrections above]" : "";
            IdentMaps maps = ident.loadable() ? IdentMaps.of(ident) : IdentMaps.none(hba.version());
            this.policy = Policy.compile(hba, maps, Environment.defaults());
            this.reach = Reachability.of(policy);
            this.rules = policy.rules();
            this.origin = new Origin[rules.size()];
            int d = -1;
            int l = -1;
            for (int i = 0; i < rules.size(); i++) {
                origin[i] = f.hbaLine(rules.get(i).lineNumber()).map(RenderedLine::origin).orElse(Origin.OPERATOR);
                if (origin[i] == Origin.DEFAULT) {
                    d = i;
                }
                if (origin[i] == Origin.LDAP) {
                    l = i;
                }
            }
            this.defaultRule = d;
            this.ldapRule = l;
        }

        void run() {
            catchAllBypass();
            gssCatchAll();
            shadowedByFixed();
            ldapUnreachable();
            identMaps();
            superuserWithoutPassword();
            lint();
        }

        OptionalInt yaml(int ruleIndex) {
            return f.yamlLineOfHba(rules.get(ruleIndex).lineNumber());
        }

        String text(int ruleIndex) {
            return squash(rules.get(ruleIndex).logicalText());
        }

        void addRule(String check, @Nullable Severity s, int ruleIndex, OptionalInt yamlLine, String message,
                String rationale, String fix, List<String> corrected) {
            add(check, s, yamlLine, RenderedFiles.HBA_FILE, OptionalInt.of(rules.get(ruleIndex).lineNumber()),
                    message + suffix, rationale, fix, corrected);
        }

        boolean isUser(int i) {
            return origin[i] == Origin.USER;
        }

        /** The fixed rules of the operator (not the catch-all, not LDAP). */
        boolean isFixed(int i) {
            return origin[i] == Origin.OPERATOR;
        }

        void catchAllBypass() {
            if (defaultRule < 0 || reach.regionsOf(defaultRule).isEmpty()) {
                return;
            }
            boolean allowList = false;
            for (int i = 0; i < rules.size(); i++) {
                HbaRule r = rules.get(i);
                if (isUser(i) && r.connectionType() != ConnectionType.LOCAL && r.method() != AuthMethod.REJECT) {
                    allowList = true;
                }
            }
            if (!allowList) {
                return;
            }
            List<Who.Row> rows = new ArrayList<>();
            boolean plain = false;
            for (Who.Row row : reach.who().allowed()) {
                if (row.ruleIndex() == defaultRule) {
                    rows.add(row);
                    plain |= row.transports().contains(Transport.TCP);
                }
            }
            List<String> examples = new ArrayList<>();
            List<HbaRule> own = new ArrayList<>();
            for (int i = 0; i < rules.size(); i++) {
                if (isUser(i)) {
                    own.add(rules.get(i));
                }
            }
            for (Who.Row row : WhoText.pick(rows, WhoText.mentioned(own, false), WhoText.mentioned(own, true))) {
                examples.add(WhoText.describe(row, reach, Set.of()));
            }
            boolean ldap = ldapRule >= 0;
            String method = rules.get(defaultRule).method().keyword();
            add("cnpg-catch-all-bypass", null, at(cluster.hbaAnchorLine()), RenderedFiles.HBA_FILE,
                    OptionalInt.of(rules.get(defaultRule).lineNumber()),
                    "your pg_hba rules admit only some clients, but the operator appends `" + text(defaultRule)
                            + "` after them: every TCP request they do not take gets in with " + method + " anyway"
                            + (examples.isEmpty() ? "" : " (" + String.join("; ", examples) + ")") + suffix,
                    "pg_hba.conf is first-match: a request no rule of yours matches falls through to the operator's "
                            + "catch-all, so an allow-list restricts nothing (CloudNativePG issues #10371, #6478, "
                            + "#6616)",
                    "end spec.postgresql.pg_hba with `host all all all reject`, so that your rules are the only way in"
                            + (plain ? "; to refuse unencrypted clients whatever else matches, also start it with "
                                    + "`hostnossl all all all reject`" : "")
                            + (ldap ? "; a final reject also keeps clients from the operator's LDAP line, which comes "
                                    + "after your rules: add your own ldap rule before the reject if you use LDAP"
                                    : ""),
                    List.of("host all all all reject"));
        }

        void gssCatchAll() {
            if (defaultRule < 0) {
                return;
            }
            Map<Integer, String> example = new LinkedHashMap<>();
            int budget = 4000;
            for (Region g : reach.regionsOf(defaultRule)) {
                if (g.transport() != Transport.TCP_GSS) {
                    continue;
                }
                for (int a = 0; a < g.addresses().size() && budget > 0; a++) {
                    for (int n = 0; n < g.names().size() && budget > 0; n++, budget--) {
                        ConnectionRequest gss = g.request(a, n);
                        ConnectionRequest ssl = sslTwin(gss);
                        Decision d = policy.evaluate(ssl);
                        if (d.rule().isEmpty()) {
                            continue;
                        }
                        int u = indexOf(d.rule().get());
                        if (u >= 0 && isUser(u)
                                && rules.get(u).connectionType() == ConnectionType.HOSTSSL) {
                            example.putIfAbsent(u, gss.toString());
                        }
                    }
                }
            }
            String method = rules.get(defaultRule).method().keyword();
            for (Map.Entry<Integer, String> e : example.entrySet()) {
                int u = e.getKey();
                gssReported.add(u);
                addRule("cnpg-gss-catch-all", null, u, yaml(u),
                        "clients using GSS encryption skip `" + text(u) + "` (hostssl matches TLS only) and get in "
                                + "through the operator's catch-all `" + text(defaultRule) + "` with " + method
                                + " instead, e.g. " + e.getValue(),
                        "libpq tries GSS encryption before TLS when it has Kerberos credentials (gssencmode=prefer), "
                                + "and a GSS-encrypted connection is not TLS: it falls past every hostssl rule to the "
                                + "catch-all (CloudNativePG issues #6478, #6616; it needs krb_server_keyfile set)",
                        "add `hostgssenc all all all reject` before your rules (or start with `hostnossl all all all "
                                + "reject`, which also matches GSS-encrypted connections), and end with `host all all "
                                + "all reject`",
                        List.of("hostnossl all all all reject"));
            }
        }

        private ConnectionRequest sslTwin(ConnectionRequest gss) {
            ConnectionRequest r = ConnectionRequest.host(gss.address().orElseThrow()).user(gss.user())
                    .database(gss.database()).ssl();
            return gss.replicationMode() == Replication.NONE ? r : r.replication(gss.replicationMode());
        }

        void shadowedByFixed() {
            for (RuleReach rr : reach.rules()) {
                int i = rr.index();
                if (!isUser(i) || rr.shadowedBy().isEmpty()) {
                    continue;
                }
                List<Integer> fixed = rr.shadowedBy().stream().filter(this::isFixed).toList();
                if (fixed.isEmpty()) {
                    continue;
                }
                HbaRule r = rules.get(i);
                boolean namesOperatorUser = r.users().stream().anyMatch(t -> !t.isRegex() && !t.isKeyword("all")
                        && OPERATOR_USERS.contains(t.text()));
                boolean local = r.connectionType() == ConnectionType.LOCAL;
                if (!rr.dead() && !namesOperatorUser && !local) {
                    continue;
                }
                List<String> by = new ArrayList<>();
                for (int k : fixed) {
                    by.add("`" + text(k) + "` (rendered line " + rules.get(k).lineNumber() + ")");
                }
                shadowReported.add(i);
                String advice = local ? "the operator's `local all all peer map=local` takes every Unix-socket "
                        + "connection not taken before; to let another OS user in, map it in spec.postgresql.pg_ident "
                        + "(map local) instead"
                        : "the operator's certificate rules for its own users come first; leave those users to it";
                addRule("cnpg-shadowed-by-fixed", rr.dead() ? Severity.MEDIUM : Severity.LOW, i, yaml(i),
                        (rr.dead() ? "`" + text(i) + "` never applies: the operator's fixed rules come first and take "
                                + "all its requests: " : "some requests of `" + text(i) + "` go to the operator's "
                                + "fixed rules first: ") + String.join(", ", by),
                        "the operator writes its fixed rules before yours, and the first matching rule wins",
                        rr.dead() ? advice + ", or remove the rule" : advice, List.of());
            }
        }

        void ldapUnreachable() {
            if (ldapRule < 0) {
                return;
            }
            RuleReach rr = reach.rules().get(ldapRule);
            if (!rr.dead()) {
                return;
            }
            List<String> by = new ArrayList<>();
            for (int k : rr.shadowedBy()) {
                by.add("`" + text(k) + "`" + (isUser(k) ? yaml(k).isPresent() ? " (line " + yaml(k).getAsInt() + ")"
                        : "" : " (the operator's)"));
            }
            addRule("cnpg-ldap-unreachable", null, ldapRule, at(cluster.ldap().map(CnpgManifest.Ldap::line).orElse(0)),
                    "no request reaches the operator's LDAP line `" + text(ldapRule).replaceAll("ldapbindpasswd=\\S+",
                            "ldapbindpasswd=...") + "`: earlier rules take them all: " + String.join(", ", by),
                    "the operator writes the LDAP line after your rules: a final `host all all all reject`, or a broad "
                            + "rule of yours, keeps every client from it, so LDAP logins never happen",
                    "write the LDAP rule you want yourself, before your reject (hostssl, with the networks that "
                            + "need it), or narrow the rules above", List.of());
        }

        void identMaps() {
            if (!ident.loadable()) {
                return;
            }
            IdentMaps maps = IdentMaps.of(ident);
            Set<String> operatorMaps = new LinkedHashSet<>(List.of("local"));
            if (OperatorFacts.userMapsForPredefinedUsers(v)) {
                operatorMaps.add("cnpg_streaming_replica");
                operatorMaps.add("cnpg_pooler_pgbouncer");
            }
            if (OperatorFacts.metricsExporterRule(v)) {
                operatorMaps.add("cnpg_metrics_exporter");
            }
            for (IdentMapping m : ident.mappings()) {
                if (!operatorMaps.contains(m.mapName())) {
                    continue;
                }
                int rl = m.lineNumber();
                Origin o = f.identLine(rl).map(RenderedLine::origin).orElse(Origin.OPERATOR);
                boolean anyone = false;
                String target = m.databaseUser().isRegex() || m.databaseUser().isKeyword("all")
                        ? "postgres" : m.databaseUser().text().replace("\\1", "x");
                if (m.systemUser().isRegex()) {
                    for (String probe : List.of("pghba-probe", "nobody", "x")) {
                        String db = m.databaseUser().text().contains("\\1") ? probe : target;
                        if (maps.check(Optional.of(m.mapName()), db, probe, false, RoleGraph.empty()).admitted()) {
                            anyone = true;
                        }
                    }
                }
                String text = squash(m.rawText());
                if (o == Origin.OPERATOR && anyone) {
                    add("cnpg-insecure-ident-fallback", null, OptionalInt.empty(), RenderedFiles.IDENT_FILE,
                            OptionalInt.of(rl),
                            "pg_ident.conf has `" + text + "`: the operator could not look up the OS user it runs as "
                                    + "and fell back to `/`, an empty regular expression that matches every OS user",
                            "through the operator's `local all all peer map=local` any process in the pod, whatever "
                                    + "its OS user (a sidecar, kubectl exec as another user), connects as postgres "
                                    + "without a password",
                            "run the instance with an OS user that has a passwd entry (the operator's images run as "
                                    + "postgres, uid 26); check the instance manager's log for \"Falling back to "
                                    + "insecure mapping\"", List.of());
                } else if (o == Origin.USER) {
                    boolean certMap = m.mapName().equals("cnpg_streaming_replica")
                            || m.mapName().equals("cnpg_pooler_pgbouncer");
                    if (!anyone && !certMap) {
                        continue;
                    }
                    String rule = switch (m.mapName()) {
                        case "local" -> "local all all peer map=local";
                        case "cnpg_metrics_exporter" -> "local all cnpg_metrics_exporter peer map=cnpg_metrics_exporter";
                        case "cnpg_streaming_replica" -> "hostssl replication streaming_replica all cert "
                                + "map=cnpg_streaming_replica";
                        default -> "hostssl all cnpg_pooler_pgbouncer all cert map=cnpg_pooler_pgbouncer";
                    };
                    add("cnpg-ident-operator-map", null, f.yamlLineOfIdent(rl), RenderedFiles.IDENT_FILE,
                            OptionalInt.of(rl),
                            "`" + text + "` adds to the operator's map " + m.mapName() + ": "
                                    + (anyone ? "every " + (certMap ? "certificate name" : "OS user") + " now passes"
                                    : "identity " + m.systemUser().text() + " now passes") + " the operator's `"
                                    + rule + "`",
                            certMap ? "the operator's certificate rules admit whatever this map admits; a client "
                                    + "certificate with another name now logs in as one of the operator's privileged "
                                    + "users" : "the operator's peer rule admits whatever this map admits: any OS "
                                    + "user in the pod connects as the mapped database user without a password",
                            "leave the operator's maps to the operator: give your own rule a map of its own "
                                    + "(map=yourmap) and put your lines there, naming exact users", List.of());
                }
            }
        }

        void superuserWithoutPassword() {
            boolean off = cluster.enableSuperuserAccess().map(b -> !b)
                    .orElse(OperatorFacts.superuserAccessOffByDefault(v));
            if (!off) {
                return;
            }
            for (int i = 0; i < rules.size(); i++) {
                HbaRule r = rules.get(i);
                boolean password = r.method() == AuthMethod.SCRAM_SHA_256 || r.method() == AuthMethod.MD5
                        || r.method() == AuthMethod.PASSWORD;
                boolean postgres = r.users().stream().anyMatch(t -> !t.isRegex() && t.text().equals("postgres")
                        && !t.isKeyword("all"));
                if (isUser(i) && password && postgres && !reach.regionsOf(i).isEmpty()) {
                    addRule("cnpg-superuser-no-password", null, i, yaml(i),
                            "`" + text(i) + "` asks postgres for a password, but spec.enableSuperuserAccess is "
                                    + (cluster.enableSuperuserAccess().isPresent() ? "false" : "off (the default since "
                                    + "1.21)") + ": the operator keeps postgres without one, so this rule never "
                                    + "lets postgres in",
                            "with enableSuperuserAccess off the operator sets the postgres password to NULL and a "
                                    + "password method can never succeed",
                            "set spec.enableSuperuserAccess: true if postgres should log in over the network, or "
                                    + "remove the rule", List.of());
                }
            }
        }

        void lint() {
            Lint.Config config = Lint.Config.defaults();
            if (ident.loadable() && f.identManaged()) {
                config = config.withIdentMaps(IdentMaps.of(ident));
            }
            boolean superuserOff = cluster.enableSuperuserAccess().map(b -> !b)
                    .orElse(OperatorFacts.superuserAccessOffByDefault(v));
            for (Lint.Finding lf : Lint.run(policy, config)) {
                int i = indexOf(lf.rule());
                if (i < 0) {
                    continue;
                }
                String id = lf.check();
                Severity s = lf.severity();
                String message = lf.message();
                String rationale = lf.rationale();
                OptionalInt line;
                switch (origin[i]) {
                    case USER -> {
                        if (id.equals("gss-encryption-fallthrough") && gssReported.contains(i)) {
                            continue;
                        }
                        if ((id.equals("dead-rule") || id.equals("shadowed-rule")) && shadowReported.contains(i)) {
                            continue;
                        }
                        if (id.equals("shadowed-rule")
                                && reach.rules().get(i).shadowedBy().stream().allMatch(this::isFixed)) {
                            continue;
                        }
                        line = yaml(i);
                    }
                    case DEFAULT -> {
                        if (Set.of("catch-all-allow", "dead-rule", "shadowed-rule", "gss-encryption-fallthrough")
                                .contains(id)) {
                            continue;
                        }
                        message = "the operator's catch-all: " + message;
                        line = at(cluster.hbaAnchorLine());
                    }
                    case LDAP -> {
                        if (id.equals("dead-rule") || id.equals("shadowed-rule")) {
                            continue;
                        }
                        message = "the operator's LDAP line (from spec.postgresql.ldap): "
                                + message.replaceAll("ldapbindpasswd=\\S+", "ldapbindpasswd=...");
                        line = at(cluster.ldap().map(CnpgManifest.Ldap::line).orElse(0));
                    }
                    default -> {
                        // the operator's own rules: only what the user can act on; GSS clients skipping its
                        // certificate rules reach the catch-all, which cnpg-catch-all-bypass covers
                        if (s.compareTo(Severity.MEDIUM) > 0 || Set.of("gss-encryption-fallthrough", "dead-rule",
                                "shadowed-rule").contains(id)) {
                            continue;
                        }
                        message = "the operator's fixed rule: " + message;
                        line = OptionalInt.empty();
                    }
                }
                boolean passwordMethod = lf.rule().method() == AuthMethod.SCRAM_SHA_256
                        || lf.rule().method() == AuthMethod.MD5 || lf.rule().method() == AuthMethod.PASSWORD;
                if (superuserOff && passwordMethod
                        && (id.equals("superuser-without-cert") || id.equals("broad-network-password"))) {
                    s = Severity.INFO;
                    rationale = rationale + "; but spec.enableSuperuserAccess is off, so the operator keeps postgres "
                            + "without a password and this login cannot succeed today";
                }
                addRule(id, s, i, line, message, rationale, lf.fix(), List.of());
            }
        }

        private int indexOf(HbaRule r) {
            for (int i = 0; i < rules.size(); i++) {
                if (rules.get(i) == r) {
                    return i;
                }
            }
            return -1;
        }
    }
}
