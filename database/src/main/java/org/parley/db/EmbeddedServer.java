package org.parley.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded PostgreSQL cluster under a Parley data directory, started and stopped with zonky's
 * {@link EmbeddedPostgres}. Layout of {@code baseDir}:
 *
 * <pre>
 *   database.lock          held (OS file lock) while a Parley process uses this directory
 *   database.credentials   random passwords of the superuser and of the application role (owner-only)
 *   pgdata/                the cluster (initdb on first start, kept across restarts)
 *   pg-bin/                the PostgreSQL binaries zonky unpacks (private to this user, not a shared /tmp;
 *                          system property {@value Database#BINARIES_DIR_PROPERTY} moves them)
 * </pre>
 *
 * The application connects as the non-superuser role {@value #APP_USER} to the database {@value
 * #DATABASE}, over TCP on the loopback interface with SCRAM passwords; Unix sockets are off.
 *
 * <p>As root on Linux, zonky runs initdb/pg_ctl/postgres under {@code unshare -U} (a user namespace
 * in which the process is not uid 0), since PostgreSQL refuses to run as root; see
 * docs/decisions/0002-embedded-postgres-as-root.md.
 *
 * <p>Not thread-safe by itself: {@link Database} serializes calls.
 */
final class EmbeddedServer implements AutoCloseable {

    static final String DATABASE = "parley";
    static final String APP_USER = "parley";
    static final String SUPERUSER = "postgres";

    static final String LOCK_FILE = "database.lock";
    static final String CREDENTIALS_FILE = "database.credentials";
    static final String PGDATA_DIR = "pgdata";
    static final String BINARIES_DIR = "pg-bin";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedServer.class);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR =
            PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
            PosixFilePermissions.fromString("rw-------");

    private final Path baseDir;
    private final Path pgData;
    private final Path binDir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Credentials credentials;
    private final Thread shutdownHook;
    private int port;
    private volatile @Nullable EmbeddedPostgres postgres;
    private boolean closed;

    private EmbeddedServer(
            Path baseDir,
            FileChannel lockChannel,
            FileLock lock,
            Credentials credentials,
            int port) {
        this.baseDir = baseDir;
        this.pgData = baseDir.resolve(PGDATA_DIR);
        String binariesDir = System.getProperty(Database.BINARIES_DIR_PROPERTY, "");
        this.binDir =
                binariesDir.isBlank()
                        ? baseDir.resolve(BINARIES_DIR)
                        : Path.of(binariesDir).toAbsolutePath().normalize();
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.credentials = credentials;
        this.port = port;
        this.shutdownHook = new Thread(this::stopQuietly, "parley-embedded-postgres-shutdown");
    }

    /**
     * Takes the directory lock, cleans up after a crashed earlier run, starts PostgreSQL (initdb on
     * first use) and makes sure the application role and database exist.
     */
    static EmbeddedServer open(Path baseDir, int port) {
        checkCanRunPostgres();
        createPrivateDirectory(baseDir);
        FileChannel channel = null;
        FileLock lock;
        try {
            channel =
                    FileChannel.open(
                            baseDir.resolve(LOCK_FILE),
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE);
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new DatabaseException(
                    "Cannot lock the embedded database directory "
                            + baseDir
                            + ": "
                            + e.getMessage(),
                    e);
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new DatabaseException(
                    "The embedded database in "
                            + baseDir
                            + " is in use by another Parley process (or another Database in this one); stop it first");
        }
        EmbeddedServer server = null;
        try {
            Path pgData = baseDir.resolve(PGDATA_DIR);
            Credentials credentials =
                    Credentials.loadOrCreate(
                            baseDir.resolve(CREDENTIALS_FILE), isInitialized(pgData));
            // A lock was taken, so the channel is open.
            FileChannel lockChannel = Objects.requireNonNull(channel);
            server = new EmbeddedServer(baseDir, lockChannel, lock, credentials, port);
            server.start();
            server.ensureApplicationDatabase();
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            return server;
        } catch (RuntimeException | Error e) {
            if (server != null) {
                server.stopQuietly();
            }
            releaseQuietly(lock);
            closeQuietly(channel);
            throw e;
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    String user() {
        return APP_USER;
    }

    String password() {
        return credentials.appPassword();
    }

    int port() {
        return port;
    }

    Path pgData() {
        return pgData;
    }

    boolean isRunning() {
        return postgres != null;
    }

    /**
     * Starts PostgreSQL on this server's port (chosen at the first start when 0). No-op when
     * running.
     */
    void start() {
        if (closed) {
            throw new IllegalStateException("The embedded database has been closed");
        }
        if (postgres != null) {
            return;
        }
        recoverFromEarlierRun();
        if (port != 0) {
            requirePortFree(port);
        }
        boolean initdb = !isInitialized(pgData);
        Path pwFile = baseDir.resolve("initdb.pw");
        EmbeddedPostgres.Builder builder =
                EmbeddedPostgres.builder()
                        .setDataDirectory(pgData)
                        .setCleanDataDirectory(false)
                        .setOverrideWorkingDirectory(binDir.toFile())
                        .setPort(port)
                        .setRegisterShutdownHook(
                                false) // ours is removed on close(); zonky's would pile up per
                        // restart
                        .setPGStartupWait(STARTUP_WAIT)
                        .setConnectConfig("password", credentials.superuserPassword())
                        // zonky's defaults trade durability for speed (fsync off via -F,
                        // synchronous_commit off);
                        // this cluster holds real accounts, so turn both back on (-c options come
                        // after -F).
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on")
                        .setServerConfig("listen_addresses", "localhost")
                        .setServerConfig("unix_socket_directories", "")
                        .setServerConfig("max_connections", "200");
        try {
            if (initdb) {
                moveAsideIncompleteCluster();
                writeSecretFile(pwFile, credentials.superuserPassword() + "\n");
                // zonky passes its "locale config" to initdb as --key=value, after its own "-A
                // trust".
                builder.setLocaleConfig("pwfile", pwFile.toString())
                        .setLocaleConfig("auth-host", "scram-sha-256")
                        .setLocaleConfig("auth-local", "scram-sha-256")
                        .setLocaleConfig("locale", "C")
                        .setLocaleConfig("locale-provider", "builtin")
                        .setLocaleConfig("builtin-locale", "C.UTF-8");
                log.info("Creating the embedded PostgreSQL cluster in {}", pgData);
            }
            // zonky's own lock file: we hold database.lock already, and a lock leaked by a failed
            // start
            // (zonky keeps it when its constructor throws) must not block the next attempt in this
            // JVM.
            Files.deleteIfExists(pgData.resolve("epg-lock"));
            postgres = builder.start();
            port = postgres.getPort();
            restrictPermissions(binDir, OWNER_ONLY_DIR);
            log.info("Embedded PostgreSQL is up on localhost:{} with data in {}", port, pgData);
        } catch (IOException | RuntimeException | ExceptionInInitializerError e) {
            postgres = null;
            throw new DatabaseException(
                    "Embedded PostgreSQL did not start (data "
                            + pgData
                            + ", port "
                            + (port == 0 ? "auto" : port)
                            + describeVersion()
                            + "); see the log above: "
                            + e.getMessage(),
                    e);
        } finally {
            if (initdb) {
                deleteQuietly(pwFile);
            }
        }
    }

    /**
     * Stops PostgreSQL (fast shutdown: sessions are ended, a checkpoint is written). No-op when
     * stopped.
     */
    void stop() {
        EmbeddedPostgres pg = postgres;
        if (pg == null) {
            return;
        }
        postgres = null;
        Optional<ProcessHandle> postmaster = readPostmasterPid().flatMap(ProcessHandle::of);
        try {
            pg.close(); // pg_ctl stop -m fast -w -t 5; zonky logs (and swallows) a failure
        } catch (IOException e) {
            log.warn("Stopping embedded PostgreSQL: {}", e.toString());
        }
        // pg_ctl gives up after 5 s (a long checkpoint can take longer); then wait for the
        // postmaster itself.
        // Done once postmaster.pid is gone: PostgreSQL removes it last, and the exited process may
        // linger as a
        // zombie until init reaps it.
        Path pidFile = pgData.resolve("postmaster.pid");
        postmaster.ifPresent(
                p -> {
                    if (!awaitExit(p, pidFile, ORPHAN_STOP_WAIT)) {
                        log.warn(
                                "Embedded PostgreSQL (pid {}) did not stop in {} s; killing it",
                                p.pid(),
                                ORPHAN_STOP_WAIT.toSeconds());
                        killTree(p);
                    }
                });
        log.info("Embedded PostgreSQL stopped (data in {})", pgData);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            stop();
        } finally {
            closed = true;
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // JVM already shutting down: the hook is running or has run
            }
            releaseQuietly(lock);
            closeQuietly(lockChannel);
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            log.warn("Stopping embedded PostgreSQL failed", e);
        }
    }

    // ---- first start: roles and database
    // -------------------------------------------------------------

    private void ensureApplicationDatabase() {
        String pw = credentials.appPassword();
        EmbeddedPostgres pg = Objects.requireNonNull(postgres, "started");
        try (Connection c = pg.getPostgresDatabase().getConnection();
                Statement st = c.createStatement()) {
            boolean roleExists;
            try (ResultSet rs =
                    st.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + APP_USER + "'")) {
                roleExists = rs.next();
            }
            // Setting the password each start keeps the role in step with database.credentials.
            st.execute(
                    (roleExists ? "ALTER" : "CREATE")
                            + " ROLE "
                            + APP_USER
                            + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD '"
                            + pw
                            + "'");
            boolean dbExists;
            try (ResultSet rs =
                    st.executeQuery(
                            "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                dbExists = rs.next();
            }
            if (!dbExists) {
                st.execute(
                        "CREATE DATABASE "
                                + DATABASE
                                + " OWNER "
                                + APP_USER
                                + " ENCODING 'UTF8' TEMPLATE template0");
                log.info("Created database {} owned by {}", DATABASE, APP_USER);
            }
        } catch (SQLException e) {
            throw new DatabaseException(
                    "Cannot prepare the "
                            + DATABASE
                            + " database in the embedded PostgreSQL ("
                            + pgData
                            + "): "
                            + e.getMessage(),
                    e);
        }
    }

    // ---- crash recovery
    // ---------------------------------------------------------------------------------

    /**
     * After a crash, {@code postmaster.pid} may name a PostgreSQL that outlived its JVM (the app
     * was killed: pg_ctl daemonizes the server), or a pid that now belongs to an unrelated process
     * (PostgreSQL then refuses to start). We hold database.lock, so no live Parley process owns
     * this cluster: stop an orphan, drop a stale pid file.
     */
    private void recoverFromEarlierRun() {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<Long> pid = readPostmasterPid();
        Optional<ProcessHandle> live =
                pid.flatMap(ProcessHandle::of).filter(EmbeddedServer::isProcessRunning);
        if (live.isPresent() && isPostmasterOfThisCluster(live.get())) {
            ProcessHandle orphan = live.get();
            log.warn(
                    "PostgreSQL (pid {}) from an earlier run still serves {}; stopping it",
                    orphan.pid(),
                    pgData);
            requestFastShutdown(orphan);
            if (!awaitExit(orphan, pidFile, ORPHAN_STOP_WAIT)) {
                log.warn(
                        "PostgreSQL (pid {}) did not stop in {} s; killing it",
                        orphan.pid(),
                        ORPHAN_STOP_WAIT.toSeconds());
                killTree(orphan);
            }
        } else if (live.isPresent()) {
            log.warn(
                    "{} names pid {}, which is now another program; removing the stale file",
                    pidFile,
                    pid.get());
        } else {
            log.info(
                    "Removing stale {} (pid {} is gone: the last run did not stop cleanly)",
                    pidFile,
                    pid.map(String::valueOf).orElse("unreadable"));
        }
        deleteQuietly(pidFile);
    }

    private Optional<Long> readPostmasterPid() {
        try (Stream<String> lines =
                Files.lines(pgData.resolve("postmaster.pid"), StandardCharsets.US_ASCII)) {
            return lines.findFirst()
                    .map(String::trim)
                    .filter(s -> s.matches("[0-9]{1,10}"))
                    .map(Long::valueOf);
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /**
     * The postmaster chdirs into its data directory, so on Linux its cwd identifies the cluster
     * exactly.
     */
    private boolean isPostmasterOfThisCluster(ProcessHandle process) {
        Path cwd = Path.of("/proc", Long.toString(process.pid()), "cwd");
        if (Files.exists(Path.of("/proc/self/cwd"))) {
            try {
                return Files.isSameFile(cwd, pgData);
            } catch (IOException e) {
                log.debug("Cannot read {}: {}", cwd, e.toString());
            }
        }
        String command = process.info().command().orElse("");
        String name =
                command.isEmpty()
                        ? ""
                        : Path.of(command).getFileName().toString().toLowerCase(Locale.ROOT);
        return name.equals("postgres") || name.equals("postgres.exe");
    }

    /**
     * SIGINT is PostgreSQL's fast shutdown (ends sessions, checkpoints); SIGTERM would wait for
     * clients.
     */
    private static void requestFastShutdown(ProcessHandle process) {
        if (!isWindows()) {
            try {
                Process kill =
                        new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                                .redirectErrorStream(true)
                                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                                .start();
                if (kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0) {
                    return;
                }
            } catch (IOException e) {
                log.debug("kill -INT failed: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        process.destroy();
    }

    private static void killTree(ProcessHandle process) {
        List<ProcessHandle> children = process.descendants().collect(Collectors.toList());
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        awaitExit(process, null, KILL_WAIT);
        children.forEach(c -> awaitExit(c, null, KILL_WAIT));
    }

    /**
     * Polls until {@code process} has exited (or is a zombie) or, when {@code pidFile} is given,
     * until that file is gone. Returns false at the deadline.
     */
    private static boolean awaitExit(
            ProcessHandle process, @Nullable Path pidFile, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isProcessRunning(process) && (pidFile == null || Files.exists(pidFile))) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        return true;
    }

    /** Alive and not a zombie (an exited child that its parent, often init, has not reaped yet). */
    static boolean isProcessRunning(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            int end =
                    stat.lastIndexOf(
                            ')'); // "pid (comm) S ..."; comm may contain spaces and parentheses
            return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return process.isAlive(); // no /proc (macOS, Windows) or the process just went away
        }
    }

    /**
     * initdb writes postgresql.conf late; a directory without it is an initdb that was interrupted.
     */
    private void moveAsideIncompleteCluster() throws IOException {
        if (!Files.isDirectory(pgData)) {
            return;
        }
        try (Stream<Path> entries = Files.list(pgData)) {
            if (entries.noneMatch(p -> !p.getFileName().toString().equals("epg-lock"))) {
                return;
            }
        }
        Path aside = baseDir.resolve(PGDATA_DIR + ".incomplete-" + System.currentTimeMillis());
        log.warn(
                "{} holds an incomplete cluster (initdb was interrupted); moving it to {} and starting afresh",
                pgData,
                aside);
        Files.move(pgData, aside);
    }

    static boolean isInitialized(Path pgData) {
        return Files.isRegularFile(pgData.resolve("postgresql.conf"));
    }

    private String describeVersion() {
        try {
            return ", cluster version " + Files.readString(pgData.resolve("PG_VERSION")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    // ---- environment checks
    // -----------------------------------------------------------------------------

    private static void checkCanRunPostgres() {
        if (isWindows() || !isRoot()) {
            return;
        }
        boolean linux =
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
        if (!linux || !LinuxUtils.isUnshareAvailable()) {
            throw new DatabaseException(
                    "PostgreSQL refuses to run as root, and this process is root"
                            + (linux
                                    ? " without user namespaces (`unshare -U` failed: the kernel or a container's seccomp"
                                            + " profile forbids them)"
                                    : "")
                            + ". Run as an ordinary user, allow user namespaces, or use an external PostgreSQL (jdbcUrl).");
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    private static void requirePortFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new DatabaseException(
                    "Port "
                            + port
                            + " on the loopback interface is in use; the embedded database needs it ("
                            + e.getMessage()
                            + ")",
                    e);
        }
    }

    // ---- files
    // --------------------------------------------------------------------------------------------

    private static void createPrivateDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DatabaseException(
                    "Cannot create the embedded database directory " + dir + ": " + e, e);
        }
        restrictPermissions(dir, OWNER_ONLY_DIR);
    }

    private static void restrictPermissions(Path path, Set<PosixFilePermission> permissions) {
        if (!path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            if (!Files.getPosixFilePermissions(path).equals(permissions)) {
                Files.setPosixFilePermissions(path, permissions);
            }
        } catch (IOException e) {
            log.warn("Cannot restrict the permissions of {}: {}", path, e.toString());
        }
    }

    /** Writes {@code content} to a new owner-only file, replacing {@code target} atomically. */
    static void writeSecretFile(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        boolean posix = target.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (posix) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        } else {
            Files.createFile(tmp);
        }
        try (OutputStream out =
                Files.newOutputStream(tmp, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        Files.move(
                tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", path, e.toString());
        }
    }

    private static void releaseQuietly(FileLock lock) {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            log.debug("Releasing {}: {}", LOCK_FILE, e.toString());
        }
    }

    private static void closeQuietly(@Nullable FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            log.debug("Closing {}: {}", LOCK_FILE, e.toString());
        }
    }

    /** The two random passwords, kept in an owner-only properties file beside the cluster. */
    record Credentials(String superuserPassword, String appPassword) {
        private static final String SUPERUSER_KEY = "superuser.password";
        private static final String APP_KEY = "app.password";
        private static final SecureRandom RANDOM = new SecureRandom();

        @Override
        public String toString() {
            return "Credentials[***]";
        }

        static Credentials loadOrCreate(Path file, boolean clusterExists) {
            try {
                if (Files.exists(file)) {
                    Properties p = new Properties();
                    try (InputStream in = Files.newInputStream(file)) {
                        p.load(in);
                    }
                    String su = p.getProperty(SUPERUSER_KEY, "");
                    String app = p.getProperty(APP_KEY, "");
                    if (!isValidSecret(su) || !isValidSecret(app)) {
                        throw new DatabaseException(
                                file
                                        + " is damaged (expected "
                                        + SUPERUSER_KEY
                                        + " and "
                                        + APP_KEY
                                        + "); restore it from a backup");
                    }
                    restrictPermissions(file, OWNER_ONLY_FILE);
                    return new Credentials(su, app);
                }
                if (clusterExists) {
                    throw new DatabaseException(
                            "The embedded database in "
                                    + file.getParent()
                                    + " exists but its "
                                    + CREDENTIALS_FILE
                                    + " is missing, so it cannot be opened. Restore the file from a backup,"
                                    + " or move "
                                    + PGDATA_DIR
                                    + " away to start with an empty database.");
                }
                Credentials created = new Credentials(newSecret(), newSecret());
                writeSecretFile(
                        file,
                        "# Parley embedded PostgreSQL credentials. Keep this file private.\n"
                                + SUPERUSER_KEY
                                + "="
                                + created.superuserPassword
                                + "\n"
                                + APP_KEY
                                + "="
                                + created.appPassword
                                + "\n");
                return created;
            } catch (FileAlreadyExistsException e) {
                throw new DatabaseException("Cannot create " + file + ": " + e, e);
            } catch (IOException e) {
                throw new DatabaseException("Cannot read or write " + file + ": " + e, e);
            }
        }

        private static String newSecret() {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }

        /** Only base64url characters: safe inside SQL literals and command lines. */
        private static boolean isValidSecret(String s) {
            return s.matches("[A-Za-z0-9_-]{16,128}");
        }
    }
}
