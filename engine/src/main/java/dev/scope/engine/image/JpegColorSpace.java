package dev.scope.engine.image;

/**
 * How a JPEG's components are to be read, decided from its markers exactly as libjpeg (which PIL
 * uses) decides it in {@code default_decompress_parms}.
 */
enum JpegColorSpace {
    GRAY, YCBCR, RGB, CMYK, YCCK;

    /**
     * @param adobeTransform the Adobe APP14 marker's transform, or -1 when there is no such marker
     * @param componentIds the frame header's component identifiers, in order
     * @return null where libjpeg cannot decode the component count either
     */
    static JpegColorSpace of(boolean jfif, int adobeTransform, int[] componentIds) {
        boolean adobe = adobeTransform >= 0;
        switch (componentIds.length) {
            case 1:
                return GRAY;
            case 3:
                if (jfif) {
                    return YCBCR;
                }
                if (adobe) {
                    return adobeTransform == 0 ? RGB : YCBCR;
                }
                // no marker: component ids 'R', 'G', 'B' mean RGB, anything else is taken for YCbCr
                return componentIds[0] == 'R' && componentIds[1] == 'G' && componentIds[2] == 'B' ? RGB : YCBCR;
            case 4:
                return adobe && adobeTransform != 0 ? YCCK : CMYK;
            default:
                return null;
        }
    }
}
