package io.github.pghba.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.pghba.check.Diagnostic;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** JSON renderings shared by the commands. */
final class Json {
    private Json() {}

    /** A view row: SQL NULL as null, text[] as an array of strings. */
    static ObjectNode columns(Map<String, Optional<Object>> columns) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        columns.forEach((k, v) -> {
            if (v.isEmpty()) {
                o.putNull(k);
            } else if (v.get() instanceof Integer i) {
                o.put(k, i);
            } else if (v.get() instanceof List<?> l) {
                ArrayNode a = o.putArray(k);
                l.forEach(x -> a.add(String.valueOf(x)));
            } else {
                o.put(k, String.valueOf(v.get()));
            }
        });
        return o;
    }

    static ObjectNode diagnostic(Diagnostic d) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("severity", d.severity().name().toLowerCase(java.util.Locale.ROOT));
        o.put("code", d.code());
        o.put("file", d.span().file());
        o.put("line", d.span().line());
        o.put("column", d.span().column());
        o.put("message", d.message());
        if (d.viewError().isPresent()) {
            o.put("view_error", d.viewError().get());
        } else {
            o.putNull("view_error");
        }
        d.hint().ifPresent(h -> o.put("hint", h));
        d.note().ifPresent(n -> o.put("note", n));
        return o;
    }
}
