package org.parley.fx.app;

import javafx.geometry.Pos;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.parley.fx.common.Notifier;

/** A ControlsFX notification in the corner of the screen; clicking it brings the window back. */
public final class DesktopNotifier implements Notifier {
    private final Stage window;

    public DesktopNotifier(Stage window) {
        this.window = window;
    }

    @Override
    public void show(String title, String text) {
        FontIcon icon = new FontIcon(Material2AL.CHAT);
        icon.setIconSize(28);
        Notifications.create()
                .title(title)
                .text(text)
                .graphic(icon)
                .position(Pos.BOTTOM_RIGHT)
                .hideAfter(Duration.seconds(6))
                .onAction(
                        e -> {
                            window.setIconified(false);
                            window.show();
                            window.toFront();
                            window.requestFocus();
                        })
                .show();
    }
}
