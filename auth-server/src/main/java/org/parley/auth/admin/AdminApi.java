package org.parley.auth.admin;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.parley.auth.http.ApiException;
import org.parley.auth.http.ApiRequest;
import org.parley.auth.http.ApiResponse;
import org.parley.auth.http.Router;
import org.parley.broker.ServiceBasicAuth;

/**
 * The admin page's JSON API under {@value #BASE}, for operators only.
 *
 * <ul>
 *   <li>Sign-in: {@code POST login {username, password}} sets the {@value #COOKIE} cookie ({@code
 *       HttpOnly; SameSite=Strict; Path=/admin}, {@code Secure} over TLS or when configured) and
 *       returns the session's CSRF token; {@code GET session} returns it again.
 *   <li>Every other route needs that cookie; every POST also needs the CSRF token in {@value
 *       #CSRF_HEADER} and a JSON content type, and a browser's {@code Origin}, when sent, must be
 *       this server. A chat session token opens nothing here.
 *   <li>{@code POST console-login} is the broker consoles' operator check, authenticated with the
 *       brokers' {@code parley-service} password (HTTP Basic), not with a session.
 * </ul>
 *
 * Errors are the API's JSON bodies: 401 {@code not_signed_in}, 403 {@code csrf}, ...
 */
public final class AdminApi {

    public static final String BASE = "/admin/api";
    public static final String COOKIE = "parley_admin";
    public static final String CSRF_HEADER = "X-CSRF-Token";

    /** {@code POST login} body. */
    public record LoginBody(String username, String password) {}

    private final OperatorService operators;
    private final AccountAdmin accounts;
    private final AuditLog audit;
    private final AdminSessions sessions;
    private final boolean alwaysSecureCookie;
    private final byte @Nullable [] servicePassword;
    private final Clock clock;

