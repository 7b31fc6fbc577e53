package org.parley.fx.files;

import java.io.ByteArrayInputStream;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.jspecify.annotations.Nullable;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import org.parley.fx.common.Controls;

/**
 * A file inside a chat bubble: for an image its preview (click opens the viewer), else a type icon;
 * then name, size and a save button.
 */
public final class FileCardPane extends VBox {
    private final ImageView preview = new ImageView();
    private final FontIcon typeIcon = new FontIcon(Material2AL.INSERT_DRIVE_FILE);
    private final Label name = new Label();
    private final Label details = new Label();
    private final Button save = new Button(null, new FontIcon(Material2MZ.SAVE_ALT));
    private @Nullable FileCard card;

    public FileCardPane(Consumer<FileCard> onSave, Consumer<FileCard> onOpen) {
        getStyleClass().add("file-card");
        setSpacing(6);
        preview.setId("file-thumbnail");
        preview.setPreserveRatio(true);
        preview.setFitWidth(240);
        preview.setFitHeight(240);
        preview.setCursor(Cursor.HAND);
        preview.setOnMouseClicked(
                e -> {
                    if (card != null) {
                        onOpen.accept(card);
                    }
                });
        Tooltip.install(preview, new Tooltip("Open"));
        typeIcon.getStyleClass().add("file-type-icon");
        typeIcon.setIconSize(28);
        name.setId("file-name");
        name.getStyleClass().add("file-name");
        details.getStyleClass().add("file-details");
        Controls.flatIcon(save, "file-save", "Save a copy…");
        save.setOnAction(
                e -> {
                    if (card != null) {
                        onSave.accept(card);
                    }
                });
        VBox labels = new VBox(2, name, details);
        HBox row = new HBox(8, typeIcon, labels, save);
        row.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(preview, row);
    }

    public void show(FileCard c) {
        this.card = c;
        name.setText(c.name());
        details.setText(c.sizeLabel() + " · " + c.typeLabel());
        boolean hasPreview = c.isImage() && c.thumbnail() != null;
        preview.setImage(hasPreview ? new Image(new ByteArrayInputStream(c.thumbnail())) : null);
        Controls.setShown(preview, hasPreview);
        typeIcon.setIconCode(
                c.isImage()
                        ? Material2AL.IMAGE
                        : c.mime() != null && c.mime().startsWith("text/")
                                ? Material2AL.DESCRIPTION
                                : c.mime() != null
                                                && (c.mime().startsWith("audio/")
                                                        || c.mime().startsWith("video/"))
                                        ? Material2MZ.MOVIE
                                        : Material2AL.INSERT_DRIVE_FILE);
    }

    public @Nullable FileCard card() {
        return card;
    }
}
