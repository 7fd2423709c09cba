package io.github.pghba.view;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of PostgreSQL's {@code pg_hba_file_rules} view, as the server would show it. Empty
 * optionals are SQL NULLs.
 *
 * @param ruleNumber {@code rule_number} (16+): counts rows without an error
 * @param fileName {@code file_name} (16+)
 * @param lineNumber {@code line_number}
 * @param type {@code type}
 * @param database {@code database}
 * @param userName {@code user_name}
 * @param address {@code address}
 * @param netmask {@code netmask}
 * @param authMethod {@code auth_method}
 * @param options {@code options}
 * @param error {@code error}
 */
public record HbaFileRule(Optional<Integer> ruleNumber, String fileName, int lineNumber, Optional<String> type,
        Optional<List<String>> database, Optional<List<String>> userName, Optional<String> address,
        Optional<String> netmask, Optional<String> authMethod, Optional<List<String>> options,
        Optional<String> error) {

    /** Checks for null and copies the lists. */
    public HbaFileRule {
        Objects.requireNonNull(ruleNumber, "ruleNumber");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(type, "type");
        database = database.map(List::copyOf);
        userName = userName.map(List::copyOf);
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(netmask, "netmask");
        Objects.requireNonNull(authMethod, "authMethod");
        options = options.map(List::copyOf);
        Objects.requireNonNull(error, "error");
    }

    /**
     * The row's columns in the view's order for a major version: 13–15 have no {@code rule_number}
     * and {@code file_name}. Values are Integer, String or List of String; empty means NULL.
     */
    public Map<String, Optional<Object>> columns(int major) {
        Map<String, Optional<Object>> m = new LinkedHashMap<>();
        if (major >= 16) {
            m.put("rule_number", ruleNumber.map(x -> x));
            m.put("file_name", Optional.of(fileName));
        }
        m.put("line_number", Optional.of(lineNumber));
        m.put("type", type.map(x -> x));
        m.put("database", database.map(x -> x));
        m.put("user_name", userName.map(x -> x));
        m.put("address", address.map(x -> x));
        m.put("netmask", netmask.map(x -> x));
        m.put("auth_method", authMethod.map(x -> x));
        m.put("options", options.map(x -> x));
        m.put("error", error.map(x -> x));
        return m;
    }
}
