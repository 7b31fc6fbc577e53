package org.parley.it.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.parley.testing.ChildProcesses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code parley-server} command ({@code auth}, {@code broker}, {@code stack}) running as a
 * separate OS process, so a fault test can {@link #kill()} it with SIGKILL: no shutdown hook, no
 * clean journal close, exactly what a power cut or {@code kill -9} does. Its stderr (the server's
 * log) goes to a file next to its data; stdout is read for the ready line.
 */
final class ServerProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServerProcess.class);
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final Process process;
    private final String readyLine;
    private final Path logFile;

    private ServerProcess(String name, Process process, String readyLine, Path logFile) {
        this.name = name;
        this.process = process;
        this.readyLine = readyLine;
        this.logFile = logFile;
    }

    /**
     * Runs {@code parley-server args...} from the test JVM's own class path (the reactor's freshly
     * built classes) and returns once it printed the line matching {@code ready}.
     */
    static ServerProcess start(String name, Path logFile, Pattern ready, List<String> args) {
        return start(name, logFile, ready, args, java.util.Map.of());
    }

    /**
     * As {@link #start(String, Path, Pattern, List)}, with extra environment variables (secrets
     * stay off the command line).
     */
    static ServerProcess start(
            String name,
            Path logFile,
            Pattern ready,
            List<String> args,
            java.util.Map<String, String> env) {
        List<String> command = ChildProcesses.javaCommand("-Xmx384m", "-XX:+UseSerialGC");
        String binaries = System.getProperty("parley.db.binariesDir");
        if (binaries != null) {
            command.add("-Dparley.db.binariesDir=" + binaries);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("org.parley.auth.cli.ParleyServerCommand");
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        try {
            Files.createDirectories(logFile.getParent());
            pb.redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            long t0 = System.nanoTime();
            Process process = pb.start();
            CompletableFuture<String> line = new CompletableFuture<>();
            Thread reader =
                    new Thread(() -> pumpStdout(process, ready, line, name), name + "-stdout");
            reader.setDaemon(true);
            reader.start();
            try {
                String readyLine = line.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                log.info(
                        "{} (pid {}) ready in {} ms: {}",
                        name,
                        process.pid(),
                        (System.nanoTime() - t0) / 1_000_000,
                        readyLine);
                return new ServerProcess(name, process, readyLine, logFile);
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                process.destroyForcibly();
                throw new AssertionError(
                        name
                                + " did not start ("
                                + e
                                + "); exit "
                                + (process.isAlive() ? "none" : process.exitValue())
                                + "; log "
                                + logFile
                                + ":\n"
                                + tail(logFile),
                        e);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        } catch (IOException e) {
            throw new AssertionError("Cannot run " + command + ": " + e, e);
        }
    }

    private static void pumpStdout(
            Process process, Pattern ready, CompletableFuture<String> line, String name) {
        try (BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = in.readLine()) != null) {
                if (!line.isDone() && ready.matcher(l).find()) {
                    line.complete(l);
                } else {
                    log.debug("{}: {}", name, l);
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        line.completeExceptionally(new IOException(name + " exited before it was ready"));
    }

    /** A group of the ready line's pattern, e.g. the URL it printed. */
    String readyGroup(Pattern pattern, int group) {
        Matcher m = pattern.matcher(readyLine);
        if (!m.find()) {
            throw new AssertionError(readyLine + " does not match " + pattern);
        }
        return m.group(group);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * SIGKILL (what {@link Process#destroyForcibly()} sends on Linux); returns once the process is
     * gone.
     */
    void kill() {
        process.destroyForcibly();
        await("be killed");
        log.info(
                "{} (pid {}) killed with SIGKILL, exit {}",
                name,
                process.pid(),
                process.exitValue());
    }

    /** SIGTERM: the server's shutdown hook stops it cleanly. */
    void stop() {
        process.destroy();
        await("stop");
    }

    private void await(String what) {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + " did not " + what + " within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Path logFile() {
        return logFile;
    }

    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
