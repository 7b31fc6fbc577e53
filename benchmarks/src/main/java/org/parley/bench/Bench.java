package org.parley.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole load run: sets up both targets, then runs each scenario on the baseline and on Parley
 * back to back (so both see the same machine load), and collects the figures.
 */
public final class Bench {
    private static final Logger log = LoggerFactory.getLogger(Bench.class);
    private static final byte[] NO_AAD = new byte[0];

    /** Everything measured, by scenario then target. */
    public record Result(
            Scale scale,
            Map<String, LoadRun.Phase> raw,
            Map<String, LoadRun.Phase> parley,
            int latencyRate,
            double loginP50Ms,
            double loginP99Ms,
            double loginsPerSecond,
            int logins,
            double signupP50Ms,
            ConnectionScenario.Result connections,
            Footprint.Result footprint,
            double totalSeconds) {

        public boolean allCorrect() {
            return raw.values().stream().allMatch(LoadRun.Phase::correct)
                    && parley.values().stream().allMatch(LoadRun.Phase::correct)
                    && (connections == null
                            || connections.error() != null
                            || (connections.quiet().correct()
                                    && connections.loaded() != null
                                    && connections.loaded().correct()));
        }
    }

    private Bench() {}

    public static Result run(Scale scale, Path workDir) throws Exception {
        return run(scale, workDir, null);
    }

    /**
     * @param fxJar the desktop client's jar for scenario 6's cold start, or null to skip that part
     */
    // "try": RawTarget.close() passes on BrokerNode.close()'s `throws Exception`; javac reads the
    // suppression on the method, not on the resource.
    @SuppressWarnings("try")
    public static Result run(Scale scale, Path workDir, @Nullable Path fxJar) throws Exception {
        long t0 = System.nanoTime();
        Files.createDirectories(workDir);
        Map<String, LoadRun.Phase> raw = new LinkedHashMap<>();
        Map<String, LoadRun.Phase> parley = new LinkedHashMap<>();
        try {
            int rate;
            Stats signupTimes;
            Stats loginTimes;
            double loginsPerSecond;
            // Scenarios 4 and 6 each start their own processes and node, with these targets gone.
            try (RawTarget rawTarget =
                            new RawTarget(workDir.resolve("baseline-broker"), freePort());
                    ParleyTarget parleyTarget = new ParleyTarget(workDir.resolve("parley"))) {
                log.info(
                        "Setting up the baseline broker and the Parley stack ({} users)",
                        scale.users() + 1);
                parleyTarget.setUp(scale.pairs());
                // Same journal buffer timeout as Parley's nodes: each node calibrates it against
                // the disk at start, and on a loaded machine two calibrations differ by 10× or
                // more.
                rawTarget.journalBufferTimeoutNanos(parleyTarget.journalBufferTimeoutNanos());
                rawTarget.setUp(scale.pairs());
                log.info(
                        "Set up in {} s; journal buffer timeouts (µs): baseline {}, Parley nodes {}",
                        (System.nanoTime() - t0) / 1_000_000_000,
                        rawTarget.journalBufferTimeoutNanos() / 1000,
                        parleyTarget.journalBufferTimeoutsMicros());
                warmUpCrypto(scale);
                LoadRun.warmUp(rawTarget, scale);
                LoadRun.warmUp(parleyTarget, scale);

                raw.put("throughput", LoadRun.throughput(rawTarget, scale));
                parley.put("throughput", LoadRun.throughput(parleyTarget, scale));

                double slowest =
                        Math.min(
                                raw.get("throughput").ratePerSecond(),
                                parley.get("throughput").ratePerSecond());
                rate = (int) Math.max(1, Math.min(scale.latencyRate(), slowest / 2));
                raw.put("latency", LoadRun.latency(rawTarget, scale, rate));
                parley.put("latency", LoadRun.latency(parleyTarget, scale, rate));

                raw.put("backlog", LoadRun.backlog(rawTarget, scale));
                parley.put("backlog", LoadRun.backlog(parleyTarget, scale));

                parleyTarget.measureLogins(scale.logins());
                signupTimes = parleyTarget.signupTimes;
                loginTimes = parleyTarget.loginTimes;
                loginsPerSecond = parleyTarget.loginsPerSecond;
            }
            log.info("Scenario 4: {} logged-in users on one node", scale.connections());
            ConnectionScenario.Result connections =
                    ConnectionScenario.run(
                            workDir.resolve("connections"),
                            scale.connections(),
                            scale.probePairs(),
                            scale.probeRate(),
                            scale.probeSeconds(),
                            scale.textBytes());
            log.info("Scenario 4: {}", connections.toMap());
            Footprint.Result footprint =
                    Footprint.run(workDir.resolve("footprint"), scale.conversation(), fxJar);
            return new Result(
                    scale,
                    raw,
                    parley,
                    rate,
                    loginTimes.percentileMs(50),
                    loginTimes.percentileMs(99),
                    loginsPerSecond,
                    loginTimes.count(),
                    signupTimes.percentileMs(50),
                    connections,
                    footprint,
                    (System.nanoTime() - t0) / 1e9);
        } finally {
            deleteRecursively(workDir);
        }
    }

