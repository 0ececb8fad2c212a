package org.fr.server;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.ByteString;
import org.fr.BoundingBox;
import org.fr.DetectedFace;
import org.fr.Embedding;
import org.fr.Landmarks;
import org.fr.Point;
import org.fr.server.v1.Box;
import org.fr.server.v1.Face;

/**
 * Converts between the SDK's values and the fr.v1 messages: faces, boxes, landmarks, and embeddings as packed
 * little-endian float32. Stateless and thread-safe; shared by the server and {@code FrClient}.
 */
public final class ProtoConversions {
    private ProtoConversions() {}

    public static Face face(DetectedFace f) {
        Face.Builder b = Face.newBuilder().setBox(box(f.box())).setScore(f.score());
        if (f.landmarks() != null) for (Point p : f.landmarks().points()) b.addLandmarks(point(p));
        return b.build();
    }

    public static DetectedFace face(Face f) {
        Box b = f.getBox();
        Landmarks l = f.getLandmarksCount() == 0 ? null : landmarks(f.getLandmarksList());
        return new DetectedFace(new BoundingBox(b.getX1(), b.getY1(), b.getX2(), b.getY2()), f.getScore(), l);
    }

    public static Box box(BoundingBox b) {
        return Box.newBuilder().setX1(b.x1()).setY1(b.y1()).setX2(b.x2()).setY2(b.y2()).build();
    }

    public static org.fr.server.v1.Point point(Point p) {
        return org.fr.server.v1.Point.newBuilder().setX(p.x()).setY(p.y()).build();
    }

    /**
     * @throws IllegalArgumentException unless there are exactly five points
     */
    public static Landmarks landmarks(List<org.fr.server.v1.Point> points) {
        if (points.size() != Landmarks.COUNT) {
            throw new IllegalArgumentException("expected " + Landmarks.COUNT + " landmarks (eyes, nose tip, mouth corners), got " + points.size());
        }
        List<Point> out = new ArrayList<>(points.size());
        for (org.fr.server.v1.Point p : points) out.add(new Point(p.getX(), p.getY()));
        return new Landmarks(out);
    }

    public static List<org.fr.server.v1.Point> points(Landmarks l) {
        List<org.fr.server.v1.Point> out = new ArrayList<>(Landmarks.COUNT);
        for (Point p : l.points()) out.add(point(p));
        return out;
    }

    /** The embedding as packed little-endian float32 with its model id and dimension. */
    public static org.fr.server.v1.Embedding embedding(Embedding e) {
        ByteBuffer b = ByteBuffer.allocate(4 * e.dimension()).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : e.values()) b.putFloat(v);
        return org.fr.server.v1.Embedding.newBuilder().setModelId(e.modelId()).setDimension(e.dimension())
                .setValues(ByteString.copyFrom(b.array())).build();
    }

    /**
     * Reads an embedding message, which must be of the given model and dimension and hold a unit vector.
     *
     * @param what names the embedding in messages, e.g. "probe"
     * @throws IllegalArgumentException naming {@code what} and the problem
     */
    public static Embedding embedding(org.fr.server.v1.Embedding m, String modelId, int dimension, String what) {
        if (!m.getModelId().isEmpty() && !m.getModelId().equals(modelId)) {
            throw new IllegalArgumentException(what + ": embedding of model " + m.getModelId() + ", expected " + modelId);
        }
        if (m.getDimension() != dimension) {
            throw new IllegalArgumentException(what + ": embedding of dimension " + m.getDimension() + ", expected "
                    + dimension + " (model " + modelId + ")");
        }
        if (m.getValues().size() != 4 * dimension) {
            throw new IllegalArgumentException(what + ": embedding holds " + m.getValues().size() + " bytes, expected "
                    + 4 * dimension + " (dimension " + dimension + " as little-endian float32)");
        }
        return Embedding.ofUnitVector(modelId, floats(m));
    }

    /** The message's vector, unchecked, with its own model id. */
    public static Embedding embedding(org.fr.server.v1.Embedding m) {
        if (m.getValues().size() != 4 * m.getDimension()) {
            throw new IllegalArgumentException("embedding holds " + m.getValues().size() + " bytes for dimension " + m.getDimension());
        }
        return Embedding.ofUnitVector(m.getModelId(), floats(m));
    }

    private static float[] floats(org.fr.server.v1.Embedding m) {
        ByteBuffer b = m.getValues().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[m.getValues().size() / 4];
        for (int i = 0; i < v.length; i++) v[i] = b.getFloat();
        return v;
    }
}
