package org.parley.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.parley.testing.MutableClock;

class AdminSessionsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final AdminSessions sessions =
            new AdminSessions(
                    new SecureRandom(), clock, Duration.ofMinutes(30), Duration.ofHours(8));

    @Test
    void sessionsEndWhenIdleOrTooOld() {
        AdminSessions.Session session = sessions.create("ops");
        assertThat(session.id()).isNotEqualTo(session.csrfToken()).hasSizeGreaterThanOrEqualTo(43);
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(session.id())).contains(session);
        for (int i = 0; i < 16; i++) {
            clock.advance(Duration.ofMinutes(29));
            sessions.find(session.id());
        }
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(session.id())).as("8 h at most, however busy").isEmpty();

        AdminSessions.Session idle = sessions.create("ops");
        clock.advance(Duration.ofMinutes(31));
        assertThat(sessions.find(idle.id())).isEmpty();
        assertThat(sessions.find(null)).isEmpty();
        assertThat(sessions.find("made-up")).isEmpty();
    }

    @Test
    void csrfTokenMustMatchExactly() {
        AdminSessions.Session session = sessions.create("ops");
        assertThat(AdminSessions.csrfMatches(session, session.csrfToken())).isTrue();
        assertThat(AdminSessions.csrfMatches(session, null)).isFalse();
        assertThat(AdminSessions.csrfMatches(session, session.csrfToken() + "x")).isFalse();
        assertThat(AdminSessions.csrfMatches(session, session.id())).isFalse();
        sessions.invalidate(session.id());
        assertThat(sessions.find(session.id())).isEmpty();
    }

    @Test
    void cookieValueIsFoundAmongOthers() {
        assertThat(AdminApi.cookieValue("a=1; parley_admin=xyz; b=2")).isEqualTo("xyz");
        assertThat(AdminApi.cookieValue("parley_admin=")).isNull();
        assertThat(AdminApi.cookieValue("other=1")).isNull();
        assertThat(AdminApi.cookieValue(null)).isNull();
    }
}