    /**
     * Runs AES-GCM over message- and profile-sized buffers until the JIT has compiled it with the
     * CPU's AES and carry-less-multiply instructions (before that SunJCE does ~50 MB/s instead of
     * ~1.7 GB/s here), so that no measured phase pays for compiling it.
     */
    static void warmUpCrypto(Scale scale) {
        byte[] key = new byte[org.parley.crypto.primitives.Aead.KEY_BYTES];
        byte[] small = new byte[scale.textBytes()];
        byte[] large = new byte[256 * 1024];
        long deadline = System.nanoTime() + (scale.pairs() > 10 ? 4_000_000_000L : 500_000_000L);
        try {
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < 200; i++) {
                    org.parley.crypto.primitives.Aead.open(
                            key,
                            org.parley.crypto.primitives.Aead.seal(key, small, NO_AAD),
                            NO_AAD);
                }
                org.parley.crypto.primitives.Aead.open(
                        key, org.parley.crypto.primitives.Aead.seal(key, large, NO_AAD), NO_AAD);
            }
        } catch (org.parley.crypto.primitives.CryptoException e) {
            throw new IllegalStateException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Closes every one of {@code resources}, going on past those that fail: the run is over. */
    static void closeEach(Iterable<? extends AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder())
                    .forEach(
                            p -> {
                                try {
                                    Files.deleteIfExists(p);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not delete {}: {}", dir, e.toString());
        }
    }

    static String f(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return v >= 100
                ? String.format(Locale.ROOT, "%,.0f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    private static LoadRun.Phase phase(Map<String, LoadRun.Phase> phases, String name) {
        return Objects.requireNonNull(phases.get(name), "run() measures every phase");
    }

    /**
     * A row of the table that sets Parley against the raw baseline: what is measured, both
     * measurements, how they compare, the target and whether Parley meets it.
     */
    private static void comparisonRow(
            StringBuilder sb,
            String scenario,
            String parley,
            String raw,
            String comparison,
            String target,
            boolean met) {
        appendf(
                sb,
                "| %s | %s | %s | %s | %s | %s |%n",
                scenario,
                parley,
                raw,
                comparison,
                target,
                met ? "yes" : "no");
    }

    /** A latency phase's "p50 / p99 / p99.9" in ms. */
    private static String percentiles(LoadRun.Phase latency) {
        return f(latency.p50Ms()) + " / " + f(latency.p99Ms()) + " / " + f(latency.p999Ms());
    }

    /** A backlog phase's drain rate and, in brackets, how long the drain took. */
    private static String drain(LoadRun.Phase backlog) {
        return f(backlog.ratePerSecond()) + " (" + f(backlog.seconds()) + " s)";
    }

    /** Appends {@code format} filled with {@code args}, numbers written in the root locale. */
    private static void appendf(StringBuilder sb, String format, Object... args) {
        sb.append(String.format(Locale.ROOT, format, args));
    }

    /** The result table in Markdown, ready to paste into docs/PERFORMANCE.md. */
    public static String markdown(Result r) {
        LoadRun.Phase rt = phase(r.raw(), "throughput");
        LoadRun.Phase pt = phase(r.parley(), "throughput");
        LoadRun.Phase rl = phase(r.raw(), "latency");
        LoadRun.Phase pl = phase(r.parley(), "latency");
        LoadRun.Phase rb = phase(r.raw(), "backlog");
        LoadRun.Phase pb = phase(r.parley(), "backlog");
        Scale s = r.scale();
        StringBuilder sb = new StringBuilder();
        sb.append(
                "| scenario | Parley | raw Artemis (baseline) | ratio / difference | target | met |\n");
        sb.append("|---|---|---|---|---|---|\n");
        double tr = pt.ratePerSecond() / rt.ratePerSecond();
        comparisonRow(
                sb,
                String.format(
                        Locale.ROOT,
                        "1. throughput, %d pairs, %d B, %d s (delivered msg/s)",
                        s.pairs(),
                        s.textBytes(),
                        s.throughputSeconds()),
                f(pt.ratePerSecond()),
                f(rt.ratePerSecond()),
                String.format(Locale.ROOT, "%.2f×", tr),
                "≥ 0.8×",
                tr >= 0.8);
        double dp99 = pl.p99Ms() - rl.p99Ms();
        comparisonRow(
                sb,
                "2. latency at " + r.latencyRate() + " msg/s, p50 / p99 / p99.9 (ms)",
                percentiles(pl),
                percentiles(rl),
                String.format(Locale.ROOT, "p99 %+.1f ms", dp99),
                "p99 ≤ baseline + 5 ms",
                dp99 <= 5);
        double br = pb.ratePerSecond() / rb.ratePerSecond();
        comparisonRow(
                sb,
                String.format(
                        Locale.ROOT,
                        "3. offline backlog of %,d: drain msg/s (s from login/connect to last stored)",
                        pb.sent()),
                drain(pb),
                drain(rb),
                String.format(Locale.ROOT, "%.2f×", br),
                "≥ 0.5×",
                br >= 0.5);
        ConnectionScenario.Result c = r.connections();
        if (c.error() != null) {
            appendf(
                    sb,
                    "| 4. logged-in users on one node | failed: %s | – | – | %,d | no |%n",
                    c.error(),
                    c.target());
        } else {
            LoadRun.Phase loaded =
                    Objects.requireNonNull(c.loaded(), "measured whenever there is no error");
            appendf(
                    sb,
                    "| 4. logged-in users on one node (connected in s; node heap per user after GC; p50 / p99 at %d msg/s with them connected vs. without) | %,d of %,d (%s s; %s KiB/user, node heap %,d → %,d MiB, RSS %,d → %,d MiB); %s / %s ms | %s / %s ms with %d users | p99 %+.1f ms | 10,000 | %s |%n",
                    c.rate(),
                    c.connected(),
                    c.target(),
                    f(c.connectSeconds()),
                    f(c.heapPerConnectionKiB()),
                    c.heapBeforeMiB(),
                    c.heapAfterMiB(),
                    c.rssBeforeMiB(),
                    c.rssAfterMiB(),
                    f(loaded.p50Ms()),
                    f(loaded.p99Ms()),
                    f(c.quiet().p50Ms()),
                    f(c.quiet().p99Ms()),
                    2 * s.probePairs(),
                    loaded.p99Ms() - c.quiet().p99Ms(),
                    c.met() ? "yes" : "no");
        }
        appendf(
                sb,
                "| 5. password login (Argon2id 64 MiB t=3 on client + bcrypt 12 on server), %d logins, 2 at a time: p50 / p99 ms, logins/s | %s / %s ms, %s/s | n/a (token only) | – | – | – |%n",
                r.logins(),
                f(r.loginP50Ms()),
                f(r.loginP99Ms()),
                f(r.loginsPerSecond()));
        Footprint.Result fp = r.footprint();
        String fx =
                Double.isNaN(fp.fxStartMs())
                        ? fp.fxNote()
                        : String.format(
                                Locale.ROOT,
                                "cold start to login window %s ms (median of 3: %s ms), RSS %s MiB",
                                f(fp.fxStartMs()),
                                f(fp.fxStartMedianMs()),
                                f(fp.fxRssMiB()));
        appendf(
                sb,
                "| 6. client: desktop cold start; client-core with a %,d-message conversation open (open + load ms, heap after GC, RSS; empty JVM RSS) | %s; %s ms, heap %s MiB, RSS %s MiB (empty JVM %s MiB) | – | – | – | – |%n",
                fp.messages(),
                fx,
                f(fp.openMs()),
                f(fp.heapMiB()),
                f(fp.rssMiB()),
                f(fp.jvmOnlyRssMiB()));
        appendf(
                sb,
                "%nCorrectness: every phase delivered each message exactly once and decrypted: %s. Signup p50 %s ms. Run took %s s.%n",
                r.allCorrect() ? "yes" : "NO",
                f(r.signupP50Ms()),
                f(r.totalSeconds()));
        return sb.toString();
    }

    /** The machine-readable summary. */
    public static Map<String, Object> summary(Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scale", r.scale());
        Map<String, Object> raw = new LinkedHashMap<>();
        r.raw().forEach((k, v) -> raw.put(k, v.toMap()));
        Map<String, Object> parley = new LinkedHashMap<>();
        r.parley().forEach((k, v) -> parley.put(k, v.toMap()));
        m.put("baseline", raw);
        m.put("parley", parley);
        m.put("latencyRate", r.latencyRate());
        Map<String, Object> login = new LinkedHashMap<>();
        login.put("count", r.logins());
        login.put("p50Ms", r.loginP50Ms());
        login.put("p99Ms", r.loginP99Ms());
        login.put("loginsPerSecond", r.loginsPerSecond());
        login.put("kdf", "Argon2id 64 MiB t=3 (client) + bcrypt cost 12 (server)");
        m.put("login", login);
        m.put("signupP50Ms", r.signupP50Ms());
        m.put("connections", r.connections().toMap());
        m.put("client", r.footprint());
        m.put("allCorrect", r.allCorrect());
        m.put("totalSeconds", r.totalSeconds());
        return m;
    }
}
