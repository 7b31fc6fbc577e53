package org.parley.client.store;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The small, non-secret {@code client.properties} at the profiles root: the last server and
 * username used, so the UI and CLI can pre-fill them. Never holds a password or token.
 */
public final class ClientProperties {
    public static final String FILE = "client.properties";
    private static final String LAST_SERVER = "last.server";
    private static final String LAST_USERNAME = "last.username";

    private final PropertiesFile file;

    public ClientProperties(Path profilesRoot) {
        this.file = new PropertiesFile(profilesRoot.resolve(FILE));
    }

    public Optional<URI> lastServer() {
        return Optional.ofNullable(file.load().getProperty(LAST_SERVER)).map(URI::create);
    }

    public Optional<String> lastUsername() {
        return Optional.ofNullable(file.load().getProperty(LAST_USERNAME));
    }

    /** Records a successful login; written atomically, best effort. */
    public synchronized void recordLogin(URI server, String username) throws IOException {
        Properties p = file.load();
        p.setProperty(LAST_SERVER, server.toString());
        p.setProperty(LAST_USERNAME, username);
        ProfileStore.createPrivateDirectories(
                Objects.requireNonNull(
                        file.path().getParent(), "the file is resolved in a directory"));
        file.store(p, "Parley client: last server and username (no secrets)");
    }

    /** {@code <profilesRoot>/<host_port>/<username>}: one directory per account per server. */
    public static Path profileDirectory(Path profilesRoot, URI server, String username) {
        return profilesRoot.resolve(serverDirectoryName(server)).resolve(username);
    }

    static String serverDirectoryName(URI server) {
        String host =
                server.getHost() == null ? "unknown" : server.getHost().toLowerCase(Locale.ROOT);
        int port = server.getPort();
        if (port < 0) {
            port = "https".equalsIgnoreCase(server.getScheme()) ? 443 : 80;
        }
        return (host + "_" + port).replaceAll("[^a-z0-9._-]", "_");
    }
}
