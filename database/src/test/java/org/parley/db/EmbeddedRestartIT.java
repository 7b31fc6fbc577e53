package org.parley.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.testing.ChildProcesses;
import org.parley.testing.ProcessOutput;
import org.parley.testing.Wait;

/** Restarts on the same data directory: clean ones, and after crashes. */
class EmbeddedRestartIT {

    @TempDir Path dir;

    @Test
    void dataSurvivesCleanRestartsAndCrashes() throws Exception {
        TestClusters.copyInto(dir);
        Path pidFile = dir.resolve("pgdata").resolve("postmaster.pid");
        try (Database db = Database.start(DatabaseConfig.embedded(dir).withMaxPoolSize(2))) {
            TestRows.insertAccount(db.dataSource(), "alice");
        }
        assertThat(pidFile).doesNotExist();

        // Clean restart; then PostgreSQL dies hard (kill -9 of the whole server) under a live
        // Database.
        try (Database db = Database.start(DatabaseConfig.embedded(dir).withMaxPoolSize(2))) {
            assertThat(TestRows.usernames(db.dataSource())).containsExactly("alice");
            TestRows.insertAccount(db.dataSource(), "bob");
            killTree(readPid(pidFile));
            Wait.until(
                    Duration.ofSeconds(5), "health check notices the crash", () -> !db.isHealthy());
        }
        assertThat(pidFile).as("a crashed server leaves its pid file").exists();

        // Stale pid file naming a dead process: starts, with crash recovery; committed rows are
        // there.
        try (Database db = Database.start(DatabaseConfig.embedded(dir).withMaxPoolSize(2))) {
            assertThat(TestRows.usernames(db.dataSource())).containsExactly("alice", "bob");
        }

        // Stale pid file whose pid now belongs to another program (PostgreSQL alone would refuse to
        // start).
        Process stranger = new ProcessBuilder("sleep", "300").start();
        try {
            Files.writeString(pidFile, stranger.pid() + "\n" + dir.resolve("pgdata") + "\n");
            try (Database db = Database.start(DatabaseConfig.embedded(dir).withMaxPoolSize(2))) {
                assertThat(TestRows.usernames(db.dataSource())).containsExactly("alice", "bob");
            }
            assertThat(stranger.isAlive()).as("an unrelated process is left alone").isTrue();
        } finally {
            stranger.destroyForcibly();
        }
    }

    @Test
    void orphanedServerOfAKilledProcessIsStoppedAndTheDataKept() throws Exception {
        TestClusters.copyInto(dir);
        Process child = startOrphanMaker(dir, "carol");
        long orphanPid;
        try {
            ProcessOutput.of(child).awaitLine("READY", Duration.ofSeconds(90));
            orphanPid = readPid(dir.resolve("pgdata").resolve("postmaster.pid"));
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, PostgreSQL keeps running
            child.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(ProcessHandle.of(orphanPid).filter(EmbeddedServer::isProcessRunning))
                .as("orphan alive")
                .isPresent();

        try (Database db = Database.start(DatabaseConfig.embedded(dir).withMaxPoolSize(2))) {
            assertThat(TestRows.usernames(db.dataSource())).containsExactly("carol");
            assertThat(ProcessHandle.of(orphanPid).filter(EmbeddedServer::isProcessRunning))
                    .as("orphan stopped")
                    .isEmpty();
            assertThat(readPid(dir.resolve("pgdata").resolve("postmaster.pid")))
                    .isNotEqualTo(orphanPid);
        }
    }

    @Test
    void refusesAClusterWhoseCredentialsAreLost() throws IOException {
        Files.createDirectories(dir.resolve("pgdata"));
        Files.writeString(
                dir.resolve("pgdata").resolve("postgresql.conf"), "# an initialized cluster\n");
        assertThatThrownBy(() -> Database.start(DatabaseConfig.embedded(dir)))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("database.credentials is missing");
        // The directory lock was released: the same error again, not "in use".
        assertThatThrownBy(() -> Database.start(DatabaseConfig.embedded(dir)))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("database.credentials is missing");
    }

    private static long readPid(Path pidFile) throws IOException {
        return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    }

    private static void killTree(long pid) {
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
        all.add(postmaster);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            Wait.until(
                    Duration.ofSeconds(10),
                    "pid " + p.pid() + " gone",
                    () -> !EmbeddedServer.isProcessRunning(p));
        }
    }

    private static Process startOrphanMaker(Path dataDir, String username) throws IOException {
        String classpath =
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = ChildProcesses.javaCommand("-cp", classpath);
        String binaries = System.getProperty(Database.BINARIES_DIR_PROPERTY);
        if (binaries != null) {
            command.add("-D" + Database.BINARIES_DIR_PROPERTY + "=" + binaries);
        }
        command.addAll(List.of(OrphanMaker.class.getName(), dataDir.toString(), username));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
