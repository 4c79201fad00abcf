package dev.scope.kernel.wire;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Signs and checks messages as the Jupyter wire protocol says: an HMAC over header, parent header, metadata and
 * content, in hex. An empty key switches signing off (the signature is then empty and never checked).
 */
public final class Signer {

    private final Mac prototype;

    private Signer(Mac prototype) {
        this.prototype = prototype;
    }

    /** {@code scheme} as the connection file names it, e.g. hmac-sha256. */
    public static Signer of(String scheme, String key) {
        if (key.isEmpty()) {
            return new Signer(null);
        }
        String algorithm = switch (scheme.toLowerCase(Locale.ROOT)) {
            case "hmac-sha256" -> "HmacSHA256";
            case "hmac-sha512" -> "HmacSHA512";
            case "hmac-sha1" -> "HmacSHA1";
            case "hmac-md5" -> "HmacMD5";
            default -> throw new IllegalArgumentException("Unknown signature_scheme '" + scheme
                    + "' in the connection file; Jupyter uses hmac-sha256.");
        };
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return new Signer(mac);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This Java cannot compute " + algorithm + ": " + e.getMessage(), e);
        }
    }

    public String sign(byte[] header, byte[] parent, byte[] metadata, byte[] content) {
        if (prototype == null) {
            return "";
        }
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("The JDK's HMAC cannot be cloned.", e);
        }
        mac.update(header);
        mac.update(parent);
        mac.update(metadata);
        mac.update(content);
        return HexFormat.of().formatHex(mac.doFinal());
    }

    /** Whether {@code signature} is right for the parts; compared in constant time. */
    public boolean verify(byte[] signature, byte[] header, byte[] parent, byte[] metadata, byte[] content) {
        if (prototype == null) {
            return true;
        }
        byte[] expected = sign(header, parent, metadata, content).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature);
    }
}
