package dev.scope.index;

import dev.scope.engine.image.ImageSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * How the index names an input and what it notes of its file: the absolute path (or the URL, or an in-memory
 * image's name), its size and modification time (UTC, to the microsecond DuckDB keeps); null where there is no
 * file or it cannot be read (reading it then says why).
 */
public record InputFile(String key, Long size, LocalDateTime mtime) {

    public static InputFile of(ImageSource source) {
        if (source instanceof ImageSource.File file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file.path(), BasicFileAttributes.class);
                return new InputFile(file.path().toString(), a.size(), LocalDateTime.ofInstant(a.lastModifiedTime()
                        .toInstant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
            } catch (IOException e) {
                return new InputFile(file.path().toString(), null, null);
            }
        }
        return new InputFile(source instanceof ImageSource.Url url ? url.url() : source.name(), null, null);
    }
}
