package io.github.pghba.cnpg;

import io.github.pghba.analysis.Lint;
import io.github.pghba.analysis.Lint.Severity;
import io.github.pghba.analysis.Reachability;
import io.github.pghba.analysis.Transport;
import io.github.pghba.analysis.Who;
import io.github.pghba.check.Diagnostic;
import io.github.pghba.cnpg.CnpgManifest.Pooler;
import io.github.pghba.cnpg.CnpgManifest.Scalar;
import io.github.pghba.cnpg.RenderedLine.Origin;
import io.github.pghba.eval.Environment;
import io.github.pghba.eval.Policy;
import io.github.pghba.load.HbaConfig;
import io.github.pghba.load.LoadOptions;
import io.github.pghba.syntax.AuthMethod;
import io.github.pghba.syntax.ConnectionType;
import io.github.pghba.syntax.HbaRule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The review of a Pooler's PgBouncer pg_hba.conf. PgBouncer has its own parser (pgbouncer's
 * {@code src/hba.c}): it skips a line it cannot parse instead of refusing the file, knows
 * {@code local}, {@code host}, {@code hostssl} and {@code hostnossl} only, no GSS encryption, and
 * the methods trust, reject, md5, password, peer, cert, scram-sha-256 and ldap. The file is
 * analysed with PostgreSQL's rules for what PgBouncer accepts, which agree.
 */
final class PoolerReviewer {
    private static final Set<String> TYPES = Set.of("local", "host", "hostssl", "hostnossl");
    private static final Set<String> METHODS = Set.of("trust", "reject", "md5", "password", "peer", "cert",
            "scram-sha-256", "ldap");

    private PoolerReviewer() {}

    static RenderedPooler run(String file, Pooler pooler, RenderOptions options, List<CnpgFinding> sink) {
        OperatorVersion v = options.operator();
        RenderedPooler r = CnpgRenderer.render(pooler, v);
        List<CnpgFinding> out = new ArrayList<>();
        if (r.pgHba().isEmpty()) {
            return r;
        }
        if (!pooler.pgHba().isEmpty() && !OperatorFacts.poolerUserRules(v)) {
            out.add(finding(pooler, file, "cnpg-field-ignored", null, pooler.pgHbaLine(), OptionalInt.empty(),
                    "operator " + v + " does not know spec.pgbouncer.pg_hba (1.17.5, 1.18.3, 1.19.1, 1.20.0 and "
                            + "later)",
                    "the API server drops fields its CRD does not declare, silently",
                    "upgrade the operator", List.of()));
        }
        for (Scalar s : pooler.pgHba()) {
            if (!s.string()) {
                out.add(finding(pooler, file, "cnpg-not-a-string", null, OptionalInt.of(s.line()), OptionalInt.empty(),
                        "spec.pgbouncer.pg_hba entry `" + s.value() + "` is a YAML " + s.yamlType() + ", not a string",
                        "the Pooler CRD declares these entries as strings, so the API server refuses the manifest",
                        "quote it", List.of("- '" + s.value() + "'")));
            }
        }
        // Lines PgBouncer's own parser refuses are skipped: comment them out for the analysis.
        StringBuilder text = new StringBuilder();
        Set<Integer> skipped = new LinkedHashSet<>();
        for (RenderedLine l : r.lines()) {
            String why = l.origin() == Origin.USER ? pgbouncerRefuses(l.text()) : null;
            if (why != null) {
                skipped.add(l.number());
                out.add(finding(pooler, file, "cnpg-pooler-line-skipped", null, l.yamlLine(),
                        OptionalInt.of(l.number()), "PgBouncer cannot parse `" + l.text().strip() + "`: " + why,
                        "PgBouncer logs \"could not parse hba config line\" and skips the line; the rest of the "
                                + "file applies without it",
                        "rewrite it with what PgBouncer's hba parser knows (local, host, hostssl, hostnossl; trust, "
                                + "reject, md5, password, peer, cert, scram-sha-256, ldap)", List.of()));
            }
            text.append(skipped.contains(l.number()) ? "#" + l.text() : l.text()).append('\n');
        }
        LoadOptions base = LoadOptions.defaults();
        HbaConfig hba = io.github.pghba.load.HbaLoader.with(base.withFiles(io.github.pghba.load.FileSource.inMemory(
                java.util.Map.of()))).parseHba(RenderedPooler.FILE, text.toString());
        if (!hba.loadable()) {
            for (Diagnostic d : hba.errors()) {
                int rl = d.span().line();
                out.add(finding(pooler, file, "cnpg-pooler-line-skipped", null, r.yamlLineOf(rl), OptionalInt.of(rl),
                        "`" + r.line(rl).map(RenderedLine::text).orElse("").strip() + "` is not valid: " + d.message(),
                        "PgBouncer skips a line it cannot parse; the rest of the file applies without it",
                        d.note().orElse("correct the line"), List.of()));
                skipped.add(rl);
            }
            StringBuilder again = new StringBuilder();
            for (RenderedLine l : r.lines()) {
                again.append(skipped.contains(l.number()) ? "#" + l.text() : l.text()).append('\n');
            }
            hba = io.github.pghba.load.HbaLoader.with(base).parseHba(RenderedPooler.FILE, again.toString());
        }
        if (hba.loadable()) {
            analyse(file, pooler, r, hba, out);
        }
        sink.addAll(out);
        return r;
    }

