package org.parley.it.faults;

import java.net.URI;
import java.nio.file.Path;
import org.parley.client.ClientConfig;
import org.parley.client.ParleyClient;
import org.parley.client.Session;
import org.parley.client.testing.RecordingListener;
import org.parley.testing.stack.TestClient;

/**
 * One user's client-core session on its own "machine" (profiles directory), signed up or logged in
 * through the client itself (the fault tests run their own servers, not a {@code LocalStack}), with
 * a {@link RecordingListener} registered before the session connects.
 */
final class Chatter implements AutoCloseable {
    final String username;
    final char[] password;
    final Path machine;
    final RecordingListener events = new RecordingListener();
    Session session;

    private Chatter(String username, Path machine) {
        this.username = username;
        this.password = passwordOf(username);
        this.machine = machine;
    }

    static char[] passwordOf(String username) {
        return ("pw-" + username + "-fault-tests").toCharArray();
    }

    static Chatter signup(Path root, URI server, String username) {
        Chatter c = new Chatter(username, root.resolve(username + "-machine"));
        c.session =
                TestClient.await(
                        client(c.machine).signup(server, username, c.password, null, c.events));
        return c;
    }

    static Chatter login(Path root, URI server, String username) {
        Chatter c = new Chatter(username, root.resolve(username + "-machine"));
        c.session =
                TestClient.await(
                        client(c.machine).login(server, username, c.password, null, c.events));
        return c;
    }

    static ParleyClient client(Path machine) {
        return new ParleyClient(ClientConfig.builder(machine).build());
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
    }

    @Override
    public String toString() {
        return username;
    }
}
