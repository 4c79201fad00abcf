package dev.scope.kernel.ext.widgets;

import dev.scope.kernel.ext.Pictures;

import java.awt.image.BufferedImage;

/** A picture (PNG bytes by default); replacing the bytes redraws it in the front end. */
public final class Image extends DOMWidget<Image> {

    public Image() {
        super("ImageModel", "ImageView");
        init("value", new byte[0]);
        init("format", "png");
        init("width", "");
        init("height", "");
    }

    /** An image widget showing {@code png}. */
    public static Image png(byte[] png) {
        return new Image().value(png);
    }

    public byte[] value() {
        return ((byte[]) get("value")).clone();
    }

    public Image value(byte[] bytes) {
        set("value", bytes.clone());
        return this;
    }

    /** Shows {@code image}, encoded as PNG. */
    public Image picture(BufferedImage image) {
        set("format", "png");
        return value(Pictures.png(image));
    }

    /** The width the image is shown at, in CSS pixels ("" for its own). */
    public Image width(int cssPixels) {
        set("width", String.valueOf(cssPixels));
        return this;
    }

    public Image height(int cssPixels) {
        set("height", String.valueOf(cssPixels));
        return this;
    }

    @Override
    public String toString() {
        return "Image(" + ((byte[]) get("value")).length + " bytes of " + get("format") + ")";
    }
}
