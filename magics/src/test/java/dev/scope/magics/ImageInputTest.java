package dev.scope.magics;

import com.sun.net.httpserver.HttpServer;
import dev.scope.engine.Fixtures;
import dev.scope.engine.image.ImageReadException;
import dev.scope.engine.image.ImageSource;
import dev.scope.kernel.ext.MagicContext;
import dev.scope.kernel.ext.MagicException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** The {@code <image>} of {@code %scope forward}: a variable, or an engine image source (black, a URL, a path). */
class ImageInputTest {

    static HttpServer server;
    static String base;

    @BeforeAll
    static void serve() throws IOException {
        byte[] png = Files.readAllBytes(Fixtures.image("gradient"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            boolean found = exchange.getRequestURI().getPath().equals("/gradient.png");
            byte[] body = found ? png : "no such image".getBytes();
            exchange.sendResponseHeaders(found ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    static MagicContext variables(Map<String, Object> values) {
        return name -> Optional.ofNullable(values.get(name));
    }

    @Test
    void blackIsTheModelCardsAllBlackImage() throws IOException {
        ImageSource black = ForwardCommand.source("black", variables(Map.of()));
        assertEquals(ImageSource.black(), black);
        BufferedImage image = black.read();
        assertEquals(224, image.getWidth());
        assertEquals(0, image.getRGB(100, 100) & 0xFFFFFF);
    }

    @Test
    void aVariableHoldingABufferedImageIsUsedAsItIs() throws IOException {
        BufferedImage mine = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        ImageSource source = ForwardCommand.source("img", variables(Map.of("img", mine)));
        assertSame(mine, source.read());
        assertEquals("img", source.name());
        assertEquals("The variable img holds a String, not a BufferedImage; pass a BufferedImage variable, a file path,"
                + " an http(s) URL or black (the model card's all-black image).", assertThrows(MagicException.class,
                () -> ForwardCommand.source("img", variables(Map.of("img", "cat.png")))).getMessage());
    }

    @Test
    void aUrlIsFetchedByTheEngineAndItsErrorsAreOneLine() throws IOException {
        ImageSource url = ForwardCommand.source(base + "/gradient.png", variables(Map.of()));
        assertEquals(333, url.read().getWidth());
        ImageSource missing = ForwardCommand.source(base + "/missing.png", variables(Map.of()));
        assertEquals("Fetching " + base + "/missing.png gave HTTP 404; check the address, or download the image and"
                + " pass its path.", assertThrows(ImageReadException.class, missing::read).getMessage());
    }

    @Test
    void aPathIsDecodedAndAMissingOneSaysSo() throws IOException {
        ImageSource chelsea = ForwardCommand.source(Fixtures.image("chelsea").toString(), variables(Map.of()));
        assertEquals("chelsea.png", chelsea.name());
        String missing = Fixtures.images().resolve("nope.png").toString();
        assertEquals("The file " + missing + " does not exist; check the path.", assertThrows(ImageReadException.class,
                () -> ForwardCommand.source(missing, variables(Map.of())).read()).getMessage());
    }
}
