package dev.scope.magics;

import com.sun.net.httpserver.HttpServer;
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
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

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
    void blackIsAnAllBlackImageOfTheModelsInputSize() throws IOException {
        ImageInput input = ImageInput.resolve("black", variables(Map.of()), 224);
        assertEquals("black", input.name());
        assertEquals(224, input.image().getWidth());
        assertEquals(224, input.image().getHeight());
        for (int y = 0; y < 224; y += 7) {
            for (int x = 0; x < 224; x += 7) {
                assertEquals(0, input.image().getRGB(x, y) & 0xFFFFFF);
            }
        }
        assertEquals(32, ImageInput.resolve("black", variables(Map.of()), 32).image().getWidth());
    }

    @Test
    void aVariableHoldingABufferedImageIsUsedAsItIs() throws IOException {
        BufferedImage mine = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        ImageInput input = ImageInput.resolve("img", variables(Map.of("img", mine)), 224);
        assertSame(mine, input.image());
        assertEquals("The variable img holds a String, not a BufferedImage; pass a BufferedImage variable, a path,"
                + " an http(s) URL or black.", assertThrows(MagicException.class,
                () -> ImageInput.resolve("img", variables(Map.of("img", "cat.png")), 224)).getMessage());
    }

    @Test
    void aUrlIsFetched() throws IOException {
        ImageInput input = ImageInput.resolve(base + "/gradient.png", variables(Map.of()), 224);
        assertEquals(333, input.image().getWidth());
        assertEquals(187, input.image().getHeight());
    }

    @Test
    void httpErrorsAndNetworkFailuresAreOneLine() throws IOException {
        MagicException notFound = assertThrows(MagicException.class,
                () -> ImageInput.resolve(base + "/missing.png", variables(Map.of()), 224));
        assertEquals("Fetching " + base + "/missing.png gave HTTP 404; check the address, or download the image and"
                + " pass its path.", notFound.getMessage());
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/x.png";
        MagicException refused = assertThrows(MagicException.class, () -> ImageInput.resolve(url, variables(Map.of()), 224));
        assertTrue(refused.getMessage().startsWith("Could not fetch " + url + " (ConnectException"), refused.getMessage());
        assertFalse(refused.getMessage().contains("\n"));
    }

    @Test
    void aPathIsDecodedAndAMissingOneSaysSo() throws IOException {
        ImageInput input = ImageInput.resolve(Fixtures.image("chelsea").toString(), variables(Map.of()), 224);
        assertEquals("chelsea.png", input.name());
        String missing = Fixtures.images().resolve("nope.png").toString();
        assertEquals("The file " + missing + " does not exist; check the path, or pass black, an http(s) URL or a"
                + " BufferedImage variable.", assertThrows(MagicException.class,
                () -> ImageInput.resolve(missing, variables(Map.of()), 224)).getMessage());
    }
}
