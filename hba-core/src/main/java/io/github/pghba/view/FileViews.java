package io.github.pghba.view;

import io.github.pghba.internal.PgRegex;
import io.github.pghba.internal.ViewLines;
import io.github.pghba.load.HbaConfig;
import io.github.pghba.load.IdentConfig;
import io.github.pghba.syntax.Address;
import io.github.pghba.syntax.AuthToken;
import io.github.pghba.syntax.HbaRule;
import io.github.pghba.syntax.IdentMapping;
import io.github.pghba.syntax.IncludeLine;
import io.github.pghba.syntax.InvalidLine;
import io.github.pghba.syntax.SourceLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL's {@code pg_hba_file_rules} and {@code pg_ident_file_mappings} views, computed offline
 * from a loaded file (the same rows a superuser would read from the server for that file). The
 * views are read in some database, whose encoding decides how the backend compiles regular
 * expressions with non-ASCII bytes ({@link DatabaseEncoding}); without one, a UTF8 database.
 */
public final class FileViews {
    private FileViews() {}

    /** The rows of {@code pg_hba_file_rules} read in a UTF8 database. */
    public static List<HbaFileRule> hbaFileRules(HbaConfig config) {
        return hbaFileRules(config, DatabaseEncoding.UTF8);
    }

    /** The rows of {@code pg_hba_file_rules} read in a database of this encoding. */
    public static List<HbaFileRule> hbaFileRules(HbaConfig config, DatabaseEncoding encoding) {
        List<HbaFileRule> rows = new ArrayList<>();
        int ruleNumber = 0;
        for (SourceLine entry : config.entries()) {
            SourceLine line = ViewLines.hba(entry, config.options(), regexEncoding(encoding));
            String file = line.span().file();
            int lineNo = line.lineNumber();
            if (line instanceof HbaRule r) {
                Optional<String> error = r.warnings().stream().filter(w -> w.viewError().isPresent())
                        .reduce((a, b) -> b).flatMap(d -> d.viewError());
                if (error.isEmpty()) {
                    ruleNumber++;
                }
                Optional<String> addr = r.address().map(Address::viewText);
                Optional<String> mask = r.address().filter(a -> a instanceof Address.IpMask)
                        .map(a -> ((Address.IpMask) a).maskViewText());
                List<String> opts = r.settings().viewOptions();
                rows.add(new HbaFileRule(error.isEmpty() ? Optional.of(ruleNumber) : Optional.empty(), file, lineNo,
                        Optional.of(r.connectionType().keyword()), Optional.of(texts(r.databases())),
                        Optional.of(texts(r.users())), addr, mask, Optional.of(r.method().keyword()),
                        opts.isEmpty() ? Optional.empty() : Optional.of(opts), error));
            } else {
                Optional<String> error = viewError(line);
                if (error.isEmpty()) {
                    ruleNumber++;
                }
                rows.add(new HbaFileRule(error.isEmpty() ? Optional.of(ruleNumber) : Optional.empty(), file, lineNo,
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), error));
            }
        }
        return rows;
    }

    /** The rows of {@code pg_ident_file_mappings} read in a UTF8 database (the view exists from 15 on). */
    public static List<IdentFileMapping> identFileMappings(IdentConfig config) {
        return identFileMappings(config, DatabaseEncoding.UTF8);
    }

    /** The rows of {@code pg_ident_file_mappings} read in a database of this encoding. */
    public static List<IdentFileMapping> identFileMappings(IdentConfig config, DatabaseEncoding encoding) {
        List<IdentFileMapping> rows = new ArrayList<>();
        int mapNumber = 0;
        for (SourceLine entry : config.entries()) {
            SourceLine line = ViewLines.ident(entry, config.options(), regexEncoding(encoding));
            String file = line.span().file();
            int lineNo = line.lineNumber();
            if (line instanceof IdentMapping m) {
                mapNumber++;
                rows.add(new IdentFileMapping(Optional.of(mapNumber), file, lineNo, Optional.of(m.mapName()),
                        Optional.of(m.systemUser().text()), Optional.of(m.databaseUser().text()), Optional.empty()));
            } else {
                Optional<String> error = viewError(line);
                if (error.isEmpty()) {
                    mapNumber++;
                }
                rows.add(new IdentFileMapping(error.isEmpty() ? Optional.of(mapNumber) : Optional.empty(), file,
                        lineNo, Optional.empty(), Optional.empty(), Optional.empty(), error));
            }
        }
        return rows;
    }

    private static PgRegex.Encoding regexEncoding(DatabaseEncoding encoding) {
        return encoding == DatabaseEncoding.UTF8 ? PgRegex.Encoding.UTF8 : PgRegex.Encoding.BYTES;
    }

    private static Optional<String> viewError(SourceLine line) {
        if (line instanceof InvalidLine inv) {
            return inv.error().viewError();
        }
        if (line instanceof IncludeLine inc) {
            return inc.error().flatMap(d -> d.viewError());
        }
        return Optional.empty();
    }

    private static List<String> texts(List<AuthToken> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (AuthToken t : tokens) {
            out.add(t.text());
        }
        return out;
    }
}
