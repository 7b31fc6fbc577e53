package org.parley.fx.chat;

import static org.parley.fx.common.Controls.boundLabel;
import static org.parley.fx.common.Controls.flatIcon;
import static org.parley.fx.common.Controls.hGap;
import static org.parley.fx.common.Controls.messageLabel;
import static org.parley.fx.common.Controls.showWhen;
import static org.parley.fx.common.Controls.styleClassWhen;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.jspecify.annotations.Nullable;
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

    /**
     * @param contactPanelOpen toggled by the header's info button
     */
    public ChatView(ChatViewModel model, BooleanProperty contactPanelOpen) {
        this.model = model;
        getStyleClass().add("chat-pane");
        setId("chat-view");

        // ---- header
        Avatar avatar = new Avatar(38);
        Label title = boundLabel("chat-title", "chat-title", model.titleProperty());
        Label presence =
                boundLabel(
                        "chat-presence",
                        "chat-presence",
                        Bindings.when(model.groupConversationProperty())
                                .then("group")
                                .otherwise(
                                        Bindings.when(model.peerOnlineProperty())
                                                .then("online")
                                                .otherwise("offline")));
        styleClassWhen(presence, "online", model.peerOnlineProperty());
        avatar.bindOnline(model.peerOnlineProperty());
        model.titleProperty().addListener((obs, old, name) -> avatar.setName(name));
        VBox titles = new VBox(1, title, presence);
        titles.setAlignment(Pos.CENTER_LEFT);
        ToggleButton info =
                flatIcon(
                        new ToggleButton(null, new FontIcon(Material2AL.INFO)),
                        "contact-info-toggle",
                        "Contact info and safety number");
        info.selectedProperty().bindBidirectional(contactPanelOpen);
        HBox header = new HBox(12, avatar, titles, hGap(), info);
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
        messages.setCellFactory(
                v ->
                        new MessageCell(
                                messages.widthProperty(),
                                this::saveFile,
                                card ->
                                        org.parley.fx.files.ImageViewer.open(
                                                getScene().getWindow(), card)));
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
        Button attach = new Button(null, new FontIcon(Material2AL.ATTACH_FILE));
        attach.setId("attach");
        attach.getStyleClass().addAll(Styles.BUTTON_CIRCLE, Styles.FLAT);
        attach.setTooltip(new Tooltip("Send a file (or drop it here), up to 100 MiB"));
        attach.disableProperty().bind(model.sendingBlockedProperty());
        attach.setOnAction(
                e -> {
                    java.util.List<java.io.File> chosen = openDialog.apply(getScene().getWindow());
                    if (chosen != null) {
                        chosen.forEach(f -> model.attach(f.toPath()));
                    }
                });
        HBox composerRow = new HBox(10, attach, composer, send);
        composerRow.setAlignment(Pos.BOTTOM_LEFT);

        Label counter = boundLabel("char-counter", "char-counter", model.counterTextProperty());
        showWhen(counter, model.counterVisibleProperty());
        styleClassWhen(counter, "over", model.overLimitProperty());
        Label sendError = messageLabel("send-error", model.sendErrorProperty(), "send-error");
        sendError.setGraphic(new FontIcon(Material2AL.ERROR_OUTLINE));
        HBox status = new HBox(10, sendError, hGap(), counter);
        status.setPadding(new Insets(0, 50, 0, 4));
        showWhen(
                status,
                Bindings.or(
                        model.counterVisibleProperty(),
                        Bindings.isNotEmpty(model.sendErrorProperty())));
        javafx.scene.control.ListView<org.parley.fx.files.Upload> uploads =
                new javafx.scene.control.ListView<>(model.uploads());
        uploads.setId("uploads");
        uploads.getStyleClass().add("uploads");
        uploads.setFocusTraversable(false);
        uploads.setCellFactory(v -> new UploadCell());
        uploads.prefHeightProperty().bind(Bindings.size(model.uploads()).multiply(40).add(2));
        showWhen(uploads, Bindings.isNotEmpty(model.uploads()));
        VBox composerBar = new VBox(6, uploads, status, composerRow);
        composerBar.getStyleClass().add("composer-bar");

        BorderPane chat = new BorderPane(messages, top, null, composerBar, null);
        chat.getStyleClass().add("chat-content");
        chat.setOnDragOver(
                e -> {
                    if (e.getDragboard().hasFiles() && !model.sendingBlockedProperty().get()) {
                        e.acceptTransferModes(javafx.scene.input.TransferMode.COPY);
                    }
                    e.consume();
                });
        chat.setOnDragDropped(
                e -> {
                    boolean done = e.getDragboard().hasFiles();
                    if (done) {
                        e.getDragboard().getFiles().forEach(f -> model.attach(f.toPath()));
                    }
                    e.setDropCompleted(done);
                    e.consume();
                });

        // ---- nothing open
        FontIcon emptyIcon = new FontIcon(Material2AL.FORUM);
        emptyIcon.getStyleClass().add("empty-state-icon");
        Label emptyTitle = new Label("Your messages");
        emptyTitle.getStyleClass().add(Styles.TITLE_3);
        Label emptyText =
                new Label(
                        "Pick a conversation on the left, or start a new one with the + button.\n"
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
        model.peerProperty()
                .addListener(
                        (obs, old, peer) -> {
                            if (peer != null) {
                                composer.requestFocus();
                            }
                        });
    }

    /** The native file dialogs; tests replace them (a headless toolkit has none). */
    private java.util.function.Function<javafx.stage.Window, java.util.List<java.io.File>>
            openDialog =
                    owner -> {
                        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
                        chooser.setTitle("Send files");
                        return chooser.showOpenMultipleDialog(owner);
                    };

    private java.util.function.BiFunction<javafx.stage.Window, String, java.io.File> saveDialog =
            (owner, name) -> {
                javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
                chooser.setTitle("Save a copy");
                chooser.setInitialFileName(name);
                return chooser.showSaveDialog(owner);
            };

    public void setFileDialogs(
            java.util.function.Function<javafx.stage.Window, java.util.List<java.io.File>> open,
            java.util.function.BiFunction<javafx.stage.Window, String, java.io.File> save) {
        this.openDialog = open;
        this.saveDialog = save;
    }

    private void saveFile(org.parley.fx.files.FileCard card) {
        java.io.File target = saveDialog.apply(getScene().getWindow(), card.name());
        if (target != null) {
            model.save(card, target.toPath());
        }
    }

    /** A file being sent: name, progress bar, cancel. */
    private static final class UploadCell
            extends javafx.scene.control.ListCell<org.parley.fx.files.Upload> {
        private final Label name = new Label();
        private final javafx.scene.control.ProgressBar bar = new javafx.scene.control.ProgressBar();
        private final Label percent = new Label();
        private final Button cancel = new Button(null, new FontIcon(Material2AL.CLOSE));
        private org.parley.fx.files.@Nullable Upload current;
        private final HBox row;

        UploadCell() {
            bar.setId("upload-progress");
            bar.setPrefWidth(220);
            flatIcon(cancel, "upload-cancel", "Cancel");
            cancel.setOnAction(
                    e -> {
                        if (current != null) {
                            current.cancel();
                        }
                    });
            row =
                    new HBox(
                            10,
                            new FontIcon(Material2AL.ATTACH_FILE),
                            name,
                            hGap(),
                            bar,
                            percent,
                            cancel);
            row.setAlignment(Pos.CENTER_LEFT);
            setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
        }

        @Override
        protected void updateItem(org.parley.fx.files.Upload item, boolean empty) {
            super.updateItem(item, empty);
            bar.progressProperty().unbind();
            percent.textProperty().unbind();
            current = empty ? null : item;
            if (current == null) {
                setGraphic(null);
                return;
            }
            name.setText(item.name());
            cancel.setVisible(item.cancellable());
            bar.progressProperty().bind(item.progressProperty());
            percent.textProperty().bind(item.statusProperty());
            setGraphic(row);
        }
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

    /**
     * The message list; after new rows it shows the last one whole, once the cells are laid out.
     */
    private static final class MessageList extends ListView<ChatRow> {
        /**
         * Layout passes left in which to bring the last row into view (cells settle their height
         * over a few).
         */
        private int pinPasses;

        MessageList() {
            // Narrower means taller bubbles: stay at the end if the end was showing.
            widthProperty()
                    .addListener(
                            (obs, old, now) -> {
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
            if (pinPasses > 0
                    && !getItems().isEmpty()
                    && lookup(".virtual-flow") instanceof VirtualFlow<?> flow) {
                pinPasses--;
                // Asking for the last row at the top overshoots, and the flow stops at its very
                // end.
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
}
