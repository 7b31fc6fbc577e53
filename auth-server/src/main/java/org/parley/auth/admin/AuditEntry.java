package org.parley.auth.admin;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One operator action.
 *
 * @param id database id, 0 before it is stored
 * @param operator who: an operator name, or {@code cli:<os user>} for {@code parley-server admin}
 * @param action what, e.g. {@code account.disable}, {@code operator.login}
 * @param target on what (a username), or null
 * @param detail a short free text for people, or null; never message content
 */
public record AuditEntry(
        long id,
        String operator,
        Instant at,
        String action,
        @Nullable String target,
        @Nullable String detail) {

    public static final String OPERATOR_CREATE = "operator.create";
    public static final String OPERATOR_LOGIN = "operator.login";
    public static final String OPERATOR_LOGIN_FAILED = "operator.login_failed";
    public static final String OPERATOR_LOGOUT = "operator.logout";
    public static final String CONSOLE_LOGIN = "console.login";
    public static final String ACCOUNT_DISABLE = "account.disable";
    public static final String ACCOUNT_ENABLE = "account.enable";

    public AuditEntry {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(action, "action");
        if (detail != null && detail.length() > 2000) {
            detail = detail.substring(0, 2000);
        }
    }

    public static AuditEntry of(
            String operator,
            Instant at,
            String action,
            @Nullable String target,
            @Nullable String detail) {
        return new AuditEntry(0, operator, at, action, target, detail);
    }
}