    private static void analyse(String file, Pooler pooler, RenderedPooler r, HbaConfig hba, List<CnpgFinding> out) {
        Policy policy = Policy.compile(hba, Environment.defaults());
        Reachability reach = Reachability.of(policy);
        List<HbaRule> rules = policy.rules();
        Origin[] origin = new Origin[rules.size()];
        for (int i = 0; i < rules.size(); i++) {
            origin[i] = r.line(rules.get(i).lineNumber()).map(RenderedLine::origin).orElse(Origin.OPERATOR);
        }
        boolean allowList = false;
        for (int i = 0; i < rules.size(); i++) {
            HbaRule rule = rules.get(i);
            if (origin[i] == Origin.USER && rule.connectionType() != ConnectionType.LOCAL
                    && rule.method() != AuthMethod.REJECT) {
                allowList = true;
            }
        }
        List<Who.Row> rows = new ArrayList<>();
        int firstDefault = -1;
        List<HbaRule> own = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            if (origin[i] == Origin.USER) {
                own.add(rules.get(i));
            }
        }
        for (Who.Row row : reach.who().allowed()) {
            if (origin[row.ruleIndex()] != Origin.DEFAULT
                    || row.transports().stream().allMatch(t -> t == Transport.TCP_GSS)) {
                continue;
            }
            if (firstDefault < 0) {
                firstDefault = row.ruleIndex();
            }
            rows.add(row);
        }
        List<String> examples = new ArrayList<>();
        for (Who.Row row : WhoText.pick(rows, WhoText.mentioned(own, false), WhoText.mentioned(own, true))) {
            examples.add(WhoText.describe(row, reach, Set.of(Transport.TCP_GSS)));
        }
        if (allowList && firstDefault >= 0) {
            out.add(finding(pooler, file, "cnpg-pooler-cannot-restrict", null, OptionalInt.of(pooler.hbaAnchorLine()),
                    OptionalInt.of(rules.get(firstDefault).lineNumber()),
                    "the operator appends `host all all 0.0.0.0/0 md5` and `host all all ::/0 md5` after the Pooler's "
                            + "pg_hba rules: every client they do not take still gets in with a password"
                            + (examples.isEmpty() ? "" : " (" + String.join("; ", examples) + ")"),
                    "PgBouncer's hba is first-match like PostgreSQL's; a rule meant to restrict (hostssl only, some "
                            + "networks only) restricts nothing when the rest falls to the catch-all (CloudNativePG "
                            + "issue #11273); PgBouncer's md5 also accepts SCRAM secrets",
                    "end spec.pgbouncer.pg_hba with explicit rejects for both address families",
                    List.of("host all all 0.0.0.0/0 reject", "host all all ::/0 reject")));
        }
        for (Lint.Finding lf : Lint.run(policy, Lint.Config.defaults())) {
            int i = rules.indexOf(lf.rule());
            if (i < 0 || origin[i] != Origin.USER) {
                continue;
            }
            String id = lf.check();
            // PgBouncer's md5 uses SCRAM when the secret is SCRAM; PgBouncer has no GSS encryption.
            if (id.equals("md5") || id.equals("gss-encryption-fallthrough")
                    || (id.equals("shadowed-rule") && reach.rules().get(i).shadowedBy().stream()
                            .allMatch(k -> origin[k] != Origin.USER))) {
                continue;
            }
            out.add(finding(pooler, file, id, lf.severity(), r.yamlLineOf(lf.rule().lineNumber()),
                    OptionalInt.of(lf.rule().lineNumber()), lf.message(), lf.rationale(), lf.fix(), List.of()));
        }
    }

    /** What PgBouncer's parser refuses that PostgreSQL accepts; null when it accepts the line. */
    static @Nullable String pgbouncerRefuses(String line) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
            return null;
        }
        String[] f = l.split("\\s+");
        if (!TYPES.contains(f[0])) {
            return "PgBouncer knows no connection type `" + f[0] + "`";
        }
        int methodField = f[0].equals("local") ? 3 : 4;
        if (f.length > 2 && (f[1].contains("samerole") || f[1].contains("samegroup"))) {
            return "PgBouncer does not know samerole/samegroup";
        }
        if (f.length > 2 && (f[2].startsWith("+") || f[2].contains(",+"))) {
            return "PgBouncer does not know +role membership";
        }
        if (f.length > 3 && !f[0].equals("local") && (f[3].equals("samehost") || f[3].equals("samenet"))) {
            return "PgBouncer does not know " + f[3];
        }
        if (f.length > methodField && !f[methodField].contains("/") && !METHODS.contains(f[methodField])
                && !f[methodField].contains("=")) {
            if (!(f.length > methodField + 1 && !f[0].equals("local") && METHODS.contains(f[methodField + 1]))) {
                return "PgBouncer knows no method `" + f[methodField] + "`";
            }
        }
        return null;
    }

    private static CnpgFinding finding(Pooler p, String file, String check, @Nullable Severity severity, OptionalInt line,
            OptionalInt renderedLine, String message, String rationale, String fix, List<String> corrected) {
        Severity s = severity != null ? severity
                : CnpgReview.CHECKS.stream().filter(c -> c.id().equals(check)).findFirst().orElseThrow().severity();
        return new CnpgFinding(check, s, p.label(), file, line, Optional.of(RenderedPooler.FILE), renderedLine,
                message, rationale, fix, corrected);
    }
}
