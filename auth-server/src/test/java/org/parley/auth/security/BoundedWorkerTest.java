package org.parley.auth.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.auth.http.ApiException;
import org.parley.testing.Wait;

class BoundedWorkerTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(1);
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
        callers.shutdownNow();
    }

    @Test
    void theTasksResultIsReturnedToTheCaller() {
        BoundedWorker worker = new BoundedWorker(pool, 2);

        assertThat(worker.call(() -> 42)).isEqualTo(42);
    }

    @Test
    void overTheLimitCallsAreRefusedAsBusyInsteadOfQueued() throws Exception {
        BoundedWorker worker = new BoundedWorker(pool, 2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<String> first =
                CompletableFuture.supplyAsync(
                        () ->
                                worker.call(
                                        () -> {
                                            running.countDown();
                                            release.await();
                                            return "first";
                                        }),
                        callers);
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> queued =
                CompletableFuture.supplyAsync(() -> worker.call(() -> "queued"), callers);
        awaitAdmitted(worker);

        assertThatThrownBy(() -> worker.call(() -> "third"))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(503);
                            assertThat(e.error()).isEqualTo("busy");
                            assertThat(e.retryAfter()).isPresent();
                        });

        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("queued");
        assertThat(worker.call(() -> "after")).isEqualTo("after");
    }

    @Test
    void aFailingTaskRethrowsItsExceptionAndFreesItsSlot() {
        BoundedWorker worker = new BoundedWorker(pool, 1);

        assertThatThrownBy(
                        () ->
                                worker.call(
                                        () -> {
                                            throw new IllegalStateException("boom");
                                        }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("boom");
        assertThat(worker.call(() -> "next")).isEqualTo("next");
    }

    /** Waits (with a deadline) until the second caller holds its admission. */
    private static void awaitAdmitted(BoundedWorker worker) {
        Wait.until(
                Duration.ofSeconds(10),
                "the second task to be admitted",
                () -> worker.inFlight() >= 2);
    }
}
