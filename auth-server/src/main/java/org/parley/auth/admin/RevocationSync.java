package org.parley.auth.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.parley.broker.RevocationList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-sends every revocation still in force (newer than {@link RevocationList#RETENTION}), and every
 * logged-out session whose tokens could still be valid, to every broker node, on start and then
 * periodically. A node that was down when an account was disabled, or restarted without its data
 * dir, so learns of it within one interval; resending is harmless (a node keeps the latest instant,
 * and closes only connections whose token is revoked).
 */
public final class RevocationSync {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(RevocationSync.class);

    private final AccountAdminStore accounts;
    private final org.parley.auth.security.@Nullable RevokedTokens sessions;
    private final BrokerFleet fleet;
    private final Clock clock;

    public RevocationSync(AccountAdminStore accounts, BrokerFleet fleet, Clock clock) {
        this(accounts, null, fleet, clock);
    }

    /**
     * @param sessions logged-out sessions to re-send as well; null: accounts only
     */
    public RevocationSync(
            AccountAdminStore accounts,
            org.parley.auth.security.@Nullable RevokedTokens sessions,
            BrokerFleet fleet,
            Clock clock) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.sessions = sessions;
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Runs {@link #syncOnce()} now and every {@code interval} on {@code scheduler}. */
    public void schedule(ScheduledExecutorService scheduler, Duration interval) {
        // Never fails (syncQuietly catches); stopped by shutting the scheduler down.
        var unused =
                scheduler.scheduleWithFixedDelay(
                        this::syncQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * @return how many nodes did not take every revocation (0 when there is nothing to send)
     */
    public int syncOnce() {
        if (!fleet.reachable()) {
            return 0;
        }
        Map<String, Instant> revocations =
                accounts.revocationsSince(clock.instant().minus(RevocationList.RETENTION));
        long failed = 0;
        if (!revocations.isEmpty()) {
            List<BrokerFleet.Delivery> deliveries = fleet.revokeAll(revocations);
            failed = deliveries.stream().filter(d -> !d.applied()).count();
            if (failed > 0) {
                log.warn(
                        "{} broker node(s) did not take the {} revocation(s) in force; retrying in the next round",
                        failed,
                        revocations.size());
            }
        }
        List<org.parley.auth.security.RevokedTokens.Revoked> loggedOut =
                sessions == null ? List.of() : sessions.inForce();
        if (!loggedOut.isEmpty()) {
            long missed =
                    fleet.revokeSessions(loggedOut).stream().filter(d -> !d.applied()).count();
            if (missed > 0) {
                log.warn(
                        "{} broker node(s) did not take the {} logout(s) in force; retrying in the next round",
                        missed,
                        loggedOut.size());
            }
            failed = Math.max(failed, missed);
        }
        return (int) failed;
    }

    private void syncQuietly() {
        try {
            syncOnce();
        } catch (RuntimeException e) {
            // The next round tries again; a scheduled task that throws would never run again.
            log.warn("Revocation sync failed: {}", e.getMessage());
        }
    }
}
