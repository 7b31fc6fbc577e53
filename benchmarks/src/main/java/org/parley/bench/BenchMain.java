package org.parley.bench;

import com.google.gson.GsonBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code java -jar parley-bench.jar [--out DIR] [--smoke] [--no-jmh] [--no-load] [--pairs N]
 * [--connections N] [--fx-jar JAR]}: the load scenarios (Parley and raw Artemis in one run) and the
 * JMH crypto benchmarks; prints the tables and writes {@code DIR/results.md} and {@code
 * DIR/results.json} (default {@code bench-results}).
 */
public final class BenchMain {
    private BenchMain() {}

    private static void usage(String problem) {
        System.err.println(
                "parley-bench: "
                        + problem
                        + ". Usage: parley-bench [--out DIR] [--smoke] [--no-jmh]"
                        + " [--no-load] [--pairs N] [--connections N] [--fx-jar fx-client/target/parley.jar]");
        System.exit(2);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length || args[i].isBlank()) {
            usage(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static Path path(String[] args, int i) {
        String v = value(args, i);
        try {
            return Path.of(v);
        } catch (java.nio.file.InvalidPathException e) {
            usage(args[i - 1] + " needs a path, not '" + v + "'");
            throw new AssertionError("usage() exits", e);
        }
    }

    private static int positive(String[] args, int i) {
        String v = value(args, i);
        try {
            int n = Integer.parseInt(v);
            if (n > 0 && n <= 1_000_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        usage(args[i - 1] + " needs a whole number from 1 to 1000000, not '" + v + "'");
        return 0; // not reached
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of("bench-results");
        boolean smoke = false;
        boolean jmh = true;
        boolean load = true;
        int pairs = 0;
        int connections = 0;
        Path fxJar = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = path(args, ++i);
                case "--smoke" -> smoke = true;
                case "--no-jmh" -> jmh = false;
                case "--no-load" -> load = false;
                case "--pairs" -> pairs = positive(args, ++i);
                case "--connections" -> connections = positive(args, ++i);
                case "--fx-jar" -> {
                    fxJar = path(args, ++i);
                    if (!Files.isRegularFile(fxJar)) {
                        usage(
                                "--fx-jar "
                                        + fxJar
                                        + " is not a file (build it with -pl fx-client -am package)");
                    }
                }
                default -> usage("unknown option " + args[i]);
            }
        }
        Files.createDirectories(out);
        Map<String, Object> json = new LinkedHashMap<>();
        StringBuilder md = new StringBuilder();
        String machine = machine();
        json.put("machine", machine);
        json.put("startedAt", Instant.now().toString());
        md.append("Machine: ").append(machine).append("\n\n");
        if (load) {
            Scale scale = (smoke ? Scale.smoke() : Scale.full()).overriding(pairs, connections);
            Bench.Result r = Bench.run(scale, Files.createTempDirectory("parley-bench"), fxJar);
            md.append("### Load scenarios\n\n").append(Bench.markdown(r)).append('\n');
            json.put("load", Bench.summary(r));
        }
        if (jmh) {
            md.append("### JMH crypto micro-benchmarks (µs/op, lower is better)\n\n")
                    .append(runJmh(json))
                    .append('\n');
        }
        md.append("Load after the run: ").append(loadAverage()).append('\n');
        json.put("loadAverageAfter", loadAverage());
        Files.writeString(out.resolve("results.md"), md, StandardCharsets.UTF_8);
        Files.writeString(
                out.resolve("results.json"),
                new GsonBuilder()
                        .setPrettyPrinting()
                        .serializeSpecialFloatingPointValues()
                        .create()
                        .toJson(json),
                StandardCharsets.UTF_8);
        System.out.println(md);
        System.out.println(
                "Wrote " + out.resolve("results.md") + " and " + out.resolve("results.json"));
        System.exit(0);
    }

    private static String runJmh(Map<String, Object> json) throws Exception {
        Options opts =
                new OptionsBuilder()
                        .include(CryptoBench.class.getName())
                        .forks(1)
                        .warmupIterations(2)
                        .warmupTime(TimeValue.seconds(1))
                        .measurementIterations(3)
                        .measurementTime(TimeValue.seconds(1))
                        .shouldFailOnError(true)
                        .build();
        Collection<RunResult> results = new Runner(opts).run();
        StringBuilder sb = new StringBuilder("| benchmark | µs/op | ± error |\n|---|---|---|\n");
        Map<String, Object> m = new LinkedHashMap<>();
        for (RunResult r : results) {
            String name =
                    r.getParams().getBenchmark().replace(CryptoBench.class.getName() + ".", "");
            double score = r.getPrimaryResult().getScore();
            double err = r.getPrimaryResult().getScoreError();
            sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f |%n", name, score, err));
            m.put(name, Map.of("usPerOp", score, "error", err));
        }
        json.put("jmh", m);
        return sb.toString();
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    static String machine() {
        return String.format(
                Locale.ROOT,
                "%d CPUs, max heap %d MiB, %s %s (%s), %s %s; load average before: %s",
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"),
                System.getProperty("java.vendor"),
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                loadAverage());
    }
}
