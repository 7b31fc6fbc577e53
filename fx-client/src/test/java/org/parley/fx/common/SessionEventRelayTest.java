package org.parley.fx.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.client.ConnectionState;
import org.parley.client.SessionListener;
import org.parley.fx.testing.QueuedUiThread;

class SessionEventRelayTest {

    @Test
    void holdsEventsUntilAttachedThenForwardsThemInOrderOnTheUiThread() {
        QueuedUiThread ui = new QueuedUiThread();
        SessionEventRelay relay = new SessionEventRelay(ui);
        List<String> seen = new ArrayList<>();
        SessionListener target =
                new SessionListener() {
                    @Override
                    public void onConnectionState(ConnectionState state) {
                        seen.add(state.name() + "@" + Thread.currentThread().getName());
                    }

                    @Override
                    public void onPresence(String user, boolean online) {
                        seen.add(user + "=" + online + "@" + Thread.currentThread().getName());
                    }
                };
        String uiThread = Thread.currentThread().getName();

        Thread worker =
                new Thread(
                        () -> {
                            relay.onConnectionState(ConnectionState.CONNECTED);
                            relay.onPresence("bob", true);
                        });
        worker.start();
        ui.runUntil(() -> !worker.isAlive(), "the worker");
        assertThat(seen).isEmpty();

        relay.attach(target);
        relay.onConnectionState(ConnectionState.RECONNECTING);
        ui.runPending();
        assertThat(seen)
                .containsExactly(
                        "CONNECTED@" + uiThread,
                        "bob=true@" + uiThread,
                        "RECONNECTING@" + uiThread);

        relay.detach();
        relay.onPresence("bob", false);
        ui.runPending();
        assertThat(seen).hasSize(3);
    }
}
