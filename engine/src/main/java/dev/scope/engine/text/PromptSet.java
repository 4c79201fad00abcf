package dev.scope.engine.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prompts to label images with. The default is ImageNet-1k's 1000 class names (a plain list written
 * for this project) in CLIP's "a photo of a {}." template; a text file gives one prompt a line.
 *
 * <pre>
 * jshell&gt; PromptSet.imagenet().prompts().get(1)   // "a photo of a goldfish."
 * </pre>
 */
public record PromptSet(String name, List<String> prompts) {
    /** CLIP's zero-shot template. */
    public static final String TEMPLATE = "a photo of a {}.";
    /** The most prompts a file may hold: each costs a text-tower pass. */
    public static final int MAX_PROMPTS = 10_000;
    private static final String IMAGENET = "imagenet-classes.txt";

    public PromptSet {
        prompts = List.copyOf(prompts);
    }

    public static PromptSet imagenet() {
        try (InputStream in = PromptSet.class.getResourceAsStream(IMAGENET)) {
            List<String> names = lines(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), IMAGENET);
            return new PromptSet("ImageNet-1k classes, \"" + TEMPLATE + "\"", names.stream().map(PromptSet::photoOf).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code a photo of a <label>.} */
    public static String photoOf(String label) {
        return TEMPLATE.replace("{}", label);
    }

    /** What a prompt names: {@code a photo of a tabby cat.} → {@code tabby cat}; other prompts as they are. */
    public static String labelOf(String prompt) {
        String head = TEMPLATE.substring(0, TEMPLATE.indexOf("{}"));
        String tail = TEMPLATE.substring(TEMPLATE.indexOf("{}") + 2);
        String p = prompt.strip();
        return p.startsWith(head) && p.endsWith(tail) && p.length() > head.length() + tail.length()
                ? p.substring(head.length(), p.length() - tail.length()) : p;
    }

    /** One prompt per non-blank line of a UTF-8 text file. */
    public static PromptSet read(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<String> prompts = lines(r, file.toString());
            if (prompts.isEmpty()) {
                throw new IllegalArgumentException("The prompt file " + file + " holds no prompts; write one prompt a line.");
            }
            return new PromptSet(file.getFileName().toString(), prompts);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("There is no prompt file " + file + "; pass a text file with one prompt a line.");
        }
    }

    private static List<String> lines(BufferedReader r, String source) throws IOException {
        List<String> out = new ArrayList<>();
        String line;
        while ((line = r.readLine()) != null) {
            if (!line.isBlank()) {
                if (out.size() == MAX_PROMPTS) {
                    throw new IllegalArgumentException(source + " holds more than " + MAX_PROMPTS
                            + " prompts; split it into smaller files.");
                }
                out.add(line.strip());
            }
        }
        return out;
    }
}
