package org.parley.fx.files;

import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import javafx.stage.Window;

/** A window with the full image, loaded in the background (JavaFX's own image loader thread). */
public final class ImageViewer {
    private ImageViewer() {}

    public static Stage open(Window owner, FileCard card) {
        Image image = new Image(Path.of(card.path()).toUri().toString(), true);
        ImageView view = new ImageView(image);
        view.setId("image-viewer-image");
        view.setPreserveRatio(true);
        ScrollPane scroll = new ScrollPane(view);
        scroll.setPannable(true);
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle(card.name());
        stage.setScene(new Scene(scroll, 900, 700));
        view.fitWidthProperty().bind(scroll.widthProperty().subtract(4));
        stage.show();
        return stage;
    }
}
