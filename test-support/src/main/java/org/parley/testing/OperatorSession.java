package org.parley.testing;

import com.google.gson.JsonParser;
import java.net.http.HttpResponse;

/**
 * What an operator's successful login to the admin API hands back: the session cookie (as a {@code
 * Cookie} header value) and the CSRF token that every change must carry.
 */
public record OperatorSession(String cookie, String csrf) {

    /** The session a 200 response of {@code POST /admin/api/login} opens. */
    public static OperatorSession of(HttpResponse<String> login) {
        String setCookie =
                login.headers()
                        .firstValue("Set-Cookie")
                        .orElseThrow(
                                () -> new AssertionError("login set no cookie: " + login.body()));
        String csrf =
                JsonParser.parseString(login.body())
                        .getAsJsonObject()
                        .get("csrfToken")
                        .getAsString();
        return new OperatorSession(setCookie.substring(0, setCookie.indexOf(';')), csrf);
    }
}
