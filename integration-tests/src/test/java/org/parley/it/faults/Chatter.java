package org.parley.it.faults;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.parley.client.Session;
import org.parley.client.session.ClientConfig;
import org.parley.client.session.ParleyClient;
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
        return connect(
                root,
                username,
                (c, client) -> client.signup(server, username, c.password, null, c.events));
    }

    static Chatter login(Path root, URI server, String username) {
        return connect(
                root,
                username,
                (c, client) -> client.login(server, username, c.password, null, c.events));
    }

    private static Chatter connect(
            Path root,
            String username,
            BiFunction<Chatter, ParleyClient, CompletableFuture<Session>> how) {
        Chatter c = new Chatter(username, root.resolve(username + "-machine"));
        c.session = TestClient.await(how.apply(c, client(c.machine)));
        return c;
    }

    /** Why logging {@code username} in on their machine fails; an AssertionError if it works. */
    static Throwable loginFailure(Path root, URI server, String username)
            throws InterruptedException {
        try {
            client(root.resolve(username + "-machine"))
                    .login(server, username, passwordOf(username), null)
                    .get(60, TimeUnit.SECONDS)
                    .close();
            throw new AssertionError("the login of " + username + " succeeded");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("login neither failed nor succeeded within 60 s", e);
        }
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
