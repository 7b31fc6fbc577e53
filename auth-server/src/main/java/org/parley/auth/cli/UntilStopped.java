package org.parley.auth.cli;

import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/** Runs a server until the process is told to stop (Ctrl-C, SIGTERM), then closes it. */
final class UntilStopped {

    private UntilStopped() {}

    /**
     * Starts the server (a failed start propagates, with nothing left running), calls {@code ready}
     * once it is up, then blocks until JVM shutdown has closed it.
     */
    static <T extends AutoCloseable> void run(
            Supplier<T> start, java.util.function.Consumer<T> ready, String name)
            throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Object lock = new Object();
        @SuppressWarnings("unchecked")
        T[] server = (T[]) new AutoCloseable[1];
        Thread hook =
                new Thread(
                        () -> {
                            synchronized (lock) {
                                if (server[0] != null) {
                                    try {
                                        server[0].close();
                                    } catch (Exception e) {
                                        System.err.println(
                                                "parley-server: stopping "
                                                        + name
                                                        + " failed: "
                                                        + ParleyServerCommand.oneLine(e));
                                    }
                                }
                            }
                            stopped.countDown();
                        },
                        name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        synchronized (lock) {
            try {
                server[0] = start.get();
            } catch (RuntimeException | Error e) {
                Runtime.getRuntime().removeShutdownHook(hook);
                throw e;
            }
        }
        ready.accept(server[0]);
        stopped.await();
    }
}
