package org.parley.auth.accounts;

import java.util.Map;
import java.util.function.BooleanSupplier;
import org.parley.auth.http.ApiException;
import org.parley.auth.http.ApiResponse;
import org.parley.auth.http.Router;
import org.parley.model.LoginRequest;
import org.parley.model.PreloginRequest;
import org.parley.model.SignupChallengeRequest;
import org.parley.model.SignupRequest;

/** The routes of PROTOCOL.md's HTTP API, under {@value #BASE}. */
public final class AuthApi {

    public static final String BASE = "/api/v1";

    private AuthApi() {}

    /**
     * @param databaseHealthy answers quickly (it backs {@code GET /health}, which load balancers
     *     poll)
     */
    public static Router router(
            AccountService accounts,
            TokenService tokens,
            SessionLogout logout,
            BooleanSupplier databaseHealthy) {
        return new Router()
                .add(
                        "POST",
                        BASE + "/prelogin",
                        request ->
                                ApiResponse.ok(
                                        accounts.prelogin(request.json(PreloginRequest.class))))
                .add(
                        "POST",
                        BASE + "/signup/challenge",
                        request ->
                                ApiResponse.ok(
                                        accounts.signupChallenge(
                                                request.json(SignupChallengeRequest.class))))
                .add(
                        "POST",
                        BASE + "/signup",
                        request ->
                                ApiResponse.created(
                                        accounts.signup(request.json(SignupRequest.class))))
                .add(
                        "POST",
                        BASE + "/login",
                        request ->
                                ApiResponse.ok(
                                        accounts.login(
                                                request.json(LoginRequest.class),
                                                request.clientAddress())))
                .add(
                        "POST",
                        BASE + "/logout",
                        request -> {
                            SessionLogout.Result r = logout.logout(request.bearerToken());
                            return ApiResponse.ok(
                                    Map.of(
                                            "status",
                                            "logged_out",
                                            "username",
                                            r.username(),
                                            "brokersApplied",
                                            r.brokersApplied(),
                                            "brokersMissed",
                                            r.brokersMissed()));
                        })
                .add(
                        "POST",
                        BASE + "/token/refresh",
                        request -> ApiResponse.ok(tokens.refresh(request.bearerToken())))
                .add(
                        "GET",
                        BASE + "/users/{name}/keys",
                        request -> {
                            tokens.authenticate(request.bearerToken());
                            return ApiResponse.ok(accounts.publicKeys(request.pathParam("name")));
                        })
                .add(
                        "GET",
                        BASE + "/health",
                        request -> {
                            if (!databaseHealthy.getAsBoolean()) {
                                throw ApiException.unavailable();
                            }
                            return ApiResponse.ok(Map.of("status", "ok"));
                        });
    }
}
