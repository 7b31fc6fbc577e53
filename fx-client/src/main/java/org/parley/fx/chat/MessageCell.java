package org.parley.fx.chat;

import static org.parley.fx.common.Controls.setShown;
import static org.parley.fx.common.Controls.setStyleClass;

import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableDoubleValue;
import javafx.geometry.Pos;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.jspecify.annotations.Nullable;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;

/** A chat row: a day separator, or a message bubble (own on the right, theirs on the left). */
final class MessageCell extends ListCell<ChatRow> {
    private final Label separator = new Label();
    private final HBox separatorRow = new HBox(separator);

    private final Label sender = new Label();
    private final Label text = new Label();
    private final Label time = new Label();
    private final FontIcon stateIcon = new FontIcon();
    private final Tooltip stateTip = new Tooltip();
    private final VBox bubble;
    private final HBox messageRow;
    private final ChangeListener<DeliveryState> stateListener = (obs, old, now) -> showState(now);
    private @Nullable MessageItem current;
    private final org.parley.fx.files.FileCardPane fileCard;

    MessageCell(ObservableDoubleValue listWidth) {
        this(listWidth, card -> {}, card -> {});
    }

    MessageCell(
            ObservableDoubleValue listWidth,
            java.util.function.Consumer<org.parley.fx.files.FileCard> onSave,
            java.util.function.Consumer<org.parley.fx.files.FileCard> onOpen) {
        fileCard = new org.parley.fx.files.FileCardPane(onSave, onOpen);
        getStyleClass().add("message-cell");
        separator.getStyleClass().add("day-separator");
        separatorRow.setAlignment(Pos.CENTER);
        separatorRow.getStyleClass().add("day-separator-row");

        sender.getStyleClass().add("message-sender");
        text.getStyleClass().add("message-text");
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        time.getStyleClass().add("message-time");
        stateIcon.getStyleClass().add("message-state");
        Tooltip.install(stateIcon, stateTip);
        HBox meta = new HBox(4, time, stateIcon);
        meta.setAlignment(Pos.CENTER_RIGHT);
        bubble = new VBox(sender, fileCard, text, meta);
        bubble.getStyleClass().add("message-bubble");
        bubble.setMaxWidth(Region.USE_PREF_SIZE);
        bubble.setMinHeight(Region.USE_PREF_SIZE);
        // Long messages wrap at about two thirds of the chat's width.
        text.maxWidthProperty()
                .bind(
                        javafx.beans.binding.Bindings.createDoubleBinding(
                                () -> Math.max(120, listWidth.get() * 0.66 - 60), listWidth));
        MenuItem copy = new MenuItem("Copy text");
        copy.setOnAction(
                e -> {
                    if (current != null) {
                        ClipboardContent content = new ClipboardContent();
                        content.putString(current.text());
                        Clipboard.getSystemClipboard().setContent(content);
                    }
                });
        bubble.setOnContextMenuRequested(
                e -> {
                    if (current != null) {
                        new ContextMenu(copy).show(bubble, e.getScreenX(), e.getScreenY());
                        e.consume();
                    }
                });
        messageRow = new HBox(bubble);
        messageRow.getStyleClass().add("message-row");
        HBox.setHgrow(bubble, Priority.NEVER);

        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        setPrefWidth(0);
    }

    @Override
    protected void updateItem(ChatRow row, boolean empty) {
        super.updateItem(row, empty);
        if (current != null) {
            current.stateProperty().removeListener(stateListener);
            current = null;
        }
        if (empty || row == null) {
            setGraphic(null);
            return;
        }
        separator.getStyleClass().remove("system-line");
        if (row instanceof DaySeparator day) {
            separator.setText(day.label());
            setGraphic(separatorRow);
            return;
        }
        if (row instanceof SystemLine line) {
            separator.setText(line.text());
            separator.getStyleClass().add("system-line");
            setGraphic(separatorRow);
            return;
        }
        MessageItem item = (MessageItem) row;
        current = item;
        bubble.getStyleClass().removeAll("incoming", "outgoing", "first-of-group");
        bubble.getStyleClass().add(item.outgoing() ? "outgoing" : "incoming");
        setStyleClass(bubble, "first-of-group", item.firstOfGroup());
        setStyleClass(messageRow, "first-of-group", item.firstOfGroup());
        messageRow.setAlignment(item.outgoing() ? Pos.CENTER_RIGHT : Pos.CENTER_LEFT);
        sender.setText(item.senderLabel());
        setShown(sender, item.firstOfGroup());
        text.setText(item.text());
        org.parley.fx.files.FileCard card = item.fileCard();
        boolean isFile = card != null;
        if (card != null) {
            fileCard.show(card);
        }
        setShown(fileCard, isFile);
        setShown(text, !isFile);
        time.setText(item.time());
        setShown(stateIcon, item.outgoing());
        showState(item.state());
        item.stateProperty().addListener(stateListener);
        setGraphic(messageRow);
    }

    private void showState(DeliveryState state) {
        stateIcon.getStyleClass().removeAll("sending", "sent", "delivered", "failed");
        stateIcon.getStyleClass().add(state.name().toLowerCase(java.util.Locale.ROOT));
        stateIcon.setIconCode(
                switch (state) {
                    case SENDING -> Material2AL.ACCESS_TIME;
                    case SENT -> Material2AL.DONE;
                    case DELIVERED -> Material2AL.DONE_ALL;
                    case FAILED, RECEIVED -> Material2AL.ERROR_OUTLINE;
                });
        stateTip.setText(state.description());
        // for tests and screen readers
        stateIcon.setAccessibleText(state.description());
        stateIcon.setUserData(state);
    }
}
