package org.parley.it.faults;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.parley.client.ConnectionState;
import org.parley.client.MessageState;
import org.parley.client.Session;
import org.parley.client.SessionListener;
import org.parley.client.StoredMessage;
import org.parley.client.session.ClientConfig;
import org.parley.client.session.ParleyClient;
import org.parley.testing.Wait;

/**
 * One user's client-core session on its own "machine" (profiles directory), with everything the
 * session reported recorded in order. The listener is registered before the session connects.
 */
final class Chatter implements AutoCloseable, SessionListener {
    final String username;
    final char[] password;
    final Path machine;
    final List<StoredMessage> incoming = new CopyOnWriteArrayList<>();
    final List<String> states = new CopyOnWriteArrayList<>();
    final List<String> rejections = new CopyOnWriteArrayList<>();
    final List<ConnectionState> connection = new CopyOnWriteArrayList<>();
    Session session;

    private Chatter(String username, char[] password, Path machine) {
        this.username = username;
        this.password = password;
        this.machine = machine;
    }

    static char[] passwordOf(String username) {
        return ("pw-" + username + "-fault-tests").toCharArray();
    }

    static Chatter signup(Path root, URI server, String username) {
        Chatter c =
                new Chatter(username, passwordOf(username), root.resolve(username + "-machine"));
        c.session = await(client(c.machine).signup(server, username, c.password, null, c));
        return c;
    }

    static Chatter login(Path root, URI server, String username) {
        Chatter c =
                new Chatter(username, passwordOf(username), root.resolve(username + "-machine"));
        c.session = await(client(c.machine).login(server, username, c.password, null, c));
        return c;
    }

    static ParleyClient client(Path machine) {
        return new ParleyClient(ClientConfig.builder(machine).build());
    }

    @Override
    public void onMessage(StoredMessage message) {
        if (message.incoming()) {
            incoming.add(message);
        }
    }

    @Override
    public void onMessageStateChanged(String id, MessageState state) {
        states.add(id + ":" + state);
    }

    @Override
    public void onRejected(String reason) {
        rejections.add(reason);
    }

    @Override
    public void onConnectionState(ConnectionState state) {
        connection.add(state);
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(Wait.LONG.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("Failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("Timed out after " + Wait.LONG, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
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
