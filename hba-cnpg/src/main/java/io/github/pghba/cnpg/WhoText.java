package io.github.pghba.cnpg;

import io.github.pghba.analysis.AddressRange;
import io.github.pghba.analysis.NameClass;
import io.github.pghba.analysis.Reachability;
import io.github.pghba.analysis.Transport;
import io.github.pghba.analysis.Who;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Short English for a {@link Who.Row}: "any user except app, to any database, from anywhere, with TLS". */
final class WhoText {
    private WhoText() {}

    static String describe(Who.Row row, Reachability reach, Set<Transport> skip) {
        String users = names(row.users(), reach.userClasses(), "user");
        String dbs = row.physicalReplication() ? "physical replication"
                : names(row.databases(), reach.databaseClasses(), "database");
        List<String> via = new ArrayList<>();
        for (Transport t : row.transports()) {
            if (skip.contains(t)) {
                continue;
            }
            via.add(switch (t) {
                case TCP -> "without encryption";
                case TCP_SSL -> "with TLS";
                case TCP_GSS -> "with GSS encryption";
                case LOCAL -> "on the Unix socket";
            });
        }
        return users + ", to " + dbs + ", from " + networks(row.networks()) + ", " + String.join(" or ", via);
    }

    /**
     * Up to two rows worth showing: one for "any other user", one for a user the user's own rules
     * name (the one an allow-list meant to restrict); rows only about the operator's users last.
     */
    static List<Who.Row> pick(List<Who.Row> rows, Set<String> users, Set<String> databases) {
        List<Who.Row> out = new ArrayList<>();
        for (Who.Row r : rows) {
            if (r.users().contains("all") || r.users().contains("(any other user)")) {
                out.add(r);
                break;
            }
        }
        Who.Row named = null;
        for (Who.Row r : rows) {
            if (out.contains(r) || r.users().stream().noneMatch(users::contains)) {
                continue;
            }
            if (r.databases().stream().anyMatch(databases::contains)) {
                named = r;
                break;
            }
            if (named == null) {
                named = r;
            }
        }
        if (named != null) {
            out.add(named);
        }
        for (Who.Row r : rows) {
            if (out.size() < 2 && !out.contains(r)
                    && !ClusterReviewer.OPERATOR_USERS.containsAll(r.users())) {
                out.add(r);
            }
        }
        return out;
    }

    /** The user and database names the given rules mention (not keywords, not regular expressions). */
    static Set<String> mentioned(List<io.github.pghba.syntax.HbaRule> rules, boolean databases) {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (io.github.pghba.syntax.HbaRule r : rules) {
            for (io.github.pghba.syntax.AuthToken t : databases ? r.databases() : r.users()) {
                if (!t.isRegex() && !t.isKeyword("all") && !t.isKeyword("sameuser") && !t.isKeyword("samerole")
                        && !t.isKeyword("replication")) {
                    names.add(t.text());
                }
            }
        }
        return names;
    }

    private static String names(List<String> labels, List<NameClass> classes, String what) {
        if (labels.contains("all")) {
            return "any " + what;
        }
        String other = "(any other " + what + ")";
        if (labels.contains(other)) {
            List<String> except = new ArrayList<>();
            for (NameClass c : classes) {
                if (c.kind() == NameClass.Kind.NAMED && !labels.contains(c.label())) {
                    except.add(c.label());
                }
            }
            return "any " + what + (except.isEmpty() ? "" : " except " + list(except));
        }
        List<String> named = new ArrayList<>();
        for (String l : labels) {
            named.add(l.equals("(same as user)") ? "the user's own database" : l);
        }
        return what + " " + list(named);
    }

    private static String list(List<String> names) {
        if (names.size() <= 4) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, 4)) + " and " + (names.size() - 4) + " more";
    }

    private static String networks(List<AddressRange> nets) {
        boolean v4 = nets.contains(AddressRange.all(false));
        boolean v6 = nets.contains(AddressRange.all(true));
        if (v4 && v6) {
            return "anywhere";
        }
        List<String> s = new ArrayList<>();
        for (AddressRange a : nets) {
            s.add(a.toString());
        }
        String all = String.join(" ", s);
        return all.length() > 60 ? all.substring(0, 57) + "..." : all;
    }
}
