package org.parley.auth.groups;

import java.util.Map;
import org.parley.auth.accounts.AuthApi;
import org.parley.auth.accounts.TokenService;
import org.parley.auth.http.ApiResponse;
import org.parley.auth.http.Router;
import org.parley.model.GroupChangeRequest;
import org.parley.model.GroupEntry;

/** The group endpoints of PROTOCOL.md, all behind a bearer token. */
public final class GroupRoutes {

    private GroupRoutes() {}

    public static Router addTo(Router router, GroupService groups, TokenService tokens) {
        String base = AuthApi.BASE + "/groups";
        router.add(
                "POST",
                base,
                request ->
                        ApiResponse.created(
                                groups.create(
                                        tokens.authenticate(request.bearerToken()),
                                        request.json(GroupChangeRequest.class))));
        router.add(
                "GET",
                base,
                request -> ApiResponse.ok(groups.list(tokens.authenticate(request.bearerToken()))));
        router.add(
                "GET",
                base + "/{id}",
                request ->
                        ApiResponse.ok(
                                groups.get(
                                        tokens.authenticate(request.bearerToken()),
                                        request.pathParam("id"))));
        for (String action :
                new String[] {
                    GroupEntry.ADD,
                    GroupEntry.REMOVE,
                    GroupEntry.LEAVE,
                    GroupEntry.RENAME,
                    GroupEntry.TRANSFER,
                    GroupEntry.DELETE
                }) {
            router.add(
                    "POST",
                    base + "/{id}/" + action,
                    request -> {
                        String caller = tokens.authenticate(request.bearerToken());
                        var result =
                                groups.change(
                                        caller,
                                        request.pathParam("id"),
                                        action,
                                        request.json(GroupChangeRequest.class));
                        return ApiResponse.ok(
                                result == null
                                        ? Map.of("deleted", request.pathParam("id"))
                                        : result);
                    });
        }
        return router;
    }
}
