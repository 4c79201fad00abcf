package dev.scope.magics;

import dev.scope.engine.image.ImageDecoder;
import dev.scope.engine.image.ImageReadException;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code <image>} of {@code %scope forward}: a session variable holding a BufferedImage, {@code black} (the
 * model card's all-black test image, at the model's input size), an http(s) URL, or a file path.
 */
record ImageInput(String name, BufferedImage image) {

    static final String BLACK = "black";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    static ImageInput resolve(String arg, MagicContext context, int imageSize) throws IOException {
        Optional<Object> variable = context.variable(arg);
        if (variable.isPresent()) {
            if (variable.get() instanceof BufferedImage image) {
                return new ImageInput(arg, image);
            }
            throw new MagicException("The variable " + arg + " holds a " + variable.get().getClass().getSimpleName()
                    + ", not a BufferedImage; pass a BufferedImage variable, a path, an http(s) URL or black.");
        }
        if (arg.equals(BLACK)) {
            return new ImageInput(BLACK, black(imageSize));
        }
        if (arg.startsWith("http://") || arg.startsWith("https://")) {
            return new ImageInput(arg, fetch(arg));
        }
        Path path = Path.of(arg);
        try {
            return new ImageInput(path.getFileName() == null ? arg : path.getFileName().toString(), ImageDecoder.read(path));
        } catch (ImageReadException e) {
            throw new MagicException(EngineCalls.oneLine(e.getMessage(), e)
                    .replace("; check the path.", "; check the path, or pass black, an http(s) URL or a BufferedImage variable."), e);
        }
    }

    static BufferedImage black(int size) {
        return new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    }

    static BufferedImage fetch(String url) throws ImageReadException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new MagicException("'" + url + "' is not a valid URL (" + e.getReason() + "); check the address.");
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new MagicException("Could not fetch " + url + " (" + describe(e) + "); check the address and the"
                    + " network, or download the image and pass its path.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MagicException("Interrupted while fetching " + url + ".", e);
        } catch (IllegalArgumentException e) {
            throw new MagicException("'" + url + "' is not a URL that can be fetched (" + e.getMessage() + ").");
        }
        if (response.statusCode() != 200) {
            throw new MagicException("Fetching " + url + " gave HTTP " + response.statusCode()
                    + "; check the address, or download the image and pass its path.");
        }
        return ImageDecoder.read(response.body(), url);
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : kind + ": " + EngineCalls.oneLine(message, e);
    }
}
