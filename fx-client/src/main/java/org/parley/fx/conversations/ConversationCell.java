package org.parley.fx.conversations;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.jspecify.annotations.Nullable;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;
import org.parley.fx.common.Avatar;
import org.parley.fx.common.Controls;

/**
 * A sidebar line: avatar with presence dot, name, time, last message, key-change mark and unread
 * badge.
 */
final class ConversationCell extends ListCell<ConversationItem> {
    private final Avatar avatar = new Avatar(40);
    private final Label name = new Label();
    private final Label time = new Label();
    private final Label preview = new Label();
    private final Label badge = new Label();
    private final FontIcon keyChanged = new FontIcon(Material2MZ.WARNING);
    private final HBox root;
    private final javafx.beans.value.ChangeListener<Number> unreadListener =
            (obs, old, n) -> markUnread(n.intValue());
    private @Nullable ConversationItem current;

    ConversationCell() {
        getStyleClass().add("conversation-cell");
        name.getStyleClass().add("conversation-name");
        time.getStyleClass().add("conversation-time");
        preview.getStyleClass().add("conversation-preview");
        badge.getStyleClass().add("unread-badge");
        keyChanged.getStyleClass().add("key-changed-icon");
        Tooltip.install(keyChanged, new Tooltip("Safety number changed"));
        name.setMinWidth(0);
        preview.setMinWidth(0);
        time.setMinWidth(Region.USE_PREF_SIZE);
        badge.setMinWidth(Region.USE_PREF_SIZE);
        HBox top = new HBox(6, name, Controls.hGap(), time);
        top.setAlignment(Pos.BASELINE_LEFT);
        HBox bottom = new HBox(6, preview, Controls.hGap(), keyChanged, badge);
        bottom.setAlignment(Pos.CENTER_LEFT);
        VBox text = new VBox(3, top, bottom);
        text.setMinWidth(0);
        HBox.setHgrow(text, Priority.ALWAYS);
        root = new HBox(12, avatar, text);
        root.setAlignment(Pos.CENTER_LEFT);
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        setPrefWidth(0);
    }

    @Override
    protected void updateItem(ConversationItem item, boolean empty) {
        super.updateItem(item, empty);
        if (current != null) {
            current.unreadProperty().removeListener(unreadListener);
            current = null;
        }
        if (empty || item == null) {
            name.textProperty().unbind();
            time.textProperty().unbind();
            preview.textProperty().unbind();
            badge.textProperty().unbind();
            badge.visibleProperty().unbind();
            badge.managedProperty().unbind();
            keyChanged.visibleProperty().unbind();
            keyChanged.managedProperty().unbind();
            avatar.bindOnline(null);
            setGraphic(null);
            setId(null);
            return;
        }
        setId("conversation-" + item.peer());
        avatar.setName(item.titleProperty().get());
        avatar.bindOnline(item.onlineProperty());
        name.textProperty().bind(item.titleProperty());
        time.textProperty().bind(item.timeProperty());
        preview.textProperty().bind(item.previewProperty());
        badge.textProperty()
                .bind(
                        Bindings.createStringBinding(
                                () -> {
                                    int n = item.unreadProperty().get();
                                    return n > 99 ? "99+" : Integer.toString(n);
                                },
                                item.unreadProperty()));
        badge.visibleProperty().bind(item.unreadProperty().greaterThan(0));
        badge.managedProperty().bind(badge.visibleProperty());
        keyChanged.visibleProperty().bind(item.keyChangedProperty());
        keyChanged.managedProperty().bind(keyChanged.visibleProperty());
        current = item;
        item.unreadProperty().addListener(unreadListener);
        markUnread(item.unreadProperty().get());
        setGraphic(root);
    }

    private void markUnread(int count) {
        Controls.setStyleClass(time, "unread", count > 0);
    }
}
