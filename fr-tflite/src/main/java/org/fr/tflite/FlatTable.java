package org.fr.tflite;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One table of a FlatBuffers buffer, read field by field through its vtable: the minimal reader the TFLite
 * importer needs (scalars, strings, vectors of scalars and of tables, nested tables). Field numbers are the
 * order of declaration in the schema, from 0. Bounds are checked by the {@link ByteBuffer}; a truncated or
 * corrupt file surfaces as an {@link IndexOutOfBoundsException} that the importer turns into a model error.
 *
 * <p>Immutable view over a shared read-only buffer; thread-safe.
 */
final class FlatTable {
    private final ByteBuffer buf;
    private final int pos;
    private final int vtable;
    private final int vtableSize;

    private FlatTable(ByteBuffer buf, int pos) {
        this.buf = buf;
        this.pos = pos;
        this.vtable = pos - buf.getInt(pos);
        this.vtableSize = Short.toUnsignedInt(buf.getShort(vtable));
    }

    /** The root table of a FlatBuffers file. */
    static FlatTable root(ByteBuffer bytes) {
        ByteBuffer buf = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        return new FlatTable(buf, buf.getInt(0));
    }

    /** The absolute position of field {@code field}'s value, or 0 when the field is absent. */
    private int offset(int field) {
        int slot = 4 + 2 * field;
        if (slot >= vtableSize) return 0;
        int rel = Short.toUnsignedInt(buf.getShort(vtable + slot));
        return rel == 0 ? 0 : pos + rel;
    }

    boolean has(int field) {
        return offset(field) != 0;
    }

    byte int8(int field, int dflt) {
        int o = offset(field);
        return o == 0 ? (byte) dflt : buf.get(o);
    }

    int uint8(int field, int dflt) {
        int o = offset(field);
        return o == 0 ? dflt : Byte.toUnsignedInt(buf.get(o));
    }

    boolean bool(int field) {
        return uint8(field, 0) != 0;
    }

    int int32(int field, int dflt) {
        int o = offset(field);
        return o == 0 ? dflt : buf.getInt(o);
    }

    long int64(int field, long dflt) {
        int o = offset(field);
        return o == 0 ? dflt : buf.getLong(o);
    }

    float float32(int field, float dflt) {
        int o = offset(field);
        return o == 0 ? dflt : buf.getFloat(o);
    }

    private int indirect(int at) {
        return at + buf.getInt(at);
    }

    /** A nested table, or {@code null} when absent. */
    FlatTable table(int field) {
        int o = offset(field);
        return o == 0 ? null : new FlatTable(buf, indirect(o));
    }

    String string(int field) {
        int o = offset(field);
        if (o == 0) return null;
        int start = indirect(o);
        int len = buf.getInt(start);
        byte[] b = new byte[len];
        buf.get(start + 4, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Number of elements of a vector field (0 when absent). */
    int vectorLength(int field) {
        int o = offset(field);
        return o == 0 ? 0 : buf.getInt(indirect(o));
    }

    /** Absolute position of a vector field's first element (after its length), or -1 when absent. */
    private int vectorStart(int field) {
        int o = offset(field);
        return o == 0 ? -1 : indirect(o) + 4;
    }

    int[] int32Vector(int field) {
        int n = vectorLength(field);
        int start = vectorStart(field);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = buf.getInt(start + 4 * i);
        return out;
    }

    float[] float32Vector(int field) {
        int n = vectorLength(field);
        int start = vectorStart(field);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = buf.getFloat(start + 4 * i);
        return out;
    }

    /** A byte vector as a little-endian view sharing the file's memory. */
    ByteBuffer byteVector(int field) {
        int n = vectorLength(field);
        if (n == 0) return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
        int start = vectorStart(field);
        return buf.slice(start, n).order(ByteOrder.LITTLE_ENDIAN);
    }

    FlatTable tableElement(int field, int index) {
        int at = vectorStart(field) + 4 * index;
        return new FlatTable(buf, indirect(at));
    }

    /** The whole buffer, for data stored outside the flatbuffer (TFLite buffers with an offset). */
    ByteBuffer file() {
        return buf;
    }
}
