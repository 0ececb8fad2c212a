package org.fr.gallery;

/**
 * IEEE 754 binary16 ("half") conversions for Java 17, which lacks {@code Float.floatToFloat16} (Java 20). Rounds to
 * nearest, ties to even; handles subnormals, infinities and NaN. Stateless and thread-safe.
 */
final class Half {
    /** The smallest positive normal half, 2^-14. */
    static final float MIN_NORMAL = 0x1p-14f;

    private Half() {}

    /** The half nearest to {@code f} (ties to even), as its 16 bits. */
    static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7fffffff;
        if (abs >= 0x7f800000) { // infinity or NaN (keep a quiet NaN's top payload bits)
            return (short) (sign | 0x7c00 | (abs > 0x7f800000 ? 0x200 | ((abs >>> 13) & 0x3ff) : 0));
        }
        if (abs >= 0x477ff000) return (short) (sign | 0x7c00); // >= 65520 rounds to infinity
        if (abs >= 0x38800000) { // normal half: re-bias the exponent (127 -> 15), round 23 -> 10 mantissa bits
            int v = abs - (112 << 23);
            v += 0xfff + ((v >>> 13) & 1);
            return (short) (sign | (v >>> 13));
        }
        if (abs >= 0x33000000) { // half subnormal: a count of 2^-24 units, rounded half to even
            int exponent = abs >>> 23;
            int mantissa = (abs & 0x7fffff) | 0x800000;
            int shift = 126 - exponent; // value / 2^-24 = mantissa * 2^(exponent - 126)
            int q = mantissa >>> shift;
            int rem = mantissa & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (rem > halfway || (rem == halfway && (q & 1) == 1)) q++;
            return (short) (sign | q); // q may round up to 0x400, the smallest normal: still the right bits
        }
        return (short) sign; // below 2^-25: signed zero
    }

    /** The float value of a half's 16 bits (exact: every half is a float). */
    static float toFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        if ((bits & 0x7c00) == 0x7c00) return Float.intBitsToFloat(sign | 0x7f800000 | ((bits & 0x3ff) << 13));
        // Place exponent and mantissa in the float's fields, then scale by 2^(127 - 15): exact for normals,
        // subnormals (which become float subnormals before the scaling) and zero.
        return Float.intBitsToFloat(sign | ((bits & 0x7fff) << 13)) * 0x1p112f;
    }

    /**
     * The half's value times 2^-112, by bit placement only (no multiplication): the scan multiplies it by a probe
     * pre-scaled by 2^112. Valid for finite halves.
     */
    static float toFloatScaledDown(short h) {
        int bits = h;
        return Float.intBitsToFloat(((bits & 0x8000) << 16) | ((bits & 0x7fff) << 13));
    }
}
