package org.parley.auth.directory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.parley.auth.accounts.AccountStore;
import org.parley.auth.accounts.AuthApi;
import org.parley.auth.accounts.TokenService;
import org.parley.auth.http.ApiException;
import org.parley.auth.http.ApiRequest;
import org.parley.auth.http.ApiResponse;
import org.parley.auth.http.Router;
import org.parley.broker.ServiceBasicAuth;
import org.parley.model.AccountDirectoryEntry;
import org.parley.model.PresenceViewers;
import org.parley.model.Usernames;

/**
 * The account directory the brokers ask, and the presence permissions users set:
 *
 * <ul>
 *   <li>{@code GET /api/v1/service/accounts/{name}}, for broker nodes only (HTTP Basic {@code
 *       parley-service} and the brokers' service password): 200 {@link AccountDirectoryEntry}, 404
 *       {@code unknown_user};
 *   <li>{@code PUT /api/v1/presence/viewers} (bearer token): replaces who may follow the caller's
 *       presence; {@code GET} the same path reads it back.
 * </ul>
 */
public final class DirectoryRoutes {

    public static final String SERVICE_ACCOUNTS = AuthApi.BASE + "/service/accounts";
    public static final String PRESENCE_VIEWERS = AuthApi.BASE + "/presence/viewers";

    private final AccountStore accounts;
    private final JdbcPresenceViewers viewers;
    private final TokenService tokens;
    private final byte @Nullable [] servicePassword;

    /**
     * @param servicePassword the brokers' {@code parley-service} password; null: no broker may ask
     */
    public DirectoryRoutes(
            AccountStore accounts,
            JdbcPresenceViewers viewers,
            TokenService tokens,
            @Nullable String servicePassword) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.viewers = Objects.requireNonNull(viewers, "viewers");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.servicePassword =
                servicePassword == null ? null : servicePassword.getBytes(StandardCharsets.UTF_8);
    }

    public Router addTo(Router router) {
        return router.add("GET", SERVICE_ACCOUNTS + "/{name}", this::lookup)
                .add(
                        "PUT",
                        PRESENCE_VIEWERS,
                        request -> {
                            String owner = tokens.authenticate(request.bearerToken());
                            List<String> list =
                                    canonical(owner, request.json(PresenceViewers.class));
                            viewers.replace(owner, list);
                            return ApiResponse.ok(new PresenceViewers(list));
                        })
                .add(
                        "GET",
                        PRESENCE_VIEWERS,
                        request ->
                                ApiResponse.ok(
                                        new PresenceViewers(
                                                viewers.viewersOf(
                                                        tokens.authenticate(
                                                                request.bearerToken())))));
    }

    private ApiResponse lookup(ApiRequest request) {
        if (!ServiceBasicAuth.authorizes(request.header("Authorization"), servicePassword)) {
            throw new ApiException(
                    401, "invalid_credentials", "This endpoint is for the broker nodes.");
        }
        String username;
        try {
            username = Usernames.normalize(request.pathParam("name"));
        } catch (IllegalArgumentException e) {
            throw ApiException.unknownUser();
        }
        // Only the canonical spelling is an account: a broker asks about the exact inbox name.
        if (!username.equals(request.pathParam("name"))) {
            throw ApiException.unknownUser();
        }
        return accounts.find(username)
                .map(
                        account ->
                                ApiResponse.ok(
                                        new AccountDirectoryEntry(
                                                account.username(),
                                                account.disabled(),
                                                viewers.viewersOf(account.username()))))
                .orElseThrow(ApiException::unknownUser);
    }

    /**
     * Valid, canonical, without duplicates or the owner, at most {@link
     * PresenceViewers#MAX_VIEWERS}.
     */
    static List<String> canonical(String owner, PresenceViewers body) {
        if (body.viewers() == null) {
            throw ApiException.invalidRequest("The field 'viewers' is missing.");
        }
        if (body.viewers().size() > PresenceViewers.MAX_VIEWERS) {
            throw ApiException.invalidRequest(
                    "At most " + PresenceViewers.MAX_VIEWERS + " viewers.");
        }
        TreeSet<String> names = new TreeSet<>();
        for (String raw : body.viewers()) {
            if (raw == null) {
                throw ApiException.invalidRequest("A viewer is null.");
            }
            String name;
            try {
                name = Usernames.normalize(raw);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidUsername(
                        Objects.requireNonNullElse(e.getMessage(), "A viewer is invalid."));
            }
            if (!name.equals(owner)) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }
}
