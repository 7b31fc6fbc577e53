package org.parley.fx.chat;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import org.parley.fx.common.Avatar;

/** The chat pane: header, key-change warning, messages, and the composer. */
public final class ChatView extends StackPane {
    private static final int COMPOSER_MAX_ROWS = 6;

    private final ChatViewModel model;
    private final MessageList messages = new MessageList();
    private final TextArea composer = new TextArea();

    /** @param contactPanelOpen toggled by the header's info button */
    public ChatView(ChatViewModel model, BooleanProperty contactPanelOpen) {
        this.model = model;
        getStyleClass().add("chat-pane");
        setId("chat-view");

        // ---- header
        Avatar avatar = new Avatar(38);
        Label title = new Label();
        title.setId("chat-title");
        title.getStyleClass().add("chat-title");
        title.textProperty().bind(model.titleProperty());
        Label presence = new Label();
        presence.setId("chat-presence");
        presence.getStyleClass().add("chat-presence");
        presence.textProperty().bind(Bindings.when(model.groupConversationProperty()).then("group")
                .otherwise(Bindings.when(model.peerOnlineProperty()).then("online").otherwise("offline")));
        model.peerOnlineProperty().addListener((obs, was, online) -> {
            presence.getStyleClass().remove("online");
            if (online) {
                presence.getStyleClass().add("online");
            }
        });
        avatar.bindOnline(model.peerOnlineProperty());
        model.titleProperty().addListener((obs, old, name) -> avatar.setName(name));
        VBox titles = new VBox(1, title, presence);
        titles.setAlignment(Pos.CENTER_LEFT);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        ToggleButton info = new ToggleButton(null, new FontIcon(Material2AL.INFO));
        info.setId("contact-info-toggle");
        info.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        info.setTooltip(new Tooltip("Contact info and safety number"));
        info.selectedProperty().bindBidirectional(contactPanelOpen);
        HBox header = new HBox(12, avatar, titles, gap, info);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("chat-header");

        Label keyWarningText = new Label();
        keyWarningText.setWrapText(true);
        keyWarningText.textProperty().bind(model.keyWarningProperty());
        HBox.setHgrow(keyWarningText, Priority.ALWAYS);
        keyWarningText.setMaxWidth(Double.MAX_VALUE);
        Button review = new Button("Review");
        review.setId("review-key-change");
        review.getStyleClass().add(Styles.SMALL);
        review.setOnAction(e -> contactPanelOpen.set(true));
        review.setMinWidth(Region.USE_PREF_SIZE);
        HBox keyWarning = new HBox(10, new FontIcon(Material2MZ.WARNING), keyWarningText, review);
        keyWarning.setId("key-warning");
        keyWarning.getStyleClass().add("key-warning");
        keyWarning.setAlignment(Pos.CENTER_LEFT);
        showWhen(keyWarning, Bindings.isNotEmpty(model.keyWarningProperty()));
        VBox top = new VBox(header, keyWarning);

        // ---- messages
        messages.setId("message-list");
        messages.getStyleClass().add("message-list");
        messages.setItems(model.rows());
        messages.setCellFactory(v -> new MessageCell(messages.widthProperty()));
        messages.setFocusTraversable(false);
        Label noMessages = new Label("No messages yet. Say hello!");
        noMessages.getStyleClass().add("empty-state");
        Label loading = new Label("Loading…");
        loading.getStyleClass().add("empty-state");
        StackPane placeholder = new StackPane(noMessages, loading);
        showWhen(loading, model.loadingProperty());
        showWhen(noMessages, model.loadingProperty().not());
        messages.setPlaceholder(placeholder);
        model.rows().addListener((ListChangeListener<ChatRow>) c -> messages.pinToEnd());

        // ---- composer
        composer.setId("composer");
        composer.getStyleClass().add("composer");
        composer.setPromptText("Write a message… (Enter sends, Shift+Enter for a new line)");
        composer.setWrapText(true);
        composer.setPrefRowCount(1);
        composer.textProperty().bindBidirectional(model.draftProperty());
        composer.textProperty().addListener((obs, old, now) -> fitComposer());
        composer.addEventFilter(KeyEvent.KEY_PRESSED, this::composerKey);
        HBox.setHgrow(composer, Priority.ALWAYS);
        composer.disableProperty().bind(model.sendingBlockedProperty());

        Button send = new Button(null, new FontIcon(Material2MZ.SEND));
        send.setId("send");
        send.getStyleClass().addAll(Styles.BUTTON_CIRCLE, Styles.ACCENT);
        send.setTooltip(new Tooltip("Send (Enter)"));
        send.disableProperty().bind(model.canSendProperty().not());
        send.setOnAction(e -> sendNow());
        HBox composerRow = new HBox(10, composer, send);
        composerRow.setAlignment(Pos.BOTTOM_LEFT);

        Label counter = new Label();
        counter.setId("char-counter");
        counter.getStyleClass().add("char-counter");
        counter.textProperty().bind(model.counterTextProperty());
        showWhen(counter, model.counterVisibleProperty());
        model.overLimitProperty().addListener((obs, was, over) -> {
            counter.getStyleClass().remove("over");
            if (over) {
                counter.getStyleClass().add("over");
            }
        });
        Label sendError = new Label();
        sendError.setId("send-error");
        sendError.getStyleClass().add("send-error");
        sendError.setWrapText(true);
        sendError.setGraphic(new FontIcon(Material2AL.ERROR_OUTLINE));
        sendError.textProperty().bind(model.sendErrorProperty());
        showWhen(sendError, Bindings.isNotEmpty(model.sendErrorProperty()));
        HBox status = new HBox(10, sendError, new Region(), counter);
        HBox.setHgrow(status.getChildren().get(1), Priority.ALWAYS);
        status.setPadding(new Insets(0, 50, 0, 4));
        showWhen(status, Bindings.or(model.counterVisibleProperty(), Bindings.isNotEmpty(model.sendErrorProperty())));
        VBox composerBar = new VBox(6, status, composerRow);
        composerBar.getStyleClass().add("composer-bar");

        BorderPane chat = new BorderPane(messages, top, null, composerBar, null);
        chat.getStyleClass().add("chat-content");

        // ---- nothing open
        FontIcon emptyIcon = new FontIcon(Material2AL.FORUM);
        emptyIcon.getStyleClass().add("empty-state-icon");
        Label emptyTitle = new Label("Your messages");
        emptyTitle.getStyleClass().add(Styles.TITLE_3);
        Label emptyText = new Label("Pick a conversation on the left, or start a new one with the + button.\n"
                + "Messages are end-to-end encrypted: only you and the person you talk to can read them.");
        emptyText.getStyleClass().add("empty-state");
        emptyText.setWrapText(true);
        emptyText.setMaxWidth(420);
        VBox empty = new VBox(10, emptyIcon, emptyTitle, emptyText);
        empty.setId("chat-empty");
        empty.setAlignment(Pos.CENTER);

        showWhen(chat, model.peerProperty().isNotNull());
        showWhen(empty, model.peerProperty().isNull());
        getChildren().addAll(empty, chat);
        model.peerProperty().addListener((obs, old, peer) -> {
            if (peer != null) {
                composer.requestFocus();
            }
        });
    }

