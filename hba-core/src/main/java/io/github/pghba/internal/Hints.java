package io.github.pghba.internal;

import io.github.pghba.check.Diagnostic;
import io.github.pghba.syntax.AuthMethod;
import io.github.pghba.syntax.ConnectionType;
import io.github.pghba.syntax.Field;
import java.util.List;
import java.util.Optional;

/**
 * pghba's own explanations added to PostgreSQL's messages where the intent of a line is evident:
 * what PostgreSQL made of it and what was probably meant.
 */
final class Hints {
    private Hints() {}

    static Diagnostic explain(Diagnostic d, TokLine tok, int major) {
        List<Field> fields = tok.fields();
        if (fields.isEmpty()) {
            return d;
        }
        Optional<ConnectionType> type = ConnectionType.fromKeyword(fields.get(0).first().text());
        String msg = d.message();
        if (type.isPresent() && type.get() != ConnectionType.LOCAL && fields.size() >= 4) {
            String addr = fields.get(3).first().text();
            boolean addrIsMethod = AuthMethod.fromKeyword(addr).isPresent();
            boolean missingMethod = msg.equals("end-of-line before authentication method");
            boolean optionAsMethod = msg.startsWith("invalid authentication method \"") && fields.size() >= 5
                    && fields.get(4).first().text().contains("=");
            if (addrIsMethod && (missingMethod || optionAsMethod)) {
                StringBuilder fixed = new StringBuilder();
                for (int i = 0; i < fields.size(); i++) {
                    if (i == 3) {
                        fixed.append("all ");
                    }
                    fixed.append(fields.get(i)).append(i + 1 < fields.size() ? " " : "");
                }
                return d.withNote("the address field is missing: `" + addr + "` was read as a host name"
                        + (optionAsMethod ? " and `" + fields.get(4) + "` as the authentication method" : "")
                        + "; did you mean `" + fixed + "`?");
            }
        }
        if (msg.startsWith("invalid IP mask \"") && fields.size() >= 5
                && AuthMethod.fromKeyword(fields.get(4).first().text()).isPresent()) {
            String addr = fields.get(3).first().text();
            boolean v6 = addr.indexOf(':') >= 0;
            return d.withNote("the address `" + addr + "` has no CIDR mask, so the next field `" + fields.get(4)
                    + "` was read as a netmask; did you mean `" + addr + (v6 ? "/128" : "/32") + "`?");
        }
        if (msg.startsWith("invalid connection type \"include") && major < 16) {
            return d.withNote("include directives exist only in PostgreSQL 16 and later");
        }
        if (msg.equals("end-of-line before role specification") || msg.equals("end-of-line before authentication method")) {
            for (Field f : fields) {
                if (f.tokens().size() > 1) {
                    return d.withNote("a comma joins tokens across blanks: the field `" + f
                            + "` is one list, so the line has fewer fields than it seems");
                }
            }
        }
        return d;
    }
}