    /**
     * @param alwaysSecureCookie mark the cookie Secure even on plain HTTP (TLS ends at a proxy in
     *     front)
     * @param servicePassword the brokers' service password, which authorizes console logins; null:
     *     none
     */
    public AdminApi(
            OperatorService operators,
            AccountAdmin accounts,
            AuditLog audit,
            AdminSessions sessions,
            boolean alwaysSecureCookie,
            @Nullable String servicePassword,
            Clock clock) {
        this.operators = Objects.requireNonNull(operators, "operators");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.alwaysSecureCookie = alwaysSecureCookie;
        this.servicePassword =
                servicePassword == null ? null : servicePassword.getBytes(StandardCharsets.UTF_8);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Router router() {
        return new Router()
                .add("POST", BASE + "/login", this::login)
                .add(
                        "GET",
                        BASE + "/session",
                        request -> {
                            AdminSessions.Session session = session(request);
                            return ApiResponse.ok(sessionBody(session));
                        })
                .add(
                        "POST",
                        BASE + "/logout",
                        request -> {
                            AdminSessions.Session session = changing(request);
                            sessions.invalidate(session.id());
                            audit.record(
                                    AuditEntry.of(
                                            session.operator(),
                                            clock.instant(),
                                            AuditEntry.OPERATOR_LOGOUT,
                                            null,
                                            null));
                            return new ApiResponse(
                                    200,
                                    Map.of("signedOut", true),
                                    Map.of("Set-Cookie", cookie(request, "", 0)));
                        })
                .add(
                        "GET",
                        BASE + "/overview",
                        request -> {
                            session(request);
                            return ApiResponse.ok(overview(accounts.overview()));
                        })
                .add(
                        "GET",
                        BASE + "/users",
                        request -> {
                            session(request);
                            return ApiResponse.ok(
                                    Map.of(
                                            "users",
                                            users(accounts.search("", AccountAdmin.MAX_RESULTS))));
                        })
                .add(
                        "GET",
                        BASE + "/users/search/{prefix}",
                        request -> {
                            session(request);
                            return ApiResponse.ok(
                                    Map.of(
                                            "users",
                                            users(
                                                    accounts.search(
                                                            request.pathParam("prefix"),
                                                            AccountAdmin.MAX_RESULTS))));
                        })
                .add("POST", BASE + "/users/{name}/disable", accountChange(accounts::disable))
                .add("POST", BASE + "/users/{name}/enable", accountChange(accounts::enable))
                .add(
                        "GET",
                        BASE + "/groups",
                        request -> {
                            session(request);
                            return ApiResponse.ok(groups(accounts.groups()));
                        })
                .add(
                        "GET",
                        BASE + "/audit",
                        request -> {
                            session(request);
                            return ApiResponse.ok(
                                    Map.of(
                                            "entries",
                                            audit.recent(100).stream()
                                                    .map(AdminApi::auditBody)
                                                    .toList()));
                        })
                .add("POST", BASE + "/console-login", this::consoleLogin);
    }

    /** A POST by the signed-in operator that changes the account named in the path. */
    private Router.Route accountChange(
            BiFunction<String, String, AccountAdmin.Change> operatorChangesAccount) {
        return request -> {
            AdminSessions.Session session = changing(request);
            return ApiResponse.ok(
                    change(
                            operatorChangesAccount.apply(
                                    session.operator(), request.pathParam("name"))));
        };
    }

    private ApiResponse login(ApiRequest request) {
        requireJsonFromHere(request);
        String operator = authenticate(request, AuditEntry.OPERATOR_LOGIN);
        AdminSessions.Session session = sessions.create(operator);
        return new ApiResponse(
                200,
                sessionBody(session),
                Map.of("Set-Cookie", cookie(request, session.id(), sessions.maxAge().toSeconds())));
    }

    private ApiResponse consoleLogin(ApiRequest request) {
        if (!ServiceBasicAuth.authorizes(request.header("Authorization"), servicePassword)) {
            throw new ApiException(
                    401, "invalid_credentials", "This endpoint is for the broker nodes.");
        }
        // Throttled per broker node: the node's console does not pass on its own client's address.
        String operator = authenticate(request, AuditEntry.CONSOLE_LOGIN);
        return ApiResponse.ok(Map.of("operator", operator));
    }

    /**
     * The operator whose name and password the request's JSON body holds, signing in on {@code
     * channel}.
     */
    private String authenticate(ApiRequest request, String channel) {
        LoginBody body = request.json(LoginBody.class);
        return operators.authenticate(
                body.username(), body.password(), request.clientAddress(), channel);
    }

    /** The signed-in operator's session, or 401. */
    private AdminSessions.Session session(ApiRequest request) {
        return sessions.find(cookieValue(request.header("Cookie")))
                .orElseThrow(
                        () ->
                                new ApiException(
                                        401, "not_signed_in", "Sign in as an operator first."));
    }

    /**
     * A session for a state-changing request: also needs the CSRF token and a same-origin JSON
     * request.
     */
    private AdminSessions.Session changing(ApiRequest request) {
        AdminSessions.Session session = session(request);
        if (!AdminSessions.csrfMatches(session, request.header(CSRF_HEADER))) {
            throw new ApiException(403, "csrf", "The request lacks this session's CSRF token.");
        }
        requireJsonFromHere(request);
        return session;
    }

    /**
     * A cross-site form can POST only form encodings and cannot set custom headers; insisting on
     * JSON and on our own Origin (browsers send it with every POST) closes what SameSite leaves
     * open.
     */
    private static void requireJsonFromHere(ApiRequest request) {
        String type = request.header("Content-Type");
        if (type == null
                || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(
                    415, "unsupported_media_type", "Send JSON (Content-Type: application/json).");
        }
        String origin = request.header("Origin");
        String host = request.header("Host");
        if (origin != null
                && (host == null
                        || !(origin.equals("http://" + host)
                                || origin.equals("https://" + host)))) {
            throw new ApiException(403, "csrf", "Cross-origin requests are refused.");
        }
    }

    private String cookie(ApiRequest request, String value, long maxAgeSeconds) {
        return COOKIE
                + "="
                + value
                + "; Path=/admin; Max-Age="
                + maxAgeSeconds
                + "; HttpOnly; SameSite=Strict"
                + (alwaysSecureCookie || request.secure() ? "; Secure" : "");
    }

    static @Nullable String cookieValue(@Nullable String header) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";", -1)) {
            String trimmed = part.trim();
            if (trimmed.startsWith(COOKIE + "=")) {
                String value = trimmed.substring(COOKIE.length() + 1);
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    private static Map<String, Object> sessionBody(AdminSessions.Session session) {
        return Map.of("operator", session.operator(), "csrfToken", session.csrfToken());
    }

    private static Map<String, Object> overview(AccountAdmin.Overview overview) {
        long backlog = 0;
        long connections = 0;
        for (BrokerFleet.NodeStatus node : overview.nodes()) {
            backlog += node.backlog();
            connections += node.connections();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accounts", overview.accounts());
        body.put("brokersConfigured", overview.brokersConfigured());
        body.put("connections", connections);
        body.put("backlog", backlog);
        body.put("nodes", overview.nodes().stream().map(AdminApi::nodeBody).toList());
        return body;
    }

    private static Map<String, Object> nodeBody(BrokerFleet.NodeStatus node) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("url", node.url());
        n.put("up", node.up());
        n.put("connections", node.connections());
        n.put("consumers", node.consumers());
        n.put("backlog", node.backlog());
        n.put("messagesAdded", node.messagesAdded());
        n.put(
                "messagesPerSecond",
                node.messagesPerSecond() < 0
                        ? null
                        : Math.round(node.messagesPerSecond() * 10) / 10.0);
        return n;
    }

    private static List<Map<String, Object>> users(List<AccountAdmin.UserView> users) {
        return users.stream().map(AdminApi::userBody).toList();
    }

    private static Map<String, Object> userBody(AccountAdmin.UserView user) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("username", user.username());
        u.put("createdAt", iso(user.createdAt()));
        u.put("lastLoginAt", iso(user.lastLoginAt()));
        u.put("disabled", user.disabled());
        u.put("online", user.online());
        u.put("backlog", user.backlog() < 0 ? null : user.backlog());
        return u;
    }

    private static Map<String, Object> groups(AccountAdmin.GroupList list) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", list.total());
        body.put("groups", list.groups().stream().map(AdminApi::groupBody).toList());
        return body;
    }

    private static Map<String, Object> groupBody(GroupSummary group) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("id", group.id());
        g.put("name", group.name());
        g.put("admin", group.admin());
        g.put("size", group.members().size());
        g.put("members", group.members());
        g.put("epoch", group.epoch());
        g.put("createdAt", iso(group.createdAt()));
        g.put("updatedAt", iso(group.updatedAt()));
        return g;
    }

    private static Map<String, Object> change(AccountAdmin.Change change) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", change.username());
        body.put("disabled", change.disabled());
        body.put("tokensNotBefore", iso(change.tokensNotBefore()));
        body.put(
                "brokers",
                change.brokers().stream()
                        .map(d -> Map.of("url", d.url(), "applied", d.applied()))
                        .toList());
        return body;
    }

    private static Map<String, Object> auditBody(AuditEntry entry) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", entry.id());
        e.put("operator", entry.operator());
        e.put("at", iso(entry.at()));
        e.put("action", entry.action());
        e.put("target", entry.target());
        e.put("detail", entry.detail());
        return e;
    }

    private static @Nullable String iso(@Nullable Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
