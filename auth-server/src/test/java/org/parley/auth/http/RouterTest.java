package org.parley.auth.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {

    private final Router.Route keys = request -> ApiResponse.ok("keys");
    private final Router.Route login = request -> ApiResponse.ok("login");
    private final Router router =
            new Router()
                    .add("POST", "/api/v1/login", login)
                    .add("GET", "/api/v1/users/{name}/keys", keys);

    @Test
    void aRegisteredMethodAndPathFindsItsRoute() {
        assertThat(router.resolve("POST", "/api/v1/login"))
                .isEqualTo(new Router.Found(login, Map.of()));
    }

    @Test
    void placeholdersCaptureOneSegment() {
        assertThat(router.resolve("GET", "/api/v1/users/alice/keys"))
                .isEqualTo(new Router.Found(keys, Map.of("name", "alice")));
    }

    @Test
    void placeholdersDoNotMatchEmptyOrSeveralSegments() {
        assertThat(router.resolve("GET", "/api/v1/users//keys"))
                .isInstanceOf(Router.NotFound.class);
        assertThat(router.resolve("GET", "/api/v1/users/a/b/keys"))
                .isInstanceOf(Router.NotFound.class);
    }

    @Test
    void aKnownPathWithTheWrongMethodListsTheAllowedOnes() {
        assertThat(router.resolve("GET", "/api/v1/login"))
                .isEqualTo(new Router.MethodNotAllowed(Set.of("POST")));
    }

    @Test
    void unknownPathsTrailingSlashesAndOddInputAreNotFound() {
        assertThat(router.resolve("POST", "/api/v1/logout")).isInstanceOf(Router.NotFound.class);
        assertThat(router.resolve("POST", "/api/v1/login/")).isInstanceOf(Router.NotFound.class);
        assertThat(router.resolve("POST", "/API/V1/LOGIN")).isInstanceOf(Router.NotFound.class);
        assertThat(router.resolve("POST", "")).isInstanceOf(Router.NotFound.class);
        assertThat(router.resolve("POST", null)).isInstanceOf(Router.NotFound.class);
    }
}
