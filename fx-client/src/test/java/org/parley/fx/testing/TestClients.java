package org.parley.fx.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.parley.client.Session;
import org.parley.client.session.ClientConfig;
import org.parley.client.session.ParleyClient;
import org.parley.fx.common.ActiveSession;
import org.parley.fx.common.Async;
import org.parley.fx.common.SessionEventRelay;
import org.parley.testing.FakeAuthServer;

/**
 * ParleyClients over a {@link FakeAuthServer} and an {@link InMemoryBroker}, one profiles directory
 * each, for ViewModel tests; a JUnit 5 extension that starts the fake before each test and closes
 * everything it made after it:
 *
 * <pre>
 * &#64;RegisterExtension final TestClients clients = new TestClients();
 * </pre>
 */
public final class TestClients implements BeforeEachCallback, AfterEachCallback {
    public static final char[] PASSWORD = "correct horse battery".toCharArray();

    private Path root;
    public FakeAuthServer server;
    public final InMemoryBroker broker = new InMemoryBroker();
    public final QueuedUiThread ui = new QueuedUiThread();

    /** Background work runs inline on the (test) UI thread: synchronous and deterministic. */
    public final Async async = new Async(ui, Runnable::run);

    private final List<Session> sessions = new ArrayList<>();

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        root = Files.createTempDirectory("parley-clients-");
        server = new FakeAuthServer();
    }

    public ParleyClient client(String name) {
        return client(name, Clock.systemUTC(), Session.MAX_TEXT_LENGTH);
    }

    public ParleyClient client(String name, Clock clock, int maxTextLength) {
        try {
            Path profiles = Files.createDirectories(root.resolve(name));
            return new ParleyClient(
                    ClientConfig.builder(profiles)
                            .clock(clock)
                            .transportFactory(broker)
                            .maxTextLength(maxTextLength)
                            .build());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Signs {@code name} up and returns the logged-in session, with a relay carrying its events to
     * {@link #ui}.
     */
    public ActiveSession signUp(ParleyClient client, String name) throws Exception {
        return connect(relay -> client.signup(server.uri(), name, PASSWORD, null, relay));
    }

    public ActiveSession logIn(ParleyClient client, String name) throws Exception {
        return connect(relay -> client.login(server.uri(), name, PASSWORD, null, relay));
    }

    private ActiveSession connect(Function<SessionEventRelay, CompletableFuture<Session>> how)
            throws Exception {
        SessionEventRelay relay = new SessionEventRelay(ui);
        Session s = how.apply(relay).get(60, TimeUnit.SECONDS);
        sessions.add(s);
        return new ActiveSession(s, relay);
    }

    /** Remembers a session the test made itself, so it is closed at the end. */
    public void track(Session s) {
        sessions.add(s);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        for (Session s : sessions) {
            try {
                s.close();
            } catch (RuntimeException e) {
                // closing anyway
            }
        }
        sessions.clear();
        server.close();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
