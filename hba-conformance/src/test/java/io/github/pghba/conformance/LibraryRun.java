package io.github.pghba.conformance;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.pghba.check.BuildFeatures;
import io.github.pghba.check.Diagnostic;
import io.github.pghba.check.PgVersion;
import io.github.pghba.load.HbaConfig;
import io.github.pghba.load.HbaLoader;
import io.github.pghba.load.IdentConfig;
import io.github.pghba.load.LoadOptions;
import io.github.pghba.view.FileViews;
import io.github.pghba.view.HbaFileRule;
import io.github.pghba.view.IdentFileMapping;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The library's side of a case: the same files, read from the server's configuration directory. */
final class LibraryRun {
    private LibraryRun() {}

    /** The machine's network interface names (for IPv6 scope ids such as {@code fe80::1%lo}). */
    static final Set<String> INTERFACES = interfaces();

    private static Set<String> interfaces() {
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream().map(NetworkInterface::getName)
                    .collect(Collectors.toUnmodifiableSet());
        } catch (SocketException e) {
            return Set.of("lo");
        }
    }

    static Outcome run(String serverVersion, ConfCase.Settings settings, Path conf, Predicate<String> resolves)
            throws Exception {
        PgVersion version = PgVersion.parse(serverVersion);
        int major = version.major();
        LoadOptions options = LoadOptions.defaults().withVersion(version).withBuild(BuildFeatures.SSL_ONLY)
                .withSettings(settings.forMajor(major).library()).withHostResolves(resolves)
                .withInterfaceNames(INTERFACES);
        HbaLoader loader = HbaLoader.with(options);
        HbaConfig hba = loader.loadHba(conf.resolve("pg_hba.conf").toString());
        IdentConfig ident = loader.loadIdent(conf.resolve("pg_ident.conf").toString());
        ArrayNode hbaRows = JsonNodeFactory.instance.arrayNode();
        for (HbaFileRule r : FileViews.hbaFileRules(hba)) {
            hbaRows.add(toJson(r.columns(major)));
        }
        ArrayNode identRows = null;
        if (major >= 15) {
            identRows = JsonNodeFactory.instance.arrayNode();
            for (IdentFileMapping r : FileViews.identFileMappings(ident)) {
                identRows.add(toJson(r.columns(major)));
            }
        }
        List<String> notes = new ArrayList<>();
        for (Diagnostic d : hba.diagnostics()) {
            notes.add(d.format());
        }
        for (Diagnostic d : ident.diagnostics()) {
            notes.add(d.format());
        }
        return new Outcome(hba.loadable(), ident.loadable(), hbaRows, identRows, notes);
    }

    private static ObjectNode toJson(Map<String, Optional<Object>> columns) {
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
}
