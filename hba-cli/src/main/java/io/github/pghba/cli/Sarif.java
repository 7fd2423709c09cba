package io.github.pghba.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.pghba.analysis.Lint;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/** What {@code lint} and {@code cnpg review} share: SARIF 2.1.0 logs and the {@code --fail-on} severity. */
final class Sarif {
    private Sarif() {}

    /** A SARIF log whose tool lists {@code checks} as its rules; add results to {@link #results}. */
    static ObjectNode log(List<Lint.Check> checks) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "pghba");
        driver.put("version", "0.1.0");
        ArrayNode rules = driver.putArray("rules");
        for (Lint.Check c : checks) {
            ObjectNode r = rules.addObject();
            r.put("id", c.id());
            r.putObject("shortDescription").put("text", c.title());
            r.putObject("defaultConfiguration").put("level", level(c.severity()));
            r.putObject("properties").put("severity", c.severity().label());
        }
        run.putArray("results");
        return root;
    }

    /** The results array of a log made by {@link #log}. */
    static ArrayNode results(ObjectNode log) {
        return (ArrayNode) log.get("runs").get(0).get("results");
    }

    /** SARIF level of a severity: critical and high are errors, medium warnings, the rest notes. */
    static String level(Lint.Severity s) {
        return switch (s) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            default -> "note";
        };
    }

    /** The {@code --fail-on} value. */
    static Lint.Severity failOn(CommandLine cl, String text) {
        try {
            return Lint.Severity.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--fail-on must be critical, high, medium, low or info");
        }
    }
}
