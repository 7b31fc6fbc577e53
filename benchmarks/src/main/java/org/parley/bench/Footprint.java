package org.parley.bench;

import com.google.gson.annotations.SerializedName;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.parley.client.StoredMessage;
import org.parley.client.store.ProfileStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 6, the client's own cost, each measured in a fresh JVM so that nothing of the
 * benchmark's heap counts:
 *
 * <ul>
 *   <li>cold start of the desktop client (the fx-client jar) to its login window, under the X
 *       display in {@code DISPLAY} (e.g. Xvfb), and its RSS then;
 *   <li>client-core with a 10,000-message conversation open: a profile holding one such
 *       conversation is written by one process, then another opens it (decrypting and indexing the
 *       log) and loads the conversation's history, as the conversation view does; time to open and
 *       load, heap after GC and RSS with the history held.
 * </ul>
 */
final class Footprint {
    private static final Logger log = LoggerFactory.getLogger(Footprint.class);
    static final String PEER = "peer";

    /** Written to results.json as it is, under the names its components are serialized as. */
    record Result(
            @SerializedName("conversationMessages") int messages,
            @SerializedName("openAndLoadMs") double openMs,
            @SerializedName("heapAfterGcMiB") double heapMiB,
            double rssMiB,
            @SerializedName("emptyJvmRssMiB") double jvmOnlyRssMiB,
            @SerializedName("fxColdStartToLoginWindowMs") double fxStartMs,
            @SerializedName("fxStartMedianOf3Ms") double fxStartMedianMs,
            @SerializedName("fxRssAtLoginWindowMiB") double fxRssMiB,
            String fxNote) {}

    private Footprint() {}

    static String javaCommand() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Resident set size of a process from /proc (Linux), -1 if unknown. */
    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    static Result run(Path dir, int messages, @Nullable Path fxJar) throws Exception {
        Path profile = dir.resolve("profile");
        Files.createDirectories(profile);
        String[] open = child("fill", profile.toString(), Integer.toString(messages));
        String[] m = child("open", profile.toString(), Integer.toString(messages));
        double fxMs = Double.NaN;
        double fxMedian = Double.NaN;
        double fxRss = Double.NaN;
        String note;
        if (fxJar == null || !Files.isRegularFile(fxJar)) {
            note = "not measured: no fx-client jar given (--fx-jar)";
        } else if (System.getenv("DISPLAY") == null) {
            note = "not measured: no DISPLAY (run under Xvfb)";
        } else {
            double[] times = new double[3];
            double[] rss = new double[3];
            note = null;
            for (int i = 0; i < times.length && note == null; i++) {
                double[] r = startFx(fxJar, dir.resolve("fx-profiles-" + i));
                if (r == null) {
                    note = "not measured: the login window did not appear within 120 s";
                } else {
                    times[i] = r[0];
                    rss[i] = r[1];
                }
            }
            if (note == null) {
                fxMs = times[0];
                fxRss = rss[0];
                double[] sorted = times.clone();
                Arrays.sort(sorted);
                fxMedian = sorted[1];
                note = "fx-client " + fxJar.getFileName();
            }
        }
        log.info(
                "Scenario 6: fill {}; open {}; fx {} ms ({})",
                String.join(" ", open),
                String.join(" ", m),
                fxMs,
                note);
        return new Result(
                messages,
                Double.parseDouble(m[1]),
                Double.parseDouble(m[2]),
                Double.parseDouble(m[3]),
                Double.parseDouble(m[4]),
                fxMs,
                fxMedian,
                fxRss,
                note);
    }

    private static String[] child(String... args) throws Exception {
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                javaCommand(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                Footprint.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String result = null;
        try (BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    result = line;
                }
            }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0 || result == null) {
            throw new IllegalStateException(
                    "footprint child " + args[0] + " failed (exit " + p.exitValue() + ")");
        }
        return result.split(" ");
    }

    /**
     * Starts the desktop client with {@code --ready-file}; returns {ms from launch to the login
     * window laid out, RSS MiB then}, or null if it did not come up.
     */
    private static double @Nullable [] startFx(Path jar, Path profiles) throws Exception {
        Files.createDirectories(profiles);
        Path ready = profiles.resolve("ready");
        long launchedAt = System.currentTimeMillis();
        Process p =
                new ProcessBuilder(
                                javaCommand(),
                                "-jar",
                                jar.toString(),
                                "--profiles=" + profiles,
                                "--ready-file=" + ready)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && p.isAlive()) {
                if (Files.exists(ready) && Files.size(ready) > 0) {
                    long rss = rssBytes(p.pid());
                    long at = Long.parseLong(Files.readString(ready).trim());
                    return new double[] {at - launchedAt, rss / 1048576.0};
                }
                Thread.sleep(20);
            }
            return null;
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** Child process: {@code fill DIR N} writes the profile; {@code open DIR N} measures it. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0].equals("fill") || args[0].equals("open") ? args[1] : args[0]);
        int n = Integer.parseInt(args[2]);
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 42); // a benchmark profile; the real key comes from the identity
        if (args[0].equals("fill")) {
            try (ProfileStore s = ProfileStore.open(dir, key, "me", Clock.systemUTC())) {
                for (int i = 0; i < n; i++) {
                    String id = String.format(Locale.ROOT, "%032x", i + 1);
                    String text =
                            Text.make(
                                    i,
                                    System.nanoTime(),
                                    200 + (i * 37) % 400); // 200–600 characters
                    if (i % 2 == 0) {
                        s.addIncoming(id, PEER, text, i);
                    } else {
                        s.addOutgoing(id, PEER, text, i, null);
                    }
                    if (i % 500 == 499) {
                        s.commit();
                    }
                }
                s.commit();
            }
            System.out.println("RESULT fill " + n);
        } else {
            long jvmRss = rssBytes(ProcessHandle.current().pid());
            long t0 = System.nanoTime();
            ProfileStore s = ProfileStore.open(dir, key, "me", Clock.systemUTC());
            List<StoredMessage> history = s.history(PEER);
            s.conversations();
            double ms = (System.nanoTime() - t0) / 1e6;
            if (history.size() != n) {
                throw new IllegalStateException(
                        "expected " + n + " messages, found " + history.size());
            }
            for (int i = 0; i < 2; i++) {
                System.gc();
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            long rss = rssBytes(ProcessHandle.current().pid());
            System.out.printf(
                    Locale.ROOT,
                    "RESULT %.1f %.1f %.1f %.1f %d%n",
                    ms,
                    heap / 1048576.0,
                    rss / 1048576.0,
                    jvmRss / 1048576.0,
                    history.size());
            s.close();
        }
    }
}
