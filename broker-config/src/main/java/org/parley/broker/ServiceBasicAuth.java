package org.parley.broker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * HTTP Basic credentials of {@value TokenSecurityManager#SERVICE_USER}, with which the broker nodes
 * and the auth server call each other's service endpoints.
 */
public final class ServiceBasicAuth {

    private static final String BASIC = "Basic ";

    private ServiceBasicAuth() {}

    /** The {@code Authorization} header value for the service user with {@code servicePassword}. */
    public static String header(String servicePassword) {
        return BASIC
                + Base64.getEncoder()
                        .encodeToString(
                                (TokenSecurityManager.SERVICE_USER + ":" + servicePassword)
                                        .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether {@code authorization} (an {@code Authorization} header, null when absent) names the
     * service user with {@code servicePassword}, compared in constant time. A null password
     * authorizes nobody.
     */
    public static boolean authorizes(
            @Nullable String authorization, byte @Nullable [] servicePassword) {
        if (servicePassword == null
                || authorization == null
                || !authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return false;
        }
        String decoded;
        try {
            decoded =
                    new String(
                            Base64.getDecoder()
                                    .decode(authorization.substring(BASIC.length()).trim()),
                            StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String expectedPrefix = TokenSecurityManager.SERVICE_USER + ":";
        return decoded.startsWith(expectedPrefix)
                && MessageDigest.isEqual(
                        servicePassword,
                        decoded.substring(expectedPrefix.length())
                                .getBytes(StandardCharsets.UTF_8));
    }
}
