package org.parley.bench;

/**
 * How big each scenario is. {@link #full()} is what the documented command runs (sized so the whole
 * run fits in 15 minutes on a 2-core machine); {@link #smoke()} is the few-second run in {@code
 * ./mvnw verify}, which checks correctness, not speed.
 *
 * @param pairs sender/receiver pairs (users = 2 × pairs)
 * @param throughputSeconds how long every sender sends as fast as a blocking send allows
 * @param latencyRate aggregate messages/s for the latency scenario (capped at half the measured
 *     throughput)
 * @param latencySeconds how long the latency scenario sends
 * @param backlog messages queued for one offline user before it logs in
 * @param logins password logins timed in the login scenario
 * @param textBytes message size (ASCII text, so bytes = chars)
 * @param connections logged-in users held by one node in scenario 4
 * @param conversation messages in the conversation of scenario 6
 */
public record Scale(
        int pairs,
        int throughputSeconds,
        int latencyRate,
        int latencySeconds,
        int backlog,
        int logins,
        int textBytes,
        int connections,
        int conversation) {

    public static Scale full() {
        return new Scale(50, 15, 1000, 15, 100_000, 6, 1024, 10_000, 10_000);
    }

    public static Scale smoke() {
        return new Scale(2, 2, 20, 2, 50, 1, 1024, 20, 200);
    }

    /**
     * This scale with the {@code pairs} and {@code connections} asked for on the command line; 0
     * (not asked for) keeps this scale's own.
     */
    Scale overriding(int pairs, int connections) {
        return new Scale(
                pairs > 0 ? pairs : this.pairs,
                throughputSeconds,
                latencyRate,
                latencySeconds,
                backlog,
                logins,
                textBytes,
                connections > 0 ? connections : this.connections,
                conversation);
    }

    /** Scenario 4's latency probe: sender/receiver pairs besides the held users, rate, seconds. */
    int probePairs() {
        return Math.min(5, pairs);
    }

    int probeRate() {
        return Math.min(50, latencyRate);
    }

    int probeSeconds() {
        return Math.min(10, latencySeconds);
    }

    public int users() {
        return 2 * pairs;
    }
}
