package dev.scope.engine.image;

import com.sun.net.httpserver.HttpServer;
import dev.scope.engine.Fixtures;
import dev.scope.engine.limits.Limit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.*;

/** Against a server on 127.0.0.1 that misbehaves on purpose; nothing leaves the machine. */
class ImageUrlTest {
    static HttpServer server;
    static ExecutorService handlers;
    static String base;

    @BeforeAll
    static void serve() throws IOException {
        byte[] png = Files.readAllBytes(Fixtures.image("gradient"));
        handlers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "misbehaving-server");
            t.setDaemon(true);
            return t;
        });
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.createContext("/ok.png", x -> {
            x.sendResponseHeaders(200, png.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(png);
            }
        });
        server.createContext("/missing.png", x -> { // an error page that never ends must not be read
            x.sendResponseHeaders(404, 0);
            endless(x.getResponseBody(), 0);
        });
        server.createContext("/endless.png", x -> {
            x.sendResponseHeaders(200, 0);
            endless(x.getResponseBody(), 0);
        });
        server.createContext("/declares-a-terabyte.png", x -> {
            x.sendResponseHeaders(200, 1_000_000_000_000L);
            endless(x.getResponseBody(), 0);
        });
        server.createContext("/trickle.png", x -> { // one byte every half second, for ever
            x.sendResponseHeaders(200, 0);
            endless(x.getResponseBody(), 500);
        });
        server.createContext("/silent.png", x -> {
            sleep(120_000);
            x.sendResponseHeaders(200, png.length);
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Writes until the client goes away: 64 KB at a time, or one byte per {@code pauseMs}. */
    private static void endless(OutputStream out, long pauseMs) {
        byte[] chunk = new byte[pauseMs > 0 ? 1 : 1 << 16];
        try (out) {
            for (int i = 0; i < 10_000_000; i++) {
                out.write(chunk);
                out.flush();
                sleep(pauseMs);
            }
        } catch (IOException clientLeft) {
            // what the test wants
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        handlers.shutdownNow();
    }

    @AfterEach
    void clear() {
        System.clearProperty(Limit.IMAGE_BYTES.property());
        System.clearProperty(Limit.URL_SECONDS.property());
    }

    @Test
    void fetchesAndDecodesAnImage() throws IOException {
        BufferedImage image = ImageUrl.read(base + "/ok.png");
        assertEquals(333, image.getWidth());
        assertEquals(187, image.getHeight());
        assertTrue(ImageUrl.isUrl(base + "/ok.png") && ImageUrl.isUrl("HTTPS://x.org/a.jpg"));
        assertFalse(ImageUrl.isUrl("file:///etc/passwd") || ImageUrl.isUrl("photos/http.png"));
    }

    @Test
    void anErrorStatusIsOneLineAndItsBodyIsNotRead() {
        var e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(ImageReadException.class, () -> ImageUrl.read(base + "/missing.png")));
        assertEquals("Fetching " + base + "/missing.png gave HTTP 404; check the address, or download the image and"
                + " pass its path.", e.getMessage());
    }

    @Test
    void anEndlessBodyStopsAtTheByteLimit() {
        System.setProperty(Limit.IMAGE_BYTES.property(), "1000000");
        var e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(ImageReadException.class, () -> ImageUrl.read(base + "/endless.png")));
        assertEquals("The URL " + base + "/endless.png sent a body larger than the limit of 1,000,000 bytes (imageBytes);"
                + " if you trust it, raise the limit with SCOPE_LIMIT_IMAGE_BYTES=N or -Dscope.limit.imageBytes=N.",
                e.getMessage());
    }

    @Test
    void aBodyAnnouncedOverTheLimitIsRefusedAtOnce() {
        var e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(ImageReadException.class, () -> ImageUrl.read(base + "/declares-a-terabyte.png")));
        assertTrue(e.getMessage().startsWith("The URL " + base + "/declares-a-terabyte.png announces a body of"
                + " 1,000,000,000,000 bytes, over the limit of 67,108,864 bytes (imageBytes)"), e.getMessage());
    }

    @Test
    void aTricklingBodyIsCutOffAtTheDeadlineOfTheWholeTransfer() {
        System.setProperty(Limit.URL_SECONDS.property(), "2");
        long start = System.nanoTime();
        var e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(ImageReadException.class, () -> ImageUrl.read(base + "/trickle.png")));
        assertEquals("Fetching " + base + "/trickle.png did not finish within the limit of 2 seconds (urlSeconds);"
                + " if you trust it, raise the limit with SCOPE_LIMIT_URL_SECONDS=N or -Dscope.limit.urlSeconds=N.",
                e.getMessage());
        assertTrue(System.nanoTime() - start >= 1_900_000_000L, "cut off before the deadline");
    }

    @Test
    void aServerThatNeverAnswersIsCutOffAtTheDeadline() {
        System.setProperty(Limit.URL_SECONDS.property(), "2");
        var e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(ImageReadException.class, () -> ImageUrl.read(base + "/silent.png")));
        assertTrue(e.getMessage().contains("did not finish within the limit of 2 seconds (urlSeconds)"), e.getMessage());
    }

    @Test
    void onlyHttpAndHttpsAreFetched() {
        var file = assertThrows(ImageReadException.class, () -> ImageUrl.read("file:///etc/passwd"));
        assertEquals("'file:///etc/passwd' is not an http or https URL; only those are fetched, so pass a file path"
                + " for anything else.", file.getMessage());
        var bad = assertThrows(ImageReadException.class, () -> ImageUrl.read("http://exa mple.org/a.png"));
        assertTrue(bad.getMessage().startsWith("'http://exa mple.org/a.png' is not a valid URL ("), bad.getMessage());
    }
}
