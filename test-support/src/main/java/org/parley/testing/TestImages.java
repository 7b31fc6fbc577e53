package org.parley.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Images for tests that send pictures. */
public final class TestImages {
    private TestImages() {}

    /**
     * Writes {@code file}: a {@code width} x {@code height} PNG of a gradient, red growing to the
     * right, green downwards, the same {@code blue} everywhere.
     */
    public static Path writeGradientPng(Path file, int width, int height, int blue)
            throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | blue);
            }
        }
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
