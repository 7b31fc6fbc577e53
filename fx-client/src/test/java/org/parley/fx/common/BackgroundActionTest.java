package org.parley.fx.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.parley.client.exceptions.InvalidCredentialsException;

class BackgroundActionTest {
    private final BackgroundAction action = new BackgroundAction(Async.direct());

    @Test
    void isBusyWithNoErrorWhileTheWorkRunsThenHandsOnTheResult() {
        action.setError("an earlier failure");
        CompletableFuture<String> work = new CompletableFuture<>();
        List<String> results = new ArrayList<>();

        action.await(work, results::add);

        assertThat(action.isBusy()).isTrue();
        assertThat(action.errorProperty().get()).isEmpty();
        work.complete("done");
        assertThat(action.busyProperty().get()).isFalse();
        assertThat(results).containsExactly("done");
        assertThat(action.errorProperty().get()).isEmpty();
    }

    @Test
    void aFailureEndsTheBusyStateAndShowsThePersonSentence() {
        CompletableFuture<String> work = new CompletableFuture<>();
        List<String> results = new ArrayList<>();

        action.await(work, results::add);
        work.completeExceptionally(new InvalidCredentialsException());

        assertThat(action.isBusy()).isFalse();
        assertThat(action.errorProperty().get()).isEqualTo("Wrong username or password.");
        assertThat(results).isEmpty();
    }

    @Test
    void resetForgetsTheErrorAndTheBusyState() {
        action.await(new CompletableFuture<>(), ignored -> {});
        action.setError("Pick at least one member.");

        action.reset();

        assertThat(action.isBusy()).isFalse();
        assertThat(action.errorProperty().get()).isEmpty();
    }
}
