package org.parley.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock tests move by hand: either standing still at a start instant ({@link
 * #MutableClock(Instant)}) or running with the system clock plus an offset ({@link #ticking()}),
 * for servers that need time to pass on its own as well. A clock made from it by {@link #withZone}
 * reads the same time and moves with it.
 */
public final class MutableClock extends Clock {
    private final Clock base;
    private final AtomicReference<Duration> offset;
    private final ZoneId zone;

    /** Stands still at {@code start} until the test moves it. */
    public MutableClock(Instant start) {
        this(
                Clock.fixed(start, ZoneOffset.UTC),
                new AtomicReference<>(Duration.ZERO),
                ZoneOffset.UTC);
    }

    private MutableClock(Clock base, AtomicReference<Duration> offset, ZoneId zone) {
        this.base = base;
        this.offset = offset;
        this.zone = zone;
    }

    /** The system clock, which the test can move forward ({@link #advance}). */
    public static MutableClock ticking() {
        return new MutableClock(
                Clock.systemUTC(), new AtomicReference<>(Duration.ZERO), ZoneOffset.UTC);
    }

    /** From now on the clock reads {@code instant} (and, if ticking, runs on from there). */
    public void set(Instant instant) {
        offset.set(Duration.between(base.instant(), instant));
    }

    public void advance(Duration duration) {
        offset.updateAndGet(d -> d.plus(duration));
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId otherZone) {
        return new MutableClock(base, offset, otherZone);
    }
}
