package io.unosynth.jobs.parquet;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * The Parquet layout of one record type: an ordered list of required, flat columns and how to read each from the
 * record. One instance per record type (e.g. {@code PlanRowColumns}); Spark, pyarrow and DuckDB read the files
 * with the same column names and types.
 */
public final class ParquetColumns<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A getter that crosses to executors. */
    public interface Getter<T, V> extends Serializable {
        V get(T record);
    }

    private enum Kind { STRING, INT32, INT64, DOUBLE, OPTIONAL_DOUBLE, BOOLEAN, BYTES }

    private record Column<T>(String name, Kind kind, Getter<T, ?> getter) implements Serializable {}

    private final String name;
    private final List<Column<T>> columns;

    private ParquetColumns(String name, List<Column<T>> columns) {
        this.name = name;
        this.columns = List.copyOf(columns);
    }

    public static <T> Builder<T> builder(String name) {
        return new Builder<>(name);
    }

    public MessageType schema() {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (Column<T> column : columns) {
            switch (column.kind()) {
                case STRING -> message.required(PrimitiveTypeName.BINARY)
                        .as(LogicalTypeAnnotation.stringType()).named(column.name());
                case INT32 -> message.required(PrimitiveTypeName.INT32).named(column.name());
                case INT64 -> message.required(PrimitiveTypeName.INT64).named(column.name());
                case DOUBLE -> message.required(PrimitiveTypeName.DOUBLE).named(column.name());
                case OPTIONAL_DOUBLE -> message.optional(PrimitiveTypeName.DOUBLE).named(column.name());
                case BOOLEAN -> message.required(PrimitiveTypeName.BOOLEAN).named(column.name());
                case BYTES -> message.required(PrimitiveTypeName.BINARY).named(column.name());
            }
        }
        return message.named(name);
    }

    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    void write(T record, RecordConsumer consumer) {
        consumer.startMessage();
        for (int i = 0; i < columns.size(); i++) {
            Column<T> column = columns.get(i);
            Object value = column.getter().get(record);
            if (value == null && column.kind() == Kind.OPTIONAL_DOUBLE) {
                continue;
            }
            requireNonNull(value, () -> "column " + column.name() + " is null");
            consumer.startField(column.name(), i);
            switch (column.kind()) {
                case STRING -> consumer.addBinary(Binary.fromString((String) value));
                case INT32 -> consumer.addInteger((Integer) value);
                case INT64 -> consumer.addLong((Long) value);
                case DOUBLE, OPTIONAL_DOUBLE -> consumer.addDouble((Double) value);
                case BOOLEAN -> consumer.addBoolean((Boolean) value);
                case BYTES -> consumer.addBinary(Binary.fromConstantByteArray((byte[]) value));
            }
            consumer.endField(column.name(), i);
        }
        consumer.endMessage();
    }

    public static final class Builder<T> {
        private final String name;
        private final List<Column<T>> columns = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder<T> string(String column, Getter<T, String> getter) {
            return add(column, Kind.STRING, getter);
        }

        public Builder<T> int32(String column, Getter<T, Integer> getter) {
            return add(column, Kind.INT32, getter);
        }

        public Builder<T> int64(String column, Getter<T, Long> getter) {
            return add(column, Kind.INT64, getter);
        }

        public Builder<T> float64(String column, Getter<T, Double> getter) {
            return add(column, Kind.DOUBLE, getter);
        }

        /** A nullable number: null is written as a missing value (e.g. the score of an unscored pair). */
        public Builder<T> optionalFloat64(String column, Getter<T, Double> getter) {
            return add(column, Kind.OPTIONAL_DOUBLE, getter);
        }

        public Builder<T> bool(String column, Getter<T, Boolean> getter) {
            return add(column, Kind.BOOLEAN, getter);
        }

        public Builder<T> bytes(String column, Getter<T, byte[]> getter) {
            return add(column, Kind.BYTES, getter);
        }

        public ParquetColumns<T> build() {
            return new ParquetColumns<>(name, columns);
        }

        private Builder<T> add(String column, Kind kind, Getter<T, ?> getter) {
            columns.add(new Column<>(column, kind, getter));
            return this;
        }
    }
}
