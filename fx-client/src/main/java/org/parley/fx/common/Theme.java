package org.parley.fx.common;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import org.jspecify.annotations.Nullable;

/** The app's two looks: AtlantaFX Primer light and dark. */
public enum Theme {
    LIGHT(new PrimerLight().getUserAgentStylesheet()),
    DARK(new PrimerDark().getUserAgentStylesheet());

    private final String userAgentStylesheet;

    Theme(String userAgentStylesheet) {
        this.userAgentStylesheet = userAgentStylesheet;
    }

    public String userAgentStylesheet() {
        return userAgentStylesheet;
    }

    public Theme other() {
        return this == LIGHT ? DARK : LIGHT;
    }

    /** LIGHT or DARK from a setting or flag; {@code fallback} for anything else. */
    public static Theme parse(@Nullable String text, Theme fallback) {
        if (text == null) {
            return fallback;
        }
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "light" -> LIGHT;
            case "dark" -> DARK;
            default -> fallback;
        };
    }
}
