package io.github.pghba.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file system source reads what is there, however big, and fails as the C library would. */
class FileSystemSourceTest {
    @TempDir
    Path dir;

    private final FileSource fs = FileSource.filesystem();

    @Test
    void readsEveryByteOfFilesOfAnySize() throws Exception {
        Random rnd = new Random(7);
        for (int size : new int[] {0, 1, 681, 8191, 8192, 8193, 1 << 20}) {
            byte[] data = new byte[size];
            rnd.nextBytes(data);
            Path f = dir.resolve("f" + size);
            Files.write(f, data);
            assertThat(fs.read(f.toString())).as("size " + size).isEqualTo(data);
        }
    }

    @Test
    void readsFilesWhoseSizeIsUnknownToTheEnd() throws Exception {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return; // not Linux
        }
        // /proc files say size 0: they are read until the end
        assertThat(new String(fs.read(status.toString()), StandardCharsets.US_ASCII)).contains("Name:");
    }

    @Test
    void directoriesAndMissingFilesFailWithTheirErrno() {
        assertThatThrownBy(() -> fs.read(dir.toString())).isInstanceOf(FileSourceException.class)
                .extracting(e -> ((FileSourceException) e).errno()).isEqualTo(FileSourceException.Errno.EISDIR);
        assertThatThrownBy(() -> fs.read(dir.resolve("missing").toString())).isInstanceOf(FileSourceException.class)
                .extracting(e -> ((FileSourceException) e).errno()).isEqualTo(FileSourceException.Errno.ENOENT);
    }
}
