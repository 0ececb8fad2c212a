package org.fr.server;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.fr.InvalidImageException;
import org.fr.NoFaceException;
import org.fr.gallery.io.GalleryFileException;

/** Maps the SDK's exceptions to gRPC statuses with one-line descriptions. Stateless and thread-safe. */
final class Statuses {
    private Statuses() {}

    static StatusRuntimeException of(Throwable e) {
        if (e instanceof StatusRuntimeException s) return s;
        if (e instanceof io.grpc.StatusException s) return s.getStatus().asRuntimeException(s.getTrailers());
        Status status;
        if (e instanceof InvalidImageException || e instanceof NoFaceException || e instanceof IllegalArgumentException) {
            status = Status.INVALID_ARGUMENT;
        } else if (e instanceof GalleryFileException) {
            status = Status.INTERNAL;
        } else if (e instanceof OutOfMemoryError) {
            status = Status.RESOURCE_EXHAUSTED;
        } else {
            status = Status.INTERNAL;
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return status.withDescription(m.replace('\n', ' ')).withCause(e).asRuntimeException();
    }

    /**
     * Stops work whose caller has gone: the deadline passed ({@code DEADLINE_EXCEEDED}) or the call was cancelled.
     * Called between the expensive steps of a request.
     */
    static void checkAlive(String step) {
        Context c = Context.current();
        if (!c.isCancelled()) return;
        if (c.getDeadline() != null && c.getDeadline().isExpired()) {
            throw Status.DEADLINE_EXCEEDED.withDescription("deadline passed before " + step).asRuntimeException();
        }
        throw Status.CANCELLED.withDescription("call cancelled before " + step).asRuntimeException();
    }
}
