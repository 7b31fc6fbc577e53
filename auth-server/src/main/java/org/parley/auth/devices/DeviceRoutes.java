package org.parley.auth.devices;

import org.parley.auth.accounts.AuthApi;
import org.parley.auth.accounts.TokenService;
import org.parley.auth.http.ApiResponse;
import org.parley.auth.http.Router;
import org.parley.model.DeviceChangeRequest;

/**
 * The device log endpoints, behind a bearer token: {@code GET /users/{name}/devices} for any
 * logged-in user (senders verify a recipient's devices before sealing to them), {@code POST
 * /devices} for the owner's next entry.
 */
public final class DeviceRoutes {

    public static final String USER_DEVICES = AuthApi.BASE + "/users/{name}/devices";
    public static final String DEVICES = AuthApi.BASE + "/devices";

    private DeviceRoutes() {}

    public static Router addTo(Router router, DeviceService devices, TokenService tokens) {
        return router.add(
                        "GET",
                        USER_DEVICES,
                        request -> {
                            tokens.authenticate(request.bearerToken());
                            return ApiResponse.ok(devices.log(request.pathParam("name")));
                        })
                .add(
                        "POST",
                        DEVICES,
                        request ->
                                ApiResponse.created(
                                        devices.append(
                                                tokens.authenticate(request.bearerToken()),
                                                request.json(DeviceChangeRequest.class))));
    }
}
