package org.parley.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.parley.auth.stack.ParleyStack;
import org.parley.auth.stack.StackConfig;
import org.parley.client.ProgressListener;
import org.parley.client.Session;
import org.parley.client.SessionListener;
import org.parley.client.StoredMessage;
import org.parley.client.session.ClientConfig;
import org.parley.client.session.ParleyClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parley end to end: a local stack (embedded PostgreSQL, auth server, 2 broker nodes) and one
 * headless client-core {@link ParleyClient} per user, each with its own profiles directory. A
 * message counts as delivered when the receiver's {@code onMessage} fires, i.e. after it was
 * checked, opened (signature verified, decrypted) and stored with an fsync.
 */
final class ParleyTarget implements Target {
    private static final Logger log = LoggerFactory.getLogger(ParleyTarget.class);
    static final String BACKLOG_USER = "pbacklog";

    /** Signups and logins run Argon2id (64 MiB): two at a time on a 2-core machine. */
    private static final int KDF_PARALLELISM = 2;

    private final Path dataDir;
    private @Nullable ParleyStack stack;
    private final List<Session> senders = new ArrayList<>();
    private final List<Session> receivers = new ArrayList<>();
    private final List<String> receiverNames = new ArrayList<>();
    private final List<Session> others = new ArrayList<>();
    private volatile @Nullable Tracker tracker;
    private boolean closed;
    final Stats signupTimes = new Stats();
    final Stats loginTimes = new Stats();
    double loginsPerSecond;

    ParleyTarget(Path dataDir) {
        this.dataDir = dataDir;
    }

    @Override
    public String name() {
        return "Parley";
    }

    static char[] password(String user) {
        return ("bench-password-" + user).toCharArray();
    }

    private ParleyClient client(String user) {
        return new ParleyClient(
                ClientConfig.builder(dataDir.resolve("profiles").resolve(user)).build());
    }

    private final SessionListener listener =
            new SessionListener() {
                @Override
                public void onMessage(StoredMessage message) {
                    Tracker t = tracker;
                    if (t != null && message.incoming()) {
                        t.received(message.text());
                    }
                }
            };

    @Override
    public void setUp(int pairs) throws Exception {
        stack =
                ParleyStack.start(
                        StackConfig.ephemeral(dataDir.resolve("stack"), 2), Clock.systemUTC());
        long deadline = System.currentTimeMillis() + 120_000;
        while (!(stack.broker(0).isClusterFormed(2) && stack.broker(1).isClusterFormed(2))) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("The 2-node cluster did not form in 2 minutes");
            }
            Thread.sleep(100);
        }
        URI auth = stack.authUri();
        ExecutorService pool = Executors.newFixedThreadPool(KDF_PARALLELISM);
        try {
            List<Future<Session>> s = new ArrayList<>();
            List<Future<Session>> r = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                String sn = "psend" + i;
                s.add(pool.submit(() -> signup(auth, sn)));
                String rn = "precv" + i;
                receiverNames.add(rn);
                r.add(pool.submit(() -> signup(auth, rn)));
            }
            Future<Session> backlog = pool.submit(() -> signup(auth, BACKLOG_USER));
            for (int i = 0; i < pairs; i++) {
                senders.add(s.get(i).get(10, TimeUnit.MINUTES));
                receivers.add(r.get(i).get(10, TimeUnit.MINUTES));
            }
            // The backlog user exists (keys published) but is offline while its backlog builds up.
            backlog.get(10, TimeUnit.MINUTES).logout();
        } finally {
            pool.shutdownNow();
        }
        log.info(
                "Parley: {} users signed up, p50 {} ms",
                2 * pairs + 1,
                signupTimes.percentileMs(50));
    }

    private Session signup(URI auth, String user) throws Exception {
        long t0 = System.nanoTime();
        Session session =
                client(user)
                        .signup(auth, user, password(user), ProgressListener.NONE, listener)
                        .get(5, TimeUnit.MINUTES);
        signupTimes.add(System.nanoTime() - t0);
        return session;
    }

    /** The larger of the nodes' calibrated journal buffer timeouts. */
    long journalBufferTimeoutNanos() {
        long max = 0;
        ParleyStack stack = stack();
        for (int i = 0; i < stack.brokerCount(); i++) {
            max = Math.max(max, stack.broker(i).journalBufferTimeoutNanos());
        }
        return max;
    }

    String journalBufferTimeoutsMicros() {
        List<Long> us = new ArrayList<>();
        ParleyStack stack = stack();
        for (int i = 0; i < stack.brokerCount(); i++) {
            us.add(stack.broker(i).journalBufferTimeoutNanos() / 1000);
        }
        return us.toString();
    }

    @Override
    public void track(Tracker tracker) {
        this.tracker = tracker;
    }

    @Override
    public void send(int sender, String text) throws Exception {
        senders.get(sender).sendText(receiverNames.get(sender), text).get(60, TimeUnit.SECONDS);
    }

    @Override
    public void sendToBacklogUser(int sender, String text) throws Exception {
        Session from =
                sender < senders.size()
                        ? senders.get(sender)
                        : receivers.get(sender - senders.size());
        from.sendText(BACKLOG_USER, text).get(60, TimeUnit.SECONDS);
    }

    @Override
    public void connectBacklogUser(Tracker backlogTracker) throws Exception {
        SessionListener l =
                new SessionListener() {
                    @Override
                    public void onMessage(StoredMessage message) {
                        if (message.incoming()) {
                            backlogTracker.received(message.text());
                        }
                    }
                };
        others.add(
                client(BACKLOG_USER)
                        .login(
                                stack().authUri(),
                                BACKLOG_USER,
                                password(BACKLOG_USER),
                                ProgressListener.NONE,
                                l)
                        .get(10, TimeUnit.MINUTES));
    }

    /**
     * Password logins through client-core (Argon2id on the client, bcrypt 12 on the server): the
     * first {@code count} receivers log out and log in again, {@value #KDF_PARALLELISM} at a time.
     */
    void measureLogins(int count) throws Exception {
        int n = Math.min(count, receivers.size());
        ExecutorService pool = Executors.newFixedThreadPool(KDF_PARALLELISM);
        try {
            List<CompletableFuture<Session>> logins = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String user = receiverNames.get(i);
                receivers.get(i).logout();
                logins.add(
                        CompletableFuture.supplyAsync(
                                () -> {
                                    long s = System.nanoTime();
                                    Session session =
                                            client(user)
                                                    .login(
                                                            stack().authUri(),
                                                            user,
                                                            password(user),
                                                            ProgressListener.NONE,
                                                            listener)
                                                    .join();
                                    loginTimes.add(System.nanoTime() - s);
                                    return session;
                                },
                                pool));
            }
            for (int i = 0; i < n; i++) {
                receivers.set(i, logins.get(i).get(10, TimeUnit.MINUTES));
            }
            loginsPerSecond = n / ((System.nanoTime() - t0) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private ParleyStack stack() {
        return Objects.requireNonNull(stack, "setUp() starts the stack");
    }

    @Override
    public void close() {
        if (closed) {
            return; // already closed
        }
        closed = true;
        List<Session> all = new ArrayList<>(senders);
        all.addAll(receivers);
        all.addAll(others);
        Bench.closeEach(all);
        if (stack != null) {
            stack.close();
        }
    }
}
