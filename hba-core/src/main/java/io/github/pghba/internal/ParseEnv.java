package io.github.pghba.internal;

import io.github.pghba.check.BuildFeatures;
import io.github.pghba.check.PgVersion;
import io.github.pghba.check.ServerSettings;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Everything outside the file that changes how PostgreSQL parses it.
 *
 * @param version the release
 * @param settings server settings
 * @param build build features
 * @param interfaceNames network interface names (IPv6 link-local scope ids)
 * @param resolvesHost whether a RADIUS server name resolves (PostgreSQL resolves them at load time)
 */
public record ParseEnv(PgVersion version, ServerSettings settings, BuildFeatures build, Set<String> interfaceNames,
        Predicate<String> resolvesHost) {}
