package org.parley.fx.about;

import atlantafx.base.theme.Styles;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.parley.fx.common.Controls;

/** The About box: name, version, what Parley promises, and the runtime details for a bug report. */
public final class AboutView extends Dialog<Void> {

    public AboutView(AboutInfo info, Window owner) {
        initOwner(owner);
        setTitle("About Parley");
        setHeaderText(null);
        setGraphic(null);

        FontIcon logo = new FontIcon(Material2AL.FORUM);
        logo.getStyleClass().add("login-logo");
        Label name = new Label("Parley");
        name.getStyleClass().add(Styles.TITLE_2);
        Label version = new Label("Version " + info.version());
        version.setId("about-version");
        version.getStyleClass().add(Styles.TEXT_MUTED);
        Label promise =
                new Label(
                        "End-to-end encrypted messaging. Your password and private keys never leave"
                                + " this device; the servers only ever see ciphertext.");
        promise.setWrapText(true);
        promise.setMaxWidth(380);

        GridPane details = new GridPane();
        details.setHgap(12);
        details.setVgap(4);
        addRow(details, 0, "Java", info.java());
        addRow(details, 1, "JavaFX", info.javafx());
        addRow(details, 2, "System", info.os());
        addRow(details, 3, "Profiles", info.profiles().toString());

        VBox content = new VBox(10, logo, name, version, promise, details);
        content.setAlignment(Pos.TOP_CENTER);
        content.setPadding(new Insets(8, 16, 0, 16));
        content.setId("about-view");
        getDialogPane().setContent(content);

        ButtonType copy = new ButtonType("Copy details");
        getDialogPane().getButtonTypes().addAll(copy, ButtonType.CLOSE);
        Button copyButton = (Button) getDialogPane().lookupButton(copy);
        copyButton.setId("about-copy");
        // Consume the event so copying does not close the box.
        copyButton.addEventFilter(
                javafx.event.ActionEvent.ACTION,
                e -> {
                    ClipboardContent clip = new ClipboardContent();
                    clip.putString(info.asText());
                    Clipboard.getSystemClipboard().setContent(clip);
                    e.consume();
                });
    }

    /** A flat icon button that opens the About box. */
    public static Button button(Runnable open) {
        Button b = Controls.iconButton("about", Material2AL.INFO, "About Parley (F1)");
        b.setOnAction(e -> open.run());
        return b;
    }

    private static void addRow(GridPane grid, int row, String key, String value) {
        Label k = new Label(key);
        k.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        Label v = new Label(value);
        v.getStyleClass().add(Styles.TEXT_SMALL);
        v.setWrapText(true);
        v.setMaxWidth(300);
        grid.addRow(row, k, v);
    }
}
