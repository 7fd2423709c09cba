package io.github.pghba.load;

import io.github.pghba.check.BuildFeatures;
import io.github.pghba.check.PgVersion;
import io.github.pghba.check.ServerSettings;
import io.github.pghba.internal.InetText;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Everything besides the file itself that decides how PostgreSQL reads it.
 *
 * @param version the PostgreSQL release whose rules apply
 * @param settings server settings ({@code ssl}...)
 * @param build build features (which methods exist)
 * @param files where files are read from (includes and {@code @file} lists too)
 * @param interfaceNames the server's network interface names, for IPv6 link-local scope ids
 *     such as {@code fe80::1%eth0}
 * @param hostResolves whether a host name resolves on the server; PostgreSQL resolves RADIUS server
 *     names while loading the file
 */
public record LoadOptions(PgVersion version, ServerSettings settings, BuildFeatures build, FileSource files,
        Set<String> interfaceNames, Predicate<String> hostResolves) {

    /** Checks for null and copies the set. */
    public LoadOptions {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(build, "build");
        Objects.requireNonNull(files, "files");
        interfaceNames = Set.copyOf(interfaceNames);
        Objects.requireNonNull(hostResolves, "hostResolves");
    }

    /**
     * PostgreSQL 18 (newest minor), {@link ServerSettings#DEFAULT}, {@link BuildFeatures#TYPICAL_LINUX},
     * the real file system, interface {@code lo}, and host names that resolve: numeric addresses
     * and {@code localhost}.
     */
    public static LoadOptions defaults() {
        return new LoadOptions(PgVersion.LATEST, ServerSettings.DEFAULT, BuildFeatures.TYPICAL_LINUX,
                FileSource.filesystem(), Set.of("lo"), LoadOptions::numericOrLocalhost);
    }

    private static boolean numericOrLocalhost(String name) {
        // the hosts file's localhost, whose names glibc compares without case
        return name.equalsIgnoreCase("localhost") || InetText.parseNumericHost(name, Set.of()).isPresent();
    }

    /** A copy for another release. */
    public LoadOptions withVersion(PgVersion v) {
        return new LoadOptions(v, settings, build, files, interfaceNames, hostResolves);
    }

    /** A copy with other server settings. */
    public LoadOptions withSettings(ServerSettings s) {
        return new LoadOptions(version, s, build, files, interfaceNames, hostResolves);
    }

    /** A copy with other build features. */
    public LoadOptions withBuild(BuildFeatures b) {
        return new LoadOptions(version, settings, b, files, interfaceNames, hostResolves);
    }

    /** A copy reading files from another source. */
    public LoadOptions withFiles(FileSource f) {
        return new LoadOptions(version, settings, build, f, interfaceNames, hostResolves);
    }

    /** A copy with other interface names. */
    public LoadOptions withInterfaceNames(Set<String> names) {
        return new LoadOptions(version, settings, build, files, names, hostResolves);
    }

    /** A copy with another host name test. */
    public LoadOptions withHostResolves(Predicate<String> p) {
        return new LoadOptions(version, settings, build, files, interfaceNames, p);
    }
}
