package org.fr.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.fr.ImageDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder of frames: name order, timestamps from the frame rate, a broken frame ends the stream as bad input. */
class FolderFrameSourceTest {
    @TempDir
    Path dir;

    private void png(String name, int t) throws IOException {
        ImageIO.write(ImageDecoder.toBufferedImage(H264RoundTripTest.pattern(t)), "png", dir.resolve(name).toFile());
    }

    @Test
    void readsFramesInNameOrderThenFailsOnABrokenOne() throws IOException {
        png("f002.png", 2);
        png("f000.png", 0);
        png("f001.png", 1);
        Files.writeString(dir.resolve("f003.png"), "not a png");
        png("f004.png", 4);
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        try (FrameSource src = VideoSources.open(dir.toString(), 10)) {
            assertThat(src.frameRate()).isEqualTo(10);
            for (int i = 0; i < 3; i++) {
                VideoFrame f = src.next();
                assertThat(f.index()).isEqualTo(i);
                assertThat(f.timestampMs()).isEqualTo(i * 100.0);
                assertThat(f.image().pixels()).isEqualTo(H264RoundTripTest.pattern(i).pixels());
            }
            assertThatThrownBy(src::next).isInstanceOf(VideoSourceException.class)
                    .hasMessageStartingWith(dir + ": frame 3 unreadable").matches(e -> ((VideoSourceException) e).badInput());
        }
    }

    @Test
    void aFolderWithoutFramesIsBadInput() {
        assertThatThrownBy(() -> VideoSources.open(dir.toString(), 25)).isInstanceOf(VideoSourceException.class)
                .hasMessageContaining("holds no .jpg");
    }
}
