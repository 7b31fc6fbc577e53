package org.parley.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.parley.db.Database;
import org.parley.db.DatabaseConfig;

/**
 * An auth server on a free loopback port over its own embedded database, started once for the test
 * class that registers it and closed after it:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final RunningAuthServer auth = RunningAuthServer.withSettings(Map.of("brokers", ...));
 * </pre>
 *
 * The data lives in a fresh temp dir ({@code db}, {@code auth}) that goes with the server.
 */
public final class RunningAuthServer implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> settings;
    private Path dir;
    private Database database;
    private AuthServer server;
    private ApiClient api;

    private RunningAuthServer(Map<String, String> settings) {
        this.settings = settings;
    }

    /** With the defaults of {@link AuthServerConfig#forDataDir}. */
    public static RunningAuthServer withDefaults() {
        return withSettings(Map.of());
    }

    /** With these settings on top of the data dir and a free port. */
    public static RunningAuthServer withSettings(Map<String, String> settings) {
        return new RunningAuthServer(settings);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("parley-auth-");
        database = Database.start(DatabaseConfig.embedded(dir.resolve("db")));
        Map<String, String> all = new HashMap<>(settings);
        all.put(AuthServerConfig.DATA_DIR, dir.resolve("auth").toString());
        all.putIfAbsent(AuthServerConfig.PORT, "0");
        server =
                new AuthServer(AuthServerConfig.fromSettings(all), database, Clock.systemUTC())
                        .start();
        api = new ApiClient(server.uri());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (server != null) {
                server.close();
            }
            if (database != null) {
                database.close();
            }
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The auth server's own data dir (its keys). */
    public Path authDir() {
        return dir.resolve("auth");
    }

    public Database database() {
        return database;
    }

    public AuthServer server() {
        return server;
    }

    public ApiClient api() {
        return api;
    }
}
