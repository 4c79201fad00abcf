package dev.scope.notebooks;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What a visitor and Binder do, in a fresh copy of the repository (the files git tracks or would track, as
 * a clone has them, with no build output): binder/install.sh, as postBuild runs it, then ./scope demo with
 * no weights anywhere (the demo scope) and with the fixture weights in a Hugging Face cache under the real
 * repo names (the real path). Jupyter's folders and the hub cache are temporary; Maven's repository and
 * PyTorch's unpacked natives are the build's own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FreshCopyTest {
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    static final Pattern PNG = Pattern.compile("data:image/png;base64,");

    /** One folder for the whole class, made in {@link BeforeAll}. */
    Path tmp;
    Path copy;
    Command.Result install;

    @BeforeAll
    void copyTheRepositoryAndRunTheBinderInstallScript(@TempDir Path classTmp) throws Exception {
        tmp = classTmp;
        Command.requireJupyter();
        copy = Files.createDirectories(tmp.resolve("scope"));
        Command.Result files = new Command().in(Project.root()).timeout(Duration.ofMinutes(1))
                .run("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard");
        assertEquals(0, files.status(), files::describe);
        for (String name : files.stdout().split("\0")) {
            Path from = Project.root().resolve(name);
            if (name.isEmpty() || !Files.isRegularFile(from)) {
                continue; // deleted in the working tree but still in the index
            }
            Path to = copy.resolve(name);
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
        assertFalse(Files.exists(copy.resolve("magics/target")), "the copy has no build output");
        install = base().timeout(Duration.ofMinutes(15))
                .run("binder/install.sh", "--prefix", tmp.resolve("prefix").toString(), "--weights", "22");
        assertEquals(0, install.status(), install::describe);
    }

    /** Offline, an empty hub cache, Jupyter's user folders in the temporary folder. */
    Command base() {
        return new Command().in(copy).isolatedUnder(tmp);
    }

    @Test
    void theBinderInstallScriptBuildsAndInstallsTheKernelWhereJupyterFindsIt() throws Exception {
        assertTrue(install.stdout().contains("install.sh: done."), install::describe);
        assertTrue(Files.isRegularFile(copy.resolve("target/.scope-built")), "install.sh leaves the build for ./scope");
        assertTrue(install.stdout().contains("Wrote "), "the smoke forward ran: " + install.describe());
        assertTrue(install.stdout().contains("install.sh: the weights could not be fetched now; the first %scope load"
                + " will download them."), "offline, fetching the weights is skipped, not fatal: " + install.describe());
        Path kernel = tmp.resolve("prefix/share/jupyter/kernels/scope");
        assertTrue(Files.isRegularFile(kernel.resolve("kernel.json")), install::describe);
        try (var jars = Files.list(kernel.resolve("lib"))) {
            assertTrue(jars.anyMatch(j -> j.getFileName().toString().startsWith("scope-magics-")), "the magics are bundled");
        }
        Command.Result list = base().env("JUPYTER_PATH", tmp.resolve("prefix/share/jupyter").toString())
                .run("jupyter", "kernelspec", "list");
        assertEquals(0, list.status(), list::describe);
        assertTrue(list.stdout().lines().anyMatch(l -> l.strip().startsWith("scope ") && l.contains(kernel.toString())),
                list::describe);
    }

    @Test
    void scopeDemoWithoutWeightsRunsTheQuickstartOnTheDemoScopeAndSaysSo() throws Exception {
        Command.Result demo = base().timeout(Duration.ofMinutes(15)).run("./scope", "demo");
        assertEquals(0, demo.status(), demo::describe);
        List<String> lines = demo.stdout().lines().toList();
        assertTrue(lines.get(0).startsWith("scope demo: DEMO scope (random weights): the real weights are not cached and"
                + " Hugging Face cannot be reached"), demo::describe);
        assertEquals("Open the notebooks interactively with: ./scope notebook", lines.get(lines.size() - 1));

        String html = Files.readString(copy.resolve("out/quickstart.html"), StandardCharsets.UTF_8);
        int pngs = count(PNG, html);
        assertTrue(pngs >= 4, "out/quickstart.html holds " + pngs + " PNG images");
        assertTrue(lines.contains("scope demo: wrote out/quickstart.html (" + pngs + " plots)."), demo::describe);
        assertTrue(html.contains("<div id=\"scope-weights\" style=\"background:#fde68a"), "the DEMO banner is in the HTML");
        assertTrue(html.contains("Loaded the DEMO scope: random weights, for trying the magics only. (SCOPE_DEMO=1 is set"),
                "the notebook itself says DEMO");
        assertTrue(html.contains("latent shape (1, 4096)"), "the demo scope's shapes are printed");

        Command.Result list = base().run("jupyter", "kernelspec", "list");
        assertTrue(list.stdout().contains(tmp.resolve("jupyter-data/kernels/scope").toString()),
                "./scope demo installed the kernel for the user: " + list.describe());
    }

    @Test
    void scopeDemoWithTheWeightsCachedUsesThem() throws Exception {
        Path cache = tmp.resolve("seeded-hf-cache");
        seed(cache, "laion/CLIP-ViT-L-14-laion2B-s32B-b82K", copy.resolve("fixtures/tiny-clip"),
                List.of("config.json", "preprocessor_config.json", "tokenizer.json", "model.safetensors"));
        seed(cache, "lewington/CLIP-ViT-L-scope", copy.resolve("fixtures/tiny-scope"),
                List.of("2_resid/1000.pt", "5_resid/1000.pt"));
        Command.Result demo = base().env("HF_HUB_CACHE", cache.toString()).env("SCOPE_LAYERS", "5")
                .timeout(Duration.ofMinutes(15)).run("./scope", "demo");
        assertEquals(0, demo.status(), demo::describe);
        assertEquals("scope demo: Real weights: laion/CLIP-ViT-L-14-laion2B-s32B-b82K with SAEs lewington/CLIP-ViT-L-scope,"
                + " found locally.", demo.stdout().lines().findFirst().orElseThrow(), demo::describe);
        String html = Files.readString(copy.resolve("out/quickstart.html"), StandardCharsets.UTF_8);
        assertTrue(count(PNG, html) >= 4);
        assertTrue(html.contains("<div id=\"scope-weights\" style=\"background:#dcfce7"), "the real-weights banner");
        assertFalse(html.contains("DEMO — random weights") || html.contains("Loaded the DEMO scope"),
                "no DEMO marking with the (here: fixture) weights from the cache");
        assertTrue(html.contains("latent shape (1, 512)"), "the cached weights' shapes are printed");
    }

    static void seed(Path cache, String repo, Path from, List<String> files) throws IOException {
        Path folder = cache.resolve("models--" + repo.replace("/", "--"));
        Files.createDirectories(folder.resolve("refs"));
        Files.writeString(folder.resolve("refs/main"), COMMIT);
        for (String file : files) {
            Path pointer = folder.resolve("snapshots").resolve(COMMIT).resolve(file);
            Files.createDirectories(pointer.getParent());
            Files.copy(from.resolve(file), pointer);
        }
    }

    static int count(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