    private void composerKey(KeyEvent e) {
        if (e.getCode() != KeyCode.ENTER) {
            return;
        }
        e.consume();
        if (e.isShiftDown() || e.isAltDown() || e.isControlDown()) {
            composer.replaceSelection("\n");
        } else {
            sendNow();
        }
    }

    private void sendNow() {
        model.send();
        composer.requestFocus();
    }

    private void fitComposer() {
        String text = composer.getText() == null ? "" : composer.getText();
        int lines = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines++;
            }
        }
        // a rough allowance for wrapped lines
        lines += text.length() / 90;
        composer.setPrefRowCount(Math.max(1, Math.min(COMPOSER_MAX_ROWS, lines)));
    }

    /** The message list; after new rows it shows the last one whole, once the cells are laid out. */
    private static final class MessageList extends ListView<ChatRow> {
        /** Layout passes left in which to bring the last row into view (cells settle their height over a few). */
        private int pinPasses;

        MessageList() {
            // Narrower means taller bubbles: stay at the end if the end was showing.
            widthProperty().addListener((obs, old, now) -> {
                if (showsLastRow()) {
                    pinToEnd();
                }
            });
        }

        void pinToEnd() {
            pinPasses = 3;
            requestLayout();
        }

        private boolean showsLastRow() {
            if (getItems().isEmpty() || !(lookup(".virtual-flow") instanceof VirtualFlow<?> flow)) {
                return false;
            }
            var last = flow.getLastVisibleCell();
            return last != null && last.getIndex() >= getItems().size() - 1;
        }

        @Override
        protected void layoutChildren() {
            super.layoutChildren();
            if (pinPasses > 0 && !getItems().isEmpty() && lookup(".virtual-flow") instanceof VirtualFlow<?> flow) {
                pinPasses--;
                // Asking for the last row at the top overshoots, and the flow stops at its very end.
                flow.scrollToTop(getItems().size() - 1);
                if (pinPasses > 0) {
                    requestLayout();
                }
            }
        }
    }

    public ChatViewModel model() {
        return model;
    }

    private static void showWhen(Node node, javafx.beans.value.ObservableBooleanValue condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(condition);
    }
}
