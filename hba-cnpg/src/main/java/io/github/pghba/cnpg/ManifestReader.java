package io.github.pghba.cnpg;

import io.github.pghba.cnpg.CnpgManifest.BindAsAuth;
import io.github.pghba.cnpg.CnpgManifest.BindSearchAuth;
import io.github.pghba.cnpg.CnpgManifest.Cluster;
import io.github.pghba.cnpg.CnpgManifest.Ldap;
import io.github.pghba.cnpg.CnpgManifest.Parameter;
import io.github.pghba.cnpg.CnpgManifest.Pooler;
import io.github.pghba.cnpg.CnpgManifest.Problem;
import io.github.pghba.cnpg.CnpgManifest.Scalar;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads manifests with SnakeYAML's node model, which keeps every scalar's position and the type
 * YAML 1.1 resolves it to (the rules kubectl's YAML reader follows: {@code 0700} is octal 448,
 * {@code on} is true).
 */
final class ManifestReader {
    private final String source;
    private final List<Cluster> clusters = new ArrayList<>();
    private final List<Pooler> poolers = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();

    private ManifestReader(String source) {
        this.source = source;
    }

    static CnpgManifest read(String source, String text) {
        ManifestReader r = new ManifestReader(source);
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);
        options.setMaxAliasesForCollections(50);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        int documents = 0;
        try {
            for (Node doc : yaml.composeAll(new StringReader(text))) {
                documents++;
                if (doc != null) {
                    r.document(doc);
                }
            }
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            r.problems.add(new Problem(m == null ? 1 : m.getLine() + 1, "not valid YAML: " + oneLine(e.getProblem())
                    + (e.getContext() == null ? "" : " (" + oneLine(e.getContext()) + ")")));
        } catch (YAMLException e) {
            r.problems.add(new Problem(1, "not valid YAML: " + oneLine(String.valueOf(e.getMessage()))));
        }
        return new CnpgManifest(source, r.clusters, r.poolers, r.problems, documents);
    }

    private static String oneLine(@Nullable String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }

    private static int line(Node n) {
        return n.getStartMark().getLine() + 1;
    }

    private void document(Node doc) {
        if (!(doc instanceof MappingNode m)) {
            return;
        }
        String kind = text(get(m, "kind")).orElse("");
        String apiVersion = text(get(m, "apiVersion")).orElse("");
        if (kind.equals("List")) {
            Node items = get(m, "items");
            if (items instanceof SequenceNode s) {
                s.getValue().forEach(this::document);
            }
            return;
        }
        boolean cnpg = apiVersion.startsWith("postgresql.cnpg.io/")
                || apiVersion.startsWith("postgresql.k8s.enterprisedb.io/");
        if (!cnpg) {
            return;
        }
        Node kindNode = get(m, "kind");
        int line = kindNode == null ? line(m) : line(kindNode);
        MappingNode metadata = mapping(get(m, "metadata"));
        String name = text(get(metadata, "name")).orElse("");
        String namespace = text(get(metadata, "namespace")).orElse("");
        if (name.isEmpty()) {
            problems.add(new Problem(line, kind + " without metadata.name"));
        }
        MappingNode spec = mapping(get(m, "spec"));
        if (kind.equals("Cluster")) {
            clusters.add(cluster(name, namespace, apiVersion, line, spec, mapping(get(m, "status"))));
        } else if (kind.equals("Pooler")) {
            poolers.add(pooler(name, namespace, apiVersion, line, spec));
        }
    }

    private Cluster cluster(String name, String namespace, String apiVersion, int line, @Nullable MappingNode spec,
            @Nullable MappingNode status) {
        Node imageNameNode = get(spec, "imageName");
        Optional<Scalar> imageName = imageNameNode instanceof ScalarNode s ? Optional.of(scalar(s)) : Optional.empty();
        OptionalInt catalogMajor = integer(get(mapping(get(spec, "imageCatalogRef")), "major"));
        Node pgNode = get(spec, "postgresql");
        MappingNode pg = mapping(pgNode);
        Node hbaNode = get(pg, "pg_hba");
        Node identNode = get(pg, "pg_ident");
        Node paramsNode = get(pg, "parameters");
        List<Parameter> parameters = new ArrayList<>();
        if (paramsNode instanceof MappingNode pm) {
            for (NodeTuple t : pm.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && t.getValueNode() instanceof ScalarNode v) {
                    parameters.add(new Parameter(k.getValue(), scalar(v), line(k)));
                } else {
                    problems.add(new Problem(line(t.getKeyNode()), name + ": spec.postgresql.parameters entries must "
                            + "be name: value pairs of strings"));
                }
            }
        } else if (paramsNode != null && !isNull(paramsNode)) {
            problems.add(new Problem(line(paramsNode), name + ": spec.postgresql.parameters must be a mapping"));
        }
        List<String> selectorNames = new ArrayList<>();
        Node refs = get(spec, "podSelectorRefs");
        if (refs instanceof SequenceNode s) {
            for (Node item : s.getValue()) {
                text(get(mapping(item), "name")).ifPresent(selectorNames::add);
            }
        }
        Map<String, List<String>> statusIps = new LinkedHashMap<>();
        Node statusRefs = get(status, "podSelectorRefs");
        if (statusRefs instanceof SequenceNode s) {
            for (Node item : s.getValue()) {
                MappingNode im = mapping(item);
                Optional<String> n = text(get(im, "name"));
                if (n.isPresent()) {
                    List<String> ips = new ArrayList<>();
                    if (get(im, "ips") instanceof SequenceNode ipSeq) {
                        for (Node ip : ipSeq.getValue()) {
                            text(ip).ifPresent(ips::add);
                        }
                    }
                    statusIps.put(n.get(), ips);
                }
            }
        }
        Optional<Boolean> superuser = text(get(spec, "enableSuperuserAccess")).map(v -> v.equalsIgnoreCase("true"));
        return new Cluster(name, namespace, apiVersion, line, imageName, catalogMajor, keyLine(spec, "postgresql"),
                keyLine(pg, "pg_hba"), lines(name, "spec.postgresql.pg_hba", hbaNode), keyLine(pg, "pg_ident"),
                lines(name, "spec.postgresql.pg_ident", identNode), keyLine(pg, "parameters"), parameters,
                ldap(get(pg, "ldap"), keyLine(pg, "ldap")), selectorNames, statusIps, superuser);
    }

    private Pooler pooler(String name, String namespace, String apiVersion, int line, @Nullable MappingNode spec) {
        MappingNode pgb = mapping(get(spec, "pgbouncer"));
        String clusterName = text(get(mapping(get(spec, "cluster")), "name")).orElse("");
        String type = text(get(spec, "type")).orElse("rw");
        return new Pooler(name, namespace, apiVersion, line, clusterName, type, keyLine(spec, "pgbouncer"),
                keyLine(pgb, "pg_hba"), lines(name, "spec.pgbouncer.pg_hba", get(pgb, "pg_hba")));
    }

    private Optional<Ldap> ldap(@Nullable Node node, OptionalInt keyLine) {
        if (!(node instanceof MappingNode m)) {
            return Optional.empty();
        }
        boolean tls = text(get(m, "tls")).map(v -> v.equalsIgnoreCase("true")).orElse(false);
        Optional<BindAsAuth> bindAs = Optional.empty();
        if (get(m, "bindAsAuth") instanceof MappingNode b) {
            bindAs = Optional.of(new BindAsAuth(text(get(b, "prefix")).orElse(""), text(get(b, "suffix")).orElse("")));
        }
        Optional<BindSearchAuth> bindSearch = Optional.empty();
        if (get(m, "bindSearchAuth") instanceof MappingNode b) {
            MappingNode pw = mapping(get(b, "bindPassword"));
            Optional<String> secret = pw == null ? Optional.empty()
                    : Optional.of(text(get(pw, "name")).orElse("") + "/" + text(get(pw, "key")).orElse(""));
            bindSearch = Optional.of(new BindSearchAuth(text(get(b, "baseDN")).orElse(""),
                    text(get(b, "bindDN")).orElse(""), text(get(b, "searchAttribute")).orElse(""),
                    text(get(b, "searchFilter")).orElse(""), secret));
        }
        return Optional.of(new Ldap(keyLine.orElse(line(node)), text(get(m, "server")), integer(get(m, "port")),
                text(get(m, "scheme")), tls, bindAs, bindSearch));
    }

    private List<Scalar> lines(String resource, String path, @Nullable Node node) {
        List<Scalar> out = new ArrayList<>();
        if (node == null || isNull(node)) {
            return out;
        }
        if (!(node instanceof SequenceNode s)) {
            problems.add(new Problem(line(node), resource + ": " + path + " must be a list of strings"));
            return out;
        }
        for (Node item : s.getValue()) {
            if (item instanceof ScalarNode sc) {
                out.add(scalar(sc));
            } else {
                problems.add(new Problem(line(item), resource + ": every entry of " + path
                        + " must be a string, not a " + (item instanceof MappingNode ? "mapping" : "list")
                        + " (a line with `key: value` in it needs quotes)"));
            }
        }
        return out;
    }

    private static Scalar scalar(ScalarNode s) {
        Tag tag = s.getTag();
        String type = tag.equals(Tag.STR) ? "str" : tag.equals(Tag.INT) ? "int" : tag.equals(Tag.BOOL) ? "bool"
                : tag.equals(Tag.FLOAT) ? "float" : tag.equals(Tag.NULL) ? "null"
                : tag.equals(Tag.TIMESTAMP) ? "timestamp" : tag.getValue();
        int line = line(s);
        // A block scalar's text starts on the line after its indicator.
        if (s.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.LITERAL
                || s.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.FOLDED) {
            line++;
        }
        return new Scalar(s.getValue(), line, s.getStartMark().getColumn() + 1, tag.equals(Tag.STR), type);
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    private static @Nullable MappingNode mapping(@Nullable Node n) {
        return n instanceof MappingNode m ? m : null;
    }

    private static @Nullable Node get(@Nullable MappingNode m, String key) {
        if (m == null) {
            return null;
        }
        Node found = null;
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                found = t.getValueNode();
            }
        }
        return found;
    }

    private static OptionalInt keyLine(@Nullable MappingNode m, String key) {
        if (m == null) {
            return OptionalInt.empty();
        }
        int found = -1;
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                found = line(k);
            }
        }
        return found < 0 ? OptionalInt.empty() : OptionalInt.of(found);
    }

    private static Optional<String> text(@Nullable Node n) {
        return n instanceof ScalarNode s && !s.getTag().equals(Tag.NULL) ? Optional.of(s.getValue()) : Optional.empty();
    }

    private static OptionalInt integer(@Nullable Node n) {
        Optional<String> t = text(n);
        if (t.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(t.get().strip()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    @Override
    public String toString() {
        return "ManifestReader[" + source + "]";
    }
}
