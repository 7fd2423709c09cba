package io.github.pghba.testing;

import io.github.pghba.check.Diagnostic;
import io.github.pghba.check.PgVersion;
import io.github.pghba.eval.Environment;
import io.github.pghba.eval.IdentMaps;
import io.github.pghba.eval.Policy;
import io.github.pghba.load.FileSourceException;
import io.github.pghba.load.HbaConfig;
import io.github.pghba.load.HbaLoader;
import io.github.pghba.load.LoadOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Resolves {@link Policy} and {@link HbaConfig} parameters for {@link HbaPolicy}. Registered by the annotation. */
public final class HbaPolicyExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(HbaPolicyExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext ctx) {
        Class<?> type = p.getParameter().getType();
        return (type == Policy.class || type == HbaConfig.class) && annotation(p, ctx).isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext ctx) {
        HbaPolicy a = annotation(p, ctx).orElseThrow();
        ExtensionContext classCtx = ctx.getRoot().equals(ctx) ? ctx : classContext(ctx);
        Policy policy = classCtx.getStore(NS).computeIfAbsent(key(a), k -> load(a, ctx), Policy.class);
        return p.getParameter().getType() == HbaConfig.class ? policy.config() : policy;
    }

    private static ExtensionContext classContext(ExtensionContext ctx) {
        ExtensionContext c = ctx;
        while (c.getParent().isPresent() && c.getTestMethod().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private static String key(HbaPolicy a) {
        return a.value() + "|" + a.cnpg() + "|" + a.operatorVersion() + "|" + a.pgVersion() + "|" + a.env() + "|"
                + a.ident();
    }

    private static Optional<HbaPolicy> annotation(ParameterContext p, ExtensionContext ctx) {
        Optional<HbaPolicy> onParam = p.findAnnotation(HbaPolicy.class);
        if (onParam.isPresent()) {
            return onParam;
        }
        Optional<Class<?>> c = ctx.getTestClass();
        while (c.isPresent()) {
            HbaPolicy a = c.get().getAnnotation(HbaPolicy.class);
            if (a != null) {
                return Optional.of(a);
            }
            c = Optional.ofNullable(c.get().getEnclosingClass());
        }
        return Optional.empty();
    }

    private static Policy load(HbaPolicy a, ExtensionContext ctx) {
        ClassLoader loader = ctx.getRequiredTestClass().getClassLoader();
        try {
            LoadOptions options = LoadOptions.defaults().withVersion(PgVersion.parse(a.pgVersion()));
            Environment env = Environment.defaults();
            if (!a.env().isEmpty()) {
                EnvJson.Parsed parsed = EnvJson.parse(new String(Locations.read(a.env(), loader),
                        StandardCharsets.UTF_8), options);
                options = parsed.options();
                env = parsed.environment();
            }
            HbaLoader hba = HbaLoader.with(options);
            if (a.value().isEmpty() == a.cnpg().isEmpty()) {
                throw new IOException("name either a pg_hba.conf (value) or a CloudNativePG manifest (cnpg)");
            }
            if (!a.cnpg().isEmpty()) {
                return CnpgPolicies.load(a, options, env, loader);
            }
            HbaConfig config = loadHba(hba, a.value(), loader);
            if (!config.loadable()) {
                StringBuilder sb = new StringBuilder("PostgreSQL " + config.version() + " would not load " + a.value()
                        + ":");
                for (Diagnostic d : config.errors()) {
                    sb.append('\n').append(d.format());
                }
                throw new ParameterResolutionException(sb.toString());
            }
            IdentMaps maps = IdentMaps.none(options.version());
            if (!a.ident().isEmpty()) {
                Path p = Locations.path(a.ident(), loader);
                maps = IdentMaps.of(p != null ? hba.loadIdent(p.toString())
                        : hba.parseIdent(a.ident(), new String(Locations.read(a.ident(), loader), StandardCharsets.UTF_8)));
            }
            return Policy.compile(config, maps, env);
        } catch (IOException | FileSourceException | IllegalArgumentException e) {
            throw new ExtensionConfigurationException("@HbaPolicy(\"" + a.value() + "\"): " + e.getMessage(), e);
        }
    }

    private static HbaConfig loadHba(HbaLoader hba, String location, ClassLoader loader)
            throws IOException, FileSourceException {
        Path p = Locations.path(location, loader);
        if (p != null) {
            return hba.loadHba(p.toString());
        }
        return hba.parseHba(location, Locations.read(location, loader));
    }
}
