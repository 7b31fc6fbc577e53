package org.parley.fx.app;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.parley.client.session.ParleyClient;
import org.parley.fx.common.Async;
import org.parley.fx.common.Notifier;
import org.parley.fx.common.ThemeManager;

/**
 * What one client window runs on: its client-core instance (own profiles directory), the threading,
 * the theme, notifications and the clock. The app makes one; the UI tests make one per simulated
 * user.
 *
 * @param serverOverride a server address given on the command line, preferred over the remembered
 *     one
 */
public record AppContext(
        ParleyClient client,
        Async async,
        ThemeManager themes,
        Notifier notifier,
        Clock clock,
        Optional<String> serverOverride) {

    public AppContext {
        Objects.requireNonNull(client);
        Objects.requireNonNull(async);
        Objects.requireNonNull(themes);
        Objects.requireNonNull(notifier);
        Objects.requireNonNull(clock);
        Objects.requireNonNull(serverOverride);
    }
}
