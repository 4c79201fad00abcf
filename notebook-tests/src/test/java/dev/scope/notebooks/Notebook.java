package dev.scope.notebooks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** An .ipynb file read as JSON: its code cells and what they output. */
final class Notebook {

    /** One output of one code cell. */
    record Output(int cell, String type, String streamName, String text, JsonObject data) {
        boolean isPng() {
            return data != null && data.has("image/png");
        }
    }

    private final JsonObject json;

    private Notebook(JsonObject json) {
        this.json = json;
    }

    static Notebook read(Path file) throws IOException {
        return new Notebook(JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject());
    }

    String kernelName() {
        return json.getAsJsonObject("metadata").getAsJsonObject("kernelspec").get("name").getAsString();
    }

    List<JsonObject> codeCells() {
        List<JsonObject> cells = new ArrayList<>();
        for (JsonElement cell : json.getAsJsonArray("cells")) {
            if (cell.getAsJsonObject().get("cell_type").getAsString().equals("code")) {
                cells.add(cell.getAsJsonObject());
            }
        }
        return cells;
    }

    List<Output> outputs() {
        List<Output> outputs = new ArrayList<>();
        JsonArray cells = json.getAsJsonArray("cells");
        for (int i = 0; i < cells.size(); i++) {
            JsonObject cell = cells.get(i).getAsJsonObject();
            if (!cell.has("outputs")) {
                continue;
            }
            for (JsonElement o : cell.getAsJsonArray("outputs")) {
                JsonObject out = o.getAsJsonObject();
                String type = out.get("output_type").getAsString();
                JsonObject data = out.has("data") ? out.getAsJsonObject("data") : null;
                String text = switch (type) {
                    case "stream" -> joined(out.get("text"));
                    case "error" -> out.get("ename").getAsString() + ": " + out.get("evalue").getAsString();
                    default -> data != null && data.has("text/plain") ? joined(data.get("text/plain")) : "";
                };
                outputs.add(new Output(i, type, out.has("name") ? out.get("name").getAsString() : null, text, data));
            }
        }
        return outputs;
    }

    /** Everything printed: stdout streams and the text/plain of results and displays. */
    String text() {
        StringBuilder all = new StringBuilder();
        for (Output o : outputs()) {
            all.append(o.text()).append('\n');
        }
        return all.toString();
    }

    /** The decoded PNGs, in order. */
    List<byte[]> pngs() {
        List<byte[]> pngs = new ArrayList<>();
        for (Output o : outputs()) {
            if (o.isPng()) {
                pngs.add(Base64.getMimeDecoder().decode(joined(o.data().get("image/png"))));
            }
        }
        return pngs;
    }

    private static String joined(JsonElement value) {
        if (value.isJsonArray()) {
            StringBuilder s = new StringBuilder();
            value.getAsJsonArray().forEach(e -> s.append(e.getAsString()));
            return s.toString();
        }
        return value.getAsString();
    }
}
