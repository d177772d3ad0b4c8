package io.unosynth.runtime.spi;

import java.util.Arrays;
import java.util.Locale;

/** Element types a model tensor can have, engine-neutral. The half-precision types are held as raw 16-bit patterns. */
public enum DataType {
    FLOAT32(4),
    FLOAT16(2),
    BFLOAT16(2),
    INT64(8),
    INT32(4),
    BOOL(1),
    UINT8(1);

    private final int byteSize;

    DataType(int byteSize) {
        this.byteSize = byteSize;
    }

    public int byteSize() {
        return byteSize;
    }

    public boolean isFloatingPoint() {
        return this == FLOAT32 || this == FLOAT16 || this == BFLOAT16;
    }

    /** The lower-case name used in messages and config ({@code float32}, {@code bfloat16}). */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DataType fromName(String name) {
        for (DataType type : values()) {
            if (type.displayName().equals(name.toLowerCase(Locale.ROOT))) {
                return type;
            }
        }
        throw new IllegalArgumentException("Invalid data type: " + name + "; expected one of "
                + Arrays.stream(values()).map(DataType::displayName).toList());
    }
}
