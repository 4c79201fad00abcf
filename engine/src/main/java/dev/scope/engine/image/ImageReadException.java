package dev.scope.engine.image;

import java.io.IOException;

/** An image file or image bytes that cannot be decoded; the message names the input and what to do. */
public class ImageReadException extends IOException {
    public ImageReadException(String message) {
        super(message);
    }

    public ImageReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
