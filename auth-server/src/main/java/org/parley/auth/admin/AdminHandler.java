package org.parley.auth.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Sends {@code /admin} and everything under it to the admin page (three static files) and its JSON
 * API; every other path goes on to {@code next} (the public API). The page is static: all data
 * comes from {@link AdminApi} after sign-in, so nothing about users is ever in the HTML.
 */
public final class AdminHandler extends Handler.Abstract {

    static final String PREFIX = "/admin";
    private static final String RESOURCES = "/org/parley/auth/admin/web/";

    /** No inline script or style, nothing from elsewhere, never in a frame. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; script-src 'self'; style-src 'self'; "
                    + "img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private record Asset(byte[] bytes, String contentType) {}

    private final Handler api;
    private final Handler next;
    private final Map<String, Asset> assets;

    /**
     * @param api the {@link AdminApi}'s routes (an {@code ApiHandler})
     * @param next everything that is not {@code /admin}
     */
    public AdminHandler(Handler api, Handler next) {
        this.api = Objects.requireNonNull(api, "api");
        this.next = Objects.requireNonNull(next, "next");
        Asset page = asset("admin.html", "text/html; charset=utf-8");
        this.assets =
                Map.of(
                        PREFIX,
                        page,
                        PREFIX + "/",
                        page,
                        PREFIX + "/admin.js",
                        asset("admin.js", "text/javascript; charset=utf-8"),
                        PREFIX + "/admin.css",
                        asset("admin.css", "text/css; charset=utf-8"));
    }

    @Override
    protected void doStart() throws Exception {
        addBean(api);
        addBean(next);
        super.doStart();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        if (!path.equals(PREFIX) && !path.startsWith(PREFIX + "/")) {
            return next.handle(request, response, callback);
        }
        Asset asset = assets.get(path);
        if (asset == null
                || !(HttpMethod.GET.is(request.getMethod())
                        || HttpMethod.HEAD.is(request.getMethod()))) {
            // The API, and JSON 404/405 answers for anything else under /admin.
            return api.handle(request, response, callback);
        }
        response.setStatus(200);
        var headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, asset.contentType());
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put(HttpHeader.CONTENT_LENGTH, asset.bytes().length);
        response.write(
                true,
                HttpMethod.HEAD.is(request.getMethod())
                        ? ByteBuffer.allocate(0)
                        : ByteBuffer.wrap(asset.bytes()),
                callback);
        return true;
    }

    private static Asset asset(String name, String contentType) {
        try (InputStream in = AdminHandler.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing class path resource " + RESOURCES + name);
            }
            return new Asset(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
