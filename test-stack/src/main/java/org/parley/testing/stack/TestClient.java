package org.parley.testing.stack;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.parley.client.Session;
import org.parley.client.session.ClientConfig;
import org.parley.client.session.ParleyClient;
import org.parley.client.testing.RecordingListener;
import org.parley.testing.Wait;

/**
 * One user's client-core session on one "machine" (its own profiles directory), with a {@link
 * RecordingListener} registered before the session connects so no event is missed.
 */
public final class TestClient implements AutoCloseable {
    public final Session session;
    public final RecordingListener events;

    private TestClient(Session session, RecordingListener events) {
        this.session = session;
        this.events = events;
    }

    public static TestClient login(Path profilesRoot, URI server, TestAccount account) {
        RecordingListener events = new RecordingListener();
        ParleyClient client = new ParleyClient(ClientConfig.builder(profilesRoot).build());
        return new TestClient(
                await(client.login(server, account.username(), account.password(), null, events)),
                events);
    }

    /**
     * Logs in like {@link #login} but tries {@code brokerUrl} first, whatever order the auth server
     * gave: for tests that need two users on different nodes without depending on the load
     * balancer's connection counts.
     */
    public static TestClient loginPreferring(
            Path profilesRoot, URI server, TestAccount account, String brokerUrl) {
        RecordingListener events = new RecordingListener();
        ParleyClient client =
                new ParleyClient(
                        ClientConfig.builder(profilesRoot)
                                .transportFactory(
                                        (urls, credentials, options) -> {
                                            java.util.List<String> ordered =
                                                    new java.util.ArrayList<>(urls);
                                            if (ordered.remove(brokerUrl)) {
                                                ordered.add(0, brokerUrl);
                                            }
                                            return new org.parley.client.transport.JmsTransport(
                                                    ordered, credentials, options);
                                        })
                                .build());
        return new TestClient(
                await(client.login(server, account.username(), account.password(), null, events)),
                events);
    }

    /** The broker URL the session is connected to, or null. */
    public @Nullable String broker() {
        return session.connectedBroker().orElse(null);
    }

    public static <T> T await(CompletableFuture<T> future) {
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
        session.close();
    }
}
