package org.parley.fx.chat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.jspecify.annotations.Nullable;
import org.parley.client.FileTransfer;
import org.parley.client.Session;
import org.parley.client.StoredMessage;
import org.parley.client.exceptions.SendFailedException;
import org.parley.client.exceptions.TransferCancelledException;
import org.parley.client.files.FileAttachment;
import org.parley.client.files.FileMessages;
import org.parley.fx.common.Async;
import org.parley.fx.common.ErrorMessages;
import org.parley.fx.files.FileCard;
import org.parley.fx.files.Upload;

/**
 * The chat's file work, for {@link ChatViewModel}: uploads with progress and cancel (client-core
 * does the work on its own threads; progress comes back through the UI bridge, at most once per
 * percent), saving a copy in the background, and turning stored file messages into cards.
 */
final class ChatFiles {
    private final Session session;
    private final Async async;
    private final ObservableList<Upload> uploads = FXCollections.observableArrayList();
    private final ObservableList<Upload> readOnlyUploads =
            FXCollections.unmodifiableObservableList(uploads);

    /** Files being received, by envelope id; UI thread only. */
    private final java.util.Map<String, Upload> downloads = new java.util.HashMap<>();

    ChatFiles(Session session, Async async) {
        this.session = session;
        this.async = async;
    }

    ObservableList<Upload> uploads() {
        return readOnlyUploads;
    }

    static @Nullable FileCard card(StoredMessage m) {
        return FileMessages.attachment(m).map(ChatFiles::cardOf).orElse(null);
    }

    static FileCard cardOf(FileAttachment a) {
        return new FileCard(
                a.name(),
                a.size(),
                FileAttachment.humanSize(a.size()),
                a.mime(),
                a.thumbnail(),
                a.localPath());
    }

    void attach(String to, Path file, Consumer<String> error) {
        // sendFile returns at once, but it looks at the file: keep even that off the UI thread.
        async.supply(
                () -> session.sendFile(to, file),
                transfer -> track(transfer, error),
                e -> error.accept(ErrorMessages.of(e)));
    }

    private void track(FileTransfer transfer, Consumer<String> error) {
        Upload upload = new Upload(transfer.name(), transfer::cancel);
        uploads.add(upload);
        int[] lastPercent = {-1};
        transfer.onProgress(
                f -> {
                    int percent = (int) (f * 100);
                    synchronized (lastPercent) {
                        if (percent == lastPercent[0]) {
                            return;
                        }
                        lastPercent[0] = percent;
                    }
                    async.onUi(() -> upload.update(f, percent + " %"));
                });
        async.await(
                transfer.result(),
                sent -> uploads.remove(upload),
                e -> {
                    uploads.remove(upload);
                    if (!(SendFailedException.reasonOf(e) instanceof TransferCancelledException)) {
                        error.accept(ErrorMessages.of(e));
                    }
                });
    }

    /**
     * A file being received (UI thread): one row per envelope id, "Receiving from bob", until the
     * message is shown ({@link #received}) or the stream ends. client-core reports every 256 KiB.
     */
    void downloadProgress(String id, String from, long done, long total) {
        if (total <= 0 || done >= total) {
            Upload finished = downloads.remove(id);
            if (finished != null) {
                uploads.remove(finished);
            }
            return;
        }
        Upload download =
                downloads.computeIfAbsent(
                        id,
                        k -> {
                            Upload d = new Upload("Receiving from " + from, null);
                            uploads.add(d);
                            return d;
                        });
        double fraction = (double) done / total;
        download.update(fraction, (int) (fraction * 100) + " %");
    }

    /** A message was shown (UI thread): its download row, if any, goes. */
    void received(String id) {
        Upload finished = downloads.remove(id);
        if (finished != null) {
            uploads.remove(finished);
        }
    }

    void save(FileCard card, Path target, Consumer<String> error) {
        async.run(
                () -> {
                    try {
                        Path tmp =
                                target.resolveSibling("." + target.getFileName() + ".parley-part");
                        Files.copy(Path.of(card.path()), tmp, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                    } catch (IOException e) {
                        throw new org.parley.client.exceptions.InvalidInputException(
                                "Saving " + card.name() + " failed: " + e.getMessage());
                    }
                },
                e -> error.accept(ErrorMessages.of(e)));
    }
}
