package org.parley.fx.common;

import java.util.Objects;
import java.util.function.Consumer;
import javafx.application.Application;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * Applies the light or dark theme to the whole application (the user agent stylesheet plus the
 * app's own stylesheet on each scene) and remembers the choice through {@code onChange}.
 */
public final class ThemeManager {
    /** The app's own styles, on top of the theme. */
    public static final String APP_STYLESHEET =
            ThemeManager.class.getResource("/org/parley/fx/parley.css").toExternalForm();

    private static final String DARK_CLASS = "dark";

    private final ReadOnlyObjectWrapper<Theme> theme;
    private final Consumer<Theme> onChange;

    public ThemeManager(Theme initial, Consumer<Theme> onChange) {
        this.theme = new ReadOnlyObjectWrapper<>(Objects.requireNonNull(initial));
        this.onChange = Objects.requireNonNull(onChange);
    }

    /**
     * Applies the current theme globally; call once on the UI thread before the first window shows.
     */
    public void applyGlobally() {
        Application.setUserAgentStylesheet(theme.get().userAgentStylesheet());
    }

    /** Adds the app stylesheet to {@code scene} and keeps its root's "dark" style class in step. */
    public void style(Scene scene) {
        scene.getStylesheets().add(APP_STYLESHEET);
        updateRoot(scene);
        scene.rootProperty().addListener((obs, old, now) -> updateRoot(scene));
        theme.addListener((obs, old, now) -> updateRoot(scene));
    }

    private void updateRoot(Scene scene) {
        if (scene.getRoot() == null) {
            return;
        }
        scene.getRoot().getStyleClass().remove(DARK_CLASS);
        if (theme.get() == Theme.DARK) {
            scene.getRoot().getStyleClass().add(DARK_CLASS);
        }
    }

    public void set(Theme next) {
        if (next == theme.get()) {
            return;
        }
        theme.set(next);
        Application.setUserAgentStylesheet(next.userAgentStylesheet());
        onChange.accept(next);
    }

    public void toggle() {
        set(theme.get().other());
    }

    /** A round icon button that switches between light and dark. */
    public Button toggleButton() {
        Button button = new Button();
        button.setId("theme-toggle");
        button.getStyleClass().addAll("button-icon", "flat");
        Tooltip tip = new Tooltip();
        button.setTooltip(tip);
        Runnable update =
                () -> {
                    boolean dark = theme.get() == Theme.DARK;
                    button.setGraphic(
                            new FontIcon(dark ? Material2MZ.WB_SUNNY : Material2MZ.NIGHTS_STAY));
                    tip.setText(dark ? "Switch to the light theme" : "Switch to the dark theme");
                };
        update.run();
        theme.addListener((obs, old, now) -> update.run());
        button.setOnAction(e -> toggle());
        return button;
    }
}
