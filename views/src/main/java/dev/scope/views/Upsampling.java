package dev.scope.views;

/** How a patch grid is stretched over the image. */
public enum Upsampling {
    /** Each patch a flat square: exactly what the model saw, token by token. */
    NEAREST,
    /** Smooth between patch centres: easier on the eye, blurs patch borders. */
    BILINEAR
}
