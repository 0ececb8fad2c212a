package org.fr.image;

import java.io.IOException;
import java.util.Objects;

import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An {@link javax.imageio.stream.ImageInputStream} over a byte array, seekable, without the copy that
 * {@link javax.imageio.stream.MemoryCacheImageInputStream} makes of its input. Not thread-safe (no stream is);
 * the array is not copied and must not change while the stream is in use.
 */
public final class ByteArrayImageInputStream extends ImageInputStreamImpl {
    private final byte[] data;

    public ByteArrayImageInputStream(byte[] data) {
        this.data = Objects.requireNonNull(data, "data");
    }

    @Override
    public int read() throws IOException {
        checkClosed();
        bitOffset = 0;
        if (streamPos >= data.length) return -1;
        return data[(int) streamPos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        checkClosed();
        Objects.checkFromIndexSize(off, len, b.length);
        bitOffset = 0;
        if (len == 0) return 0;
        if (streamPos >= data.length) return -1;
        int n = (int) Math.min(len, data.length - streamPos);
        System.arraycopy(data, (int) streamPos, b, off, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        return data.length;
    }
}
