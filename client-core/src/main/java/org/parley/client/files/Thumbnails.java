package org.parley.client.files;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Small JPEG previews of images (ImageIO, no JavaFX), at most {@value #MAX_EDGE} pixels on the long
 * edge. Images whose pixel count would need too much memory to decode are skipped, so a hostile
 * image cannot exhaust the heap; a preview is best effort and never fails a send.
 */
public final class Thumbnails {

    public static final int MAX_EDGE = 320;
    private static final long MAX_PIXELS = 40_000_000L;

    private Thumbnails() {}

    /** The media type from the file name's extension (or the content, where the JDK can tell). */
    public static String mimeOf(Path file) {
        String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        int dot = n.lastIndexOf('.');
        String ext = dot < 0 ? "" : n.substring(dot + 1);
        return switch (ext) {
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "bmp" -> "image/bmp";
            case "webp" -> "image/webp";
            case "txt" -> "text/plain";
            case "pdf" -> "application/pdf";
            case "zip" -> "application/zip";
            default -> {
                try {
                    String probed = Files.probeContentType(file);
                    yield FileDescriptor.safeMime(probed);
                } catch (IOException | RuntimeException e) {
                    yield "application/octet-stream";
                }
            }
        };
    }

    /** A JPEG preview of an image file, or empty if it is not an image ImageIO can read. */
    public static Optional<byte[]> of(Path file) {
        try (InputStream in = Files.newInputStream(file);
                ImageInputStream iis = ImageIO.createImageInputStream(in)) {
            if (iis == null) {
                return Optional.empty();
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(iis, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w <= 0 || h <= 0 || w * h > MAX_PIXELS) {
                    return Optional.empty();
                }
                var param = reader.getDefaultReadParam();
                int sub = (int) Math.max(1, Math.max(w, h) / (MAX_EDGE * 2));
                param.setSourceSubsampling(sub, sub, 0, 0);
                BufferedImage img = reader.read(0, param);
                return Optional.of(scale(img));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException | LinkageError | OutOfMemoryError e) {
            // best effort: a runtime without java.desktop, or an image too big to decode, sends no
            // preview
            return Optional.empty();
        }
    }

    private static byte[] scale(BufferedImage img) throws IOException {
        double f = Math.min(1.0, (double) MAX_EDGE / Math.max(img.getWidth(), img.getHeight()));
        int w = Math.max(1, (int) Math.round(img.getWidth() * f));
        int h = Math.max(1, (int) Math.round(img.getHeight() * f));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(
                    RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.drawImage(img, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(out, "jpg", bytes);
        byte[] jpeg = bytes.toByteArray();
        if (jpeg.length > FileDescriptor.MAX_THUMBNAIL_BYTES) {
            throw new IOException("thumbnail too large");
        }
        return jpeg;
    }
}
