package io.github.pghba.bench;

import io.github.pghba.check.BuildFeatures;
import io.github.pghba.check.PgVersion;
import io.github.pghba.eval.ConnectionRequest;
import io.github.pghba.eval.Environment;
import io.github.pghba.eval.Policy;
import io.github.pghba.load.HbaConfig;
import io.github.pghba.load.HbaLoader;
import io.github.pghba.load.LoadOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A generated file loaded and compiled for PostgreSQL 17 (the release the side-by-side runs), with
 * request streams whose first match falls early, in the middle, late, or nowhere.
 */
public final class Workload {
    /** The release the workloads are read as (the side-by-side server is 17.5). */
    public static final PgVersion VERSION = PgVersion.of(17, 5);
    /** Requests per stream. */
    public static final int STREAM = 64;

    /** Where the first match of a stream's requests falls. */
    public enum Position {
        /** The first 10% of the rules. */
        EARLY(0.0, 0.10),
        /** 40–60%. */
        MIDDLE(0.40, 0.60),
        /** The last 15%. */
        LATE(0.85, 1.0),
        /** No rule matches (names the file uses, addresses it does not cover, or Unix sockets). */
        NONE(-1, -1);

        final double from;
        final double to;

        Position(double from, double to) {
            this.from = from;
            this.to = to;
        }
    }

    private final HbaGenerator.Generated generated;
    private final HbaConfig config;
    private final Policy policy;
    private final Environment env;
    private final Map<Position, ConnectionRequest[]> streams = new EnumMap<>(Position.class);

    private Workload(HbaGenerator.Generated g) {
        this.generated = g;
        this.config = HbaLoader.with(options()).parseHba("pg_hba.conf", g.bytes());
        if (!config.loadable()) {
            throw new IllegalStateException("generated file does not load: " + config.errors());
        }
        this.env = Environment.defaults().withRoles(g.roles());
        this.policy = Policy.compile(config, env);
    }

    /**
     * The load options of every workload: PostgreSQL 17.5, default settings ({@code ssl = on}) and the
     * build of the side-by-side's server ({@link BuildFeatures#SSL_ONLY}).
     */
    public static LoadOptions options() {
        return LoadOptions.defaults().withVersion(VERSION).withBuild(BuildFeatures.SSL_ONLY);
    }

    /** The workload of {@code size} rules with the default seed (streams built lazily). */
    public static Workload of(int size) {
        return of(HbaGenerator.SEED, size);
    }

    /** The workload of {@code size} rules for a seed. */
    public static Workload of(long seed, int size) {
        return new Workload(HbaGenerator.generate(seed, size));
    }

    /** The generated file. */
    public HbaGenerator.Generated generated() {
        return generated;
    }

    /** The loaded file. */
    public HbaConfig config() {
        return config;
    }

    /** The compiled policy (roles from the generator, no name service, loopback interfaces). */
    public Policy policy() {
        return policy;
    }

    /** The environment the policy was compiled with. */
    public Environment environment() {
        return env;
    }

    /**
     * {@value #STREAM} requests whose first match (by the reference interpreter) falls in the
     * position's window; deterministic for the seed. For tiny files a window may hold one rule, so
     * requests can repeat.
     */
    public synchronized ConnectionRequest[] stream(Position p) {
        return streams.computeIfAbsent(p, this::build).clone();
    }

    private ConnectionRequest[] build(Position p) {
        Random r = new Random(generated.seed() * 31 + generated.size() * 7L + p.ordinal());
        List<HbaGenerator.Rule> rules = generated.rules();
        int n = rules.size();
        List<ConnectionRequest> out = new ArrayList<>();
        if (p == Position.NONE) {
            int tries = 0;
            while (out.size() < STREAM) {
                if (++tries > 1_000_000) {
                    throw new IllegalStateException("cannot find requests that match nothing");
                }
                ConnectionRequest req = nowhere(r);
                if (policy.match(req) == -1 && policy.evaluateReference(req).rule().isEmpty()) {
                    out.add(req);
                }
            }
            return out.toArray(new ConnectionRequest[0]);
        }
        int lo = (int) Math.floor(p.from * n);
        int hi = Math.max(lo + 1, (int) Math.ceil(p.to * n));
        hi = Math.min(hi, n);
        int tries = 0;
        while (out.size() < STREAM) {
            if (++tries > 200_000) {
                throw new IllegalStateException("cannot aim " + STREAM + " requests at " + p + " of " + n + " rules");
            }
            int target = lo + r.nextInt(hi - lo);
            ConnectionRequest req = aimedAt(rules.get(target), r);
            int got = policy.match(req);
            if (got >= lo && got < hi && policy.evaluateReference(req).rule().orElse(null) == policy.rules().get(got)) {
                out.add(req);
            }
        }
        return out.toArray(new ConnectionRequest[0]);
    }

    private static ConnectionRequest aimedAt(HbaGenerator.Rule rule, Random r) {
        byte[] addr = rule.net().sample(r);
        ConnectionRequest req = addr == null ? ConnectionRequest.local() : ConnectionRequest.host(addr);
        req = switch (rule.type()) {
            case HOSTSSL -> req.ssl();
            case HOST -> r.nextBoolean() ? req.ssl() : req;
            default -> req;
        };
        req = req.user(pick(rule.users(), r));
        if (rule.replication()) {
            return req.database("replication").replication();
        }
        return req.database(pick(rule.databases(), r));
    }

    private ConnectionRequest nowhere(Random r) {
        int t = r.nextInt(generated.tenants());
        String[][] names = {
            {"app_" + t + "_rw", "app_" + t},
            {"app_" + t + "_ro", "app_" + t + "_reporting"},
            {"dev_" + t + "_a", "app_" + t},
            {"svc_" + t, "app_" + t},
            {"app_" + t + "_etl", "app_" + t},
        };
        String[] un = names[r.nextInt(names.length)];
        int kind = r.nextInt(10);
        ConnectionRequest req;
        if (kind < 6) {
            int net = r.nextBoolean() ? 0xc6336400 : 0xcb007100; // 198.51.100.0/24, 203.0.113.0/24
            int a = net | r.nextInt(256);
            req = ConnectionRequest.host(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a});
        } else if (kind < 9) {
            byte[] b = new byte[16];
            r.nextBytes(b);
            b[0] = 0x20;
            b[1] = 0x01;
            b[2] = 0x0d;
            b[3] = (byte) 0xb9; // 2001:db9::/32
            req = ConnectionRequest.host(b);
        } else {
            req = ConnectionRequest.local();
            un = new String[] {"app_" + t + "_rw", "app_" + t};
        }
        if (r.nextBoolean()) {
            req = req.ssl();
        }
        return req.user(un[0]).database(un[1]);
    }

    private static String pick(List<String> l, Random r) {
        return l.get(r.nextInt(l.size()));
    }

    /**
     * Writes the generated file to {@code dir} (once; an existing file of the same name is reused) and
     * returns its path.
     */
    public static Path write(Path dir, HbaGenerator.Generated g) {
        try {
            Files.createDirectories(dir);
            Path p = dir.resolve("pg_hba-" + g.seed() + "-" + g.size() + ".conf");
            byte[] bytes = g.bytes();
            if (!Files.exists(p) || Files.size(p) != bytes.length) {
                Path tmp = Files.createTempFile(dir, "gen", ".tmp");
                Files.write(tmp, bytes);
                Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory generated files are written to: {@code $TMPDIR/pghba-bench}. */
    public static Path workDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "pghba-bench");
    }
}
