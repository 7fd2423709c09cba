package io.github.pghba.testing;

import io.github.pghba.check.Diagnostic;
import io.github.pghba.cnpg.CnpgSource;
import io.github.pghba.cnpg.OperatorVersion;
import io.github.pghba.cnpg.RenderOptions;
import io.github.pghba.eval.Environment;
import io.github.pghba.eval.Policy;
import io.github.pghba.load.LoadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * {@code @HbaPolicy(cnpg = ...)}: the policy the CloudNativePG operator renders for a manifest. Kept
 * in a class of its own so that hba-cnpg is needed only by tests that name a manifest.
 */
final class CnpgPolicies {
    private CnpgPolicies() {}

    static Policy load(HbaPolicy a, LoadOptions options, Environment env, ClassLoader loader) throws IOException {
        Path manifest = Locations.path(a.cnpg(), loader);
        if (manifest == null) {
            manifest = Files.createTempFile("pghba-cnpg", ".yaml");
            Files.write(manifest, Locations.read(a.cnpg(), loader));
            manifest.toFile().deleteOnExit();
        }
        RenderOptions render = RenderOptions.defaults().withOperator(OperatorVersion.parse(a.operatorVersion()));
        if (!a.pgVersion().equals("18")) {
            render = render.withPgVersion(options.version());
        }
        CnpgSource s;
        try {
            s = CnpgSource.load(manifest, Optional.empty(), render, options);
        } catch (NoClassDefFoundError e) {
            throw new IOException("@HbaPolicy(cnpg = ...) needs io.github.pghba:hba-cnpg on the test class path", e);
        }
        if (!s.hba().loadable()) {
            StringBuilder sb = new StringBuilder("PostgreSQL " + s.hba().version() + " would not load the pg_hba.conf "
                    + "the operator renders for " + a.cnpg() + ":");
            for (Diagnostic d : s.hba().errors()) {
                sb.append('\n').append(d.format());
            }
            throw new ParameterResolutionException(sb.toString());
        }
        return Policy.compile(s.hba(), s.identMaps(), env);
    }
}
