package dev.scope.kernel.ext;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Jupyter display data: MIME type to content (a String, or for JSON types a Map or List), plus
 * per-type metadata such as {@code image/png → {width, height}}.
 */
public record MimeBundle(Map<String, Object> data, Map<String, Object> metadata) {

    public static final String TEXT = "text/plain";
    public static final String HTML = "text/html";
    public static final String PNG = "image/png";

    public MimeBundle {
        data = Map.copyOf(data);
        metadata = Map.copyOf(metadata);
    }

    public static MimeBundle text(String text) {
        return new MimeBundle(Map.of(TEXT, Objects.requireNonNull(text)), Map.of());
    }

    public static MimeBundle html(String html, String textFallback) {
        return text(textFallback).with(HTML, html);
    }

    /** A PNG shown at {@code width × height} CSS pixels, whatever its own pixel size. */
    public static MimeBundle png(byte[] png, int width, int height, String textFallback) {
        return text(textFallback)
                .with(PNG, Base64.getEncoder().encodeToString(png))
                .withMetadata(PNG, Map.of("width", width, "height", height));
    }

    public MimeBundle with(String mimeType, Object content) {
        Map<String, Object> copy = new LinkedHashMap<>(data);
        copy.put(mimeType, content);
        return new MimeBundle(copy, metadata);
    }

    public MimeBundle withMetadata(String mimeType, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(metadata);
        copy.put(mimeType, value);
        return new MimeBundle(data, copy);
    }

    public String textPlain() {
        Object text = data.get(TEXT);
        return text == null ? "" : text.toString();
    }
}
